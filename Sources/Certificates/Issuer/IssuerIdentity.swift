import Foundation

/// Who the credentials name as their issuer: a `did:web` and the public address their status lists and
/// verification links are under. The first certificate signed fixes it in the database; from then on every process
/// issues under it or not at all, and verification and the DID document use it whatever address a process serves.
public struct IssuerIdentity: Sendable, Equatable, CustomStringConvertible {
    public let did: String
    public let publicURL: String

    public init(did: String, publicURL: String) {
        self.did = did
        self.publicURL = publicURL
    }

    /// The identity a profile gives (from `PILNVEIDE_PUBLIC_URL`, or without it the host and port served on).
    public init(_ profile: IssuerProfile) {
        self.init(did: profile.did, publicURL: profile.publicURL)
    }

    public var description: String { "\(did) (\(publicURL))" }
}

/// A process configured for another identity than the one the database's certificates are issued under: it refuses
/// to issue, in one line saying what to set.
public struct IssuerIdentityMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    public let recorded: IssuerIdentity
    public let configured: IssuerIdentity

    public init(recorded: IssuerIdentity, configured: IssuerIdentity) {
        self.recorded = recorded
        self.configured = configured
    }

    public var description: String {
        "refusing to issue as \(configured.did): this database's certificates are issued as \(recorded.did); "
            + "set PILNVEIDE_PUBLIC_URL=\(recorded.publicURL) (this process's public address is \(configured.publicURL))"
    }

    /// The mismatch between what a process is configured as and what the database recorded, if any.
    public static func check(configured: IssuerIdentity, recorded: IssuerIdentity) -> IssuerIdentityMismatch? {
        configured == recorded ? nil : IssuerIdentityMismatch(recorded: recorded, configured: configured)
    }
}
