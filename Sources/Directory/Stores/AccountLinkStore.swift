import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for one-time links to set a password (migration 0019).
public struct AccountLinkStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Records a new link, revoking the account's links still open: only the newest one sent works.
    public func insert(
        accountID: UUID, purpose: OneTimeLink.Purpose, hash: [UInt8], expiresAt: Date, on connection: PostgresConnection
    ) async throws -> UUID {
        try await revokeOpen(accountID: accountID, on: connection)
        return try await connection.query(
            """
            INSERT INTO account_links (account_id, purpose, secret_hash, expires_at)
            VALUES (\(accountID), \(purpose.rawValue), \(ByteBuffer(bytes: hash)), \(expiresAt)) RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
    }

    /// The link with this secret's hash if it is still open and its account enabled; nothing is changed.
    public func open(hash: [UInt8], on connection: PostgresConnection) async throws -> OpenLink? {
        let rows = try await connection.query(
            """
            SELECT l.id, l.account_id, l.purpose, a.email, l.expires_at
            FROM account_links l JOIN accounts a ON a.id = l.account_id
            WHERE l.secret_hash = \(ByteBuffer(bytes: hash)) AND l.used_at IS NULL AND l.revoked_at IS NULL
              AND l.expires_at > now() AND a.disabled_at IS NULL
            """,
            logger: logger
        )
        for try await (id, account, purpose, email, expires) in rows.decode((UUID, UUID, String, String, Date).self) {
            guard let purpose = OneTimeLink.Purpose(rawValue: purpose) else { return nil }
            return OpenLink(id: id, accountID: account, purpose: purpose, email: email, expiresAt: expires)
        }
        return nil
    }

    /// Uses the link: one conditional UPDATE, so of two uses at once only one finds it open. Nil when it is not open.
    public func take(hash: [UInt8], on connection: PostgresConnection) async throws -> OpenLink? {
        let rows = try await connection.query(
            """
            UPDATE account_links l SET used_at = now()
            FROM accounts a
            WHERE a.id = l.account_id AND l.secret_hash = \(ByteBuffer(bytes: hash)) AND l.used_at IS NULL
              AND l.revoked_at IS NULL AND l.expires_at > now() AND a.disabled_at IS NULL
            RETURNING l.id, l.account_id, l.purpose, a.email, l.expires_at
            """,
            logger: logger
        )
        for try await (id, account, purpose, email, expires) in rows.decode((UUID, UUID, String, String, Date).self) {
            guard let purpose = OneTimeLink.Purpose(rawValue: purpose) else { return nil }
            return OpenLink(id: id, accountID: account, purpose: purpose, email: email, expiresAt: expires)
        }
        return nil
    }

    /// Revokes the account's links still open.
    public func revokeOpen(accountID: UUID, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE account_links SET revoked_at = now()
            WHERE account_id = \(accountID) AND used_at IS NULL AND revoked_at IS NULL
            """,
            logger: logger
        )
    }
}
