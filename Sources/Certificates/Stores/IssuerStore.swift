import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for the issuer's public keys and its identity (migration 0017). Rows are only ever added, and a key only
/// retired; the tables' triggers refuse anything else and tell every process of each change.
public struct IssuerStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// The recorded identity and every published key.
    func published(on connection: PostgresConnection) async throws -> PublishedIssuer {
        var keys: [PublishedKey] = []
        for try await (id, multibase, created, signsFrom, retired) in try await connection.query(
            "SELECT id, public_key_multibase, created_at, signs_from, retired_at FROM issuer_keys", logger: logger
        ).decode((String, String, Date, Date, Date?).self) {
            keys.append(PublishedKey(id: id, publicKeyMultibase: multibase, createdAt: created, signsFrom: signsFrom, retiredAt: retired))
        }
        return PublishedIssuer(identity: try await identity(on: connection), keys: keys)
    }

    func identity(on connection: PostgresConnection) async throws -> IssuerIdentity? {
        for try await (did, url) in try await connection.query("SELECT did, public_url FROM issuer_identity", logger: logger)
            .decode((String, String).self) {
            return IssuerIdentity(did: did, publicURL: url)
        }
        return nil
    }

    /// Records `identity` unless one is recorded, and returns the one that is. Two first issuers at once: the second
    /// waits for the first to commit, then finds its identity.
    func recordIdentity(_ identity: IssuerIdentity, now: Date, on connection: PostgresConnection) async throws -> IssuerIdentity {
        if let recorded = try await self.identity(on: connection) { return recorded }
        try await connection.query(
            """
            INSERT INTO issuer_identity (did, public_url, recorded_at) VALUES (\(identity.did), \(identity.publicURL), \(now))
            ON CONFLICT (singleton) DO NOTHING
            """,
            logger: logger
        )
        return try await self.identity(on: connection) ?? identity
    }

    /// Serialises publications: the first statement of every transaction that publishes or retires keys.
    func lockPublication(on connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('issuer-keys'))", logger: logger)
    }

    func insert(_ key: PublishedKey, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO issuer_keys (id, public_key_multibase, created_at, signs_from, retired_at)
            VALUES (\(key.id), \(key.publicKeyMultibase), \(key.createdAt), \(key.signsFrom), \(key.retiredAt))
            """,
            logger: logger
        )
    }

    /// Retires, at `moment`, every key not retired yet but `except`.
    func retireAll(except id: String, at moment: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE issuer_keys SET retired_at = \(moment) WHERE retired_at IS NULL AND id <> \(id)", logger: logger
        )
    }
}
