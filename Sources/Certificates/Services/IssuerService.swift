import Core
import Credentials
import Crypto
import Database
import Foundation
import PostgresNIO

/// The issuer as every process sees it alike: its identity and public keys from the database, the secret halves from
/// this process's key folder. Signing uses only a key the database publishes, under the recorded identity; the DID
/// document and verification use every published key, refreshed when the change feed says a key was published (and
/// read again when a credential names a key not among those kept).
public struct IssuerService: Sendable {
    let database: Database
    let store: IssuerStore
    let secrets: SecretKeyFolder
    /// This process's own idea of the issuer (its settings): the name, the number prefix, and the address it would
    /// issue under.
    public let configured: IssuerProfile
    let published: CachedReads<Int, PublishedIssuer>

    public init(database: Database, store: IssuerStore, secrets: SecretKeyFolder, configured: IssuerProfile) {
        self.database = database
        self.store = store
        self.secrets = secrets
        self.configured = configured
        published = CachedReads(changes: database.changes, tables: ["issuer_keys", "issuer_identity"], capacity: 1)
    }

    /// A key that signs now, and the identity it signs as.
    struct Signer: Sendable {
        let key: IssuerKeys.Key
        let profile: IssuerProfile
        /// Whether the identity is the database's; a status list signed under a configured one is not kept.
        let recorded: Bool

        func sign(_ document: JSONObject, created: String) throws -> JSONObject {
            try key.sign(document, did: profile.did, created: created)
        }
    }

    // MARK: Reading

    /// What the database publishes, from this process's copy while the change feed says it is current.
    public func current() async throws -> PublishedIssuer {
        try await published.value(for: 0) { try await database.withConnection { try await store.published(on: $0) } }!
    }

    /// The profile credentials are read and documents signed under: the recorded address when there is one.
    public func profile(of issuer: PublishedIssuer) -> IssuerProfile {
        guard let identity = issuer.identity else { return configured }
        return IssuerProfile(name: configured.name, numberPrefix: configured.numberPrefix, publicURL: identity.publicURL)
    }

    /// The DID document: every key ever published, each under `assertionMethod`, retired ones included (old
    /// credentials verify against them).
    public func document() async throws -> (contexts: [String], id: String, methods: [(id: String, publicKeyMultibase: String)]) {
        let issuer = try await current()
        let did = profile(of: issuer).did
        return (["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], did,
                issuer.keys.map { ("\(did)#\($0.id)", $0.publicKeyMultibase) })
    }

    /// The public key a verification method names, when it is one of this issuer's. A key id not among the copy's
    /// is looked up in the database, so a key published a moment ago verifies before its notification arrives.
    public func publicKey(verificationMethod: String) async throws -> Curve25519.Signing.PublicKey? {
        func find(_ issuer: PublishedIssuer) -> PublishedKey? {
            let did = profile(of: issuer).did
            guard verificationMethod.hasPrefix(did + "#") else { return nil }
            return issuer.key(id: String(verificationMethod.dropFirst(did.count + 1)))
        }
        var key = find(try await current())
        if key == nil { key = find(try await database.withConnection { try await store.published(on: $0) }) }
        return key.flatMap { try? Multikey.publicKey($0.publicKeyMultibase) }
    }

    // MARK: Signing

    /// Says now, before any work, why this process could not issue: another identity recorded, no key signing, or its
    /// secret not in the folder. The transaction that issues checks again (`signer(issuingAt:on:)`).
    public func checkCanIssue(now: Date = Date()) async throws {
        let issuer = try await current()
        if let recorded = issuer.identity, let mismatch = IssuerIdentityMismatch.check(configured: IssuerIdentity(configured), recorded: recorded) {
            throw mismatch
        }
        _ = try signingKey(among: issuer.keys, at: now)
    }

    /// The signer of a transaction that issues certificates: its first statements, before any other lock. The first
    /// certificate ever records this process's identity; after that a process configured otherwise is refused.
    func signer(issuingAt now: Date, on connection: PostgresConnection) async throws -> Signer {
        let mine = IssuerIdentity(configured)
        let recorded = try await store.recordIdentity(mine, now: now, on: connection)
        if let mismatch = IssuerIdentityMismatch.check(configured: mine, recorded: recorded) { throw mismatch }
        let issuer = try await store.published(on: connection)
        return Signer(key: try signingKey(among: issuer.keys, at: now), profile: configured, recorded: true)
    }

    /// The signer of a status list: under the recorded identity (whatever this process is configured as, since the
    /// list's address is in the credentials already), or the configured one while no certificate has fixed it.
    func signer(forStatusListAt now: Date, on connection: PostgresConnection) async throws -> Signer {
        let issuer = try await store.published(on: connection)
        return Signer(key: try signingKey(among: issuer.keys, at: now), profile: profile(of: issuer), recorded: issuer.identity != nil)
    }

    private func signingKey(among keys: [PublishedKey], at now: Date) throws -> IssuerKeys.Key {
        do {
            return try secrets.secret(for: try SigningKeyChoice.signer(among: keys, at: now).get())
        } catch let refusal as SigningKeyChoice.Refusal {
            throw ServiceError.unavailable(refusal.description)
        } catch let problem as IssuerKeys.Problem {
            throw ServiceError.unavailable("issuer keys: \(problem.description)")
        }
    }
}
