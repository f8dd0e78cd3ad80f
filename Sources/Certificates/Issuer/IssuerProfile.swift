import Foundation

/// Who issues certificates and where they are published: the name on them, the prefix of their numbers, and the
/// public address the verification links, status lists and the issuer's keys are served from.
public struct IssuerProfile: Sendable, Equatable {
    public var name: String
    public var numberPrefix: String
    /// e.g. `https://pilnveide.bac.gov.lv`, without a trailing slash.
    public var publicURL: String

    public init(name: String = "Bērnu aizsardzības centrs", numberPrefix: String = "BAC", publicURL: String = "http://127.0.0.1:8080") {
        self.name = name
        self.numberPrefix = numberPrefix
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// `did:web` of the public address: its host, a port written `%3A`. Its document is `/.well-known/did.json`.
    /// Chosen once: credentials name it for good, so changing the address later orphans them.
    public var did: String {
        guard let url = URL(string: publicURL), let host = url.host else { return "did:web:localhost" }
        return "did:web:" + host + (url.port.map { "%3A\($0)" } ?? "")
    }

    public func statusListURL(_ id: Int) -> String { "\(publicURL)/v1/status-lists/\(id)" }
    public func verificationURL(code: String) -> String { "\(publicURL)/verify/\(code)" }
    public func achievementURL(scheme: String, version: Int) -> String { "\(publicURL)/v1/certification/schemes/\(scheme)/versions/\(version)" }
}
