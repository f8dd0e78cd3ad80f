import Crypto
import Foundation

/// An opaque bearer token: 256 random bits, handed to the client once. The database keeps only its SHA-256,
/// so reading the tokens table does not let anyone sign in.
public struct AccessToken: Sendable {
    public let value: String

    public static func generate() -> AccessToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return AccessToken(value: Data(bytes).base64URLEncoded())
    }

    public var hash: [UInt8] { Self.hash(of: value) }

    public static func hash(of presented: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(presented.utf8)))
    }
}

extension Data {
    func base64URLEncoded() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
