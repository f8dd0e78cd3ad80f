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

    /// `did:web` of the public address: the host (a port written `%3A`), then any path segments joined by `:`.
    public var did: String {
        guard let url = URL(string: publicURL), let host = url.host else { return "did:web:localhost" }
        var identifier = "did:web:" + host + (url.port.map { "%3A\($0)" } ?? "")
        for segment in url.path.split(separator: "/") { identifier += ":" + segment }
        return identifier
    }

    /// Where the DID document is served: `/.well-known/did.json` at the root, else `<path>/did.json`.
    public var didDocumentPath: String {
        let path = URL(string: publicURL)?.path ?? ""
        return path.isEmpty || path == "/" ? "/.well-known/did.json" : path + "/did.json"
    }

    public func statusListURL(_ id: Int) -> String { "\(publicURL)/v1/status-lists/\(id)" }
    public func verificationURL(code: String) -> String { "\(publicURL)/verify/\(code)" }
    public func achievementURL(scheme: String, version: Int) -> String { "\(publicURL)/v1/certification/schemes/\(scheme)/versions/\(version)" }
}
