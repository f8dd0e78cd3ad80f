import Foundation

/// A public key as the database publishes it: in the issuer's DID document for good, signing from `signsFrom` until
/// it is retired. Its secret half is in the key folder, never here.
public struct PublishedKey: Sendable, Equatable {
    /// The verification method's fragment, `key-N`; never given to another key.
    public let id: String
    public let publicKeyMultibase: String
    public let createdAt: Date
    public let signsFrom: Date
    public let retiredAt: Date?

    public init(id: String, publicKeyMultibase: String, createdAt: Date, signsFrom: Date, retiredAt: Date?) {
        self.id = id
        self.publicKeyMultibase = publicKeyMultibase
        self.createdAt = createdAt
        self.signsFrom = signsFrom
        self.retiredAt = retiredAt
    }

    /// The number in `key-N`.
    public var number: Int? { Int(id.dropFirst(4)) }

    /// Whether it may sign a document at `now`: from `signsFrom`, and not once retired.
    public func maySign(at now: Date) -> Bool { signsFrom <= now && (retiredAt.map { now < $0 } ?? true) }
}

/// What the database says about the issuer: who it is (once a certificate fixed it) and every key it publishes.
public struct PublishedIssuer: Sendable, Equatable {
    public let identity: IssuerIdentity?
    public let keys: [PublishedKey]

    public init(identity: IssuerIdentity?, keys: [PublishedKey]) {
        self.identity = identity
        self.keys = keys.sorted { ($0.number ?? 0) < ($1.number ?? 0) }
    }

    public func key(id: String) -> PublishedKey? { keys.first { $0.id == id } }
}
