import Crypto
import Foundation

/// A one-time link to set a password: 256 random bits, sent once in a message and never stored (the database keeps
/// its SHA-256), valid for `lifetime` and used at most once.
public struct OneTimeLink: Sendable {
    public enum Purpose: String, Sendable {
        /// Sent when an account is created, so its person chooses the first password.
        case invitation
        /// Sent on "forgot my password".
        case reset
    }

    /// How long a link stays valid: 72 hours for both kinds.
    public static let lifetime: Duration = .seconds(72 * 3600)

    /// The secret as it goes into the link.
    public let secret: String

    public static func generate() -> OneTimeLink { OneTimeLink(secret: AccessToken.generate().value) }

    public var hash: [UInt8] { Self.hash(of: secret) }

    public static func hash(of presented: String) -> [UInt8] { AccessToken.hash(of: presented) }

    /// Whether a presented text can be a link's secret at all (43 base64url characters), so nothing else is looked up.
    public static func isWellFormed(_ presented: String) -> Bool {
        presented.count == 43 && presented.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// The page that opens the link, under the platform's public address.
    public static func url(publicURL: String, secret: String) -> String {
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        return "\(base)/set-password?token=\(secret)"
    }
}

/// A link found by its secret, still open (not used, revoked or expired), with the account it sets a password for.
public struct OpenLink: Sendable, Equatable {
    public let id: UUID
    public let accountID: UUID
    public let purpose: OneTimeLink.Purpose
    public let email: String
    public let expiresAt: Date
}
