import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for accounts, their roles, access tokens and sign-in attempts.
public struct AccountStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Serialises concurrent creations of the first administrator; the second finds the first's.
    func lockRoles(on connection: PostgresConnection) async throws {
        try await connection.query("LOCK TABLE account_roles IN EXCLUSIVE MODE", logger: logger)
    }

    public struct Credentials: Sendable {
        public let accountID: UUID
        /// Nil while the account is invited and its person has not chosen a password.
        public let passwordHash: String?
        public let disabled: Bool
    }

    public func credentials(email: String, on connection: PostgresConnection) async throws -> Credentials? {
        let rows = try await connection.query(
            "SELECT id, password_hash, disabled_at IS NOT NULL FROM accounts WHERE lower(email) = lower(\(email))",
            logger: logger
        )
        for try await (id, hash, disabled) in rows.decode((UUID, String?, Bool).self) {
            return Credentials(accountID: id, passwordHash: hash, disabled: disabled)
        }
        return nil
    }

    /// Records a sign-in attempt as failed before the password is checked, so that concurrent attempts see
    /// each other in `recentFailures` and cannot all slip under the limit; `markSucceeded` turns it around.
    public func beginAttempt(email: String, address: String, on connection: PostgresConnection) async throws -> Int64 {
        try await connection.query(
            """
            INSERT INTO sign_in_attempts (email, address, succeeded)
            VALUES (\(email), \(address), false) RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(Int64.self)
    }

    /// Removes an attempt that was refused before its password was checked.
    public func forgetAttempt(_ connection: PostgresConnection, id attempt: Int64) async throws {
        try await connection.query("DELETE FROM sign_in_attempts WHERE id = \(attempt)", logger: logger)
    }

    public func markSucceeded(attempt: Int64, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE sign_in_attempts SET succeeded = true WHERE id = \(attempt)", logger: logger
        )
    }

    /// Failed attempts since `since` other than `attempt`: for the e-mail (after its latest success) and for
    /// the client address, each with the times of the newest ones, as many as the limit.
    public func recentFailures(
        email: String, address: String, since: Date, excluding attempt: Int64, throttle: SignInThrottle,
        on connection: PostgresConnection
    ) async throws -> (email: SignInThrottle.Failures, address: SignInThrottle.Failures) {
        let rows = try await connection.query(
            """
            WITH last_success AS (
                SELECT coalesce(max(attempted_at), '-infinity'::timestamptz) AS at
                FROM sign_in_attempts WHERE email = \(email) AND succeeded
            )
            SELECT count(*) FILTER (WHERE email = \(email) AND attempted_at > (SELECT at FROM last_success)),
                   (array_agg(attempted_at ORDER BY attempted_at DESC)
                       FILTER (WHERE email = \(email) AND attempted_at > (SELECT at FROM last_success)))[1:\(throttle.maximumFailuresPerEmail)],
                   count(*) FILTER (WHERE address = \(address)),
                   (array_agg(attempted_at ORDER BY attempted_at DESC)
                       FILTER (WHERE address = \(address)))[1:1]
            FROM sign_in_attempts
            WHERE NOT succeeded AND attempted_at > \(since) AND id <> \(attempt)
              AND (email = \(email) OR address = \(address))
            """,
            logger: logger
        )
        for try await (emailCount, emailTimes, addressCount, addressTimes) in rows.decode((Int, [Date]?, Int, [Date]?).self) {
            return (.init(count: emailCount, newestFirst: emailTimes ?? []),
                    .init(count: addressCount, newestFirst: addressTimes ?? []))
        }
        return (.init(count: 0, newestFirst: []), .init(count: 0, newestFirst: []))
    }

    public func insertToken(
        hash: [UInt8], accountID: UUID, expiresAt: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO access_tokens (token_hash, account_id, expires_at)
            VALUES (\(ByteBuffer(bytes: hash)), \(accountID), \(expiresAt))
            """,
            logger: logger
        )
    }

    /// Revokes the token; true if it was live.
    public func revokeToken(hash: [UInt8], on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE access_tokens SET revoked_at = now()
            WHERE token_hash = \(ByteBuffer(bytes: hash)) AND revoked_at IS NULL AND expires_at > now()
            RETURNING account_id
            """,
            logger: logger
        )
        return try await rows.collect().count == 1
    }

    public func revokeAllTokens(accountID: UUID, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE access_tokens SET revoked_at = now() WHERE account_id = \(accountID) AND revoked_at IS NULL",
            logger: logger
        )
    }

    /// A live token's caller and when the token expires.
    public struct LiveToken: Sendable {
        public let caller: Caller
        public let expiresAt: Date
    }

    /// The caller a live token belongs to, with roles and organisation, in one query — prepared, as every signed-in
    /// request asks it: planned once per connection rather than on every request.
    public func caller(tokenHash: [UInt8], on connection: PostgresConnection) async throws -> LiveToken? {
        try await connection.prepared(CallerByToken(tokenHash: tokenHash), logger: logger).first
    }

    /// The tables a token's caller is read from: a change to any of them may change or end a caller.
    public static let callerTables = ["access_tokens", "accounts", "account_roles", "people"]

    struct CallerByToken: PostgresPreparedStatement {
        static let name = "pilnveide:caller-by-token"
        static let sql = """
            SELECT a.id, a.person_id, a.email, p.organisation_id,
                   coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}'), t.expires_at
            FROM access_tokens t
            JOIN accounts a ON a.id = t.account_id
            JOIN people p ON p.id = a.person_id
            LEFT JOIN account_roles r ON r.account_id = a.id
            WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()
              AND a.disabled_at IS NULL
            GROUP BY a.id, p.organisation_id, t.expires_at
            """
        static let bindingDataTypes: [PostgresDataType] = [.bytea]

        let tokenHash: [UInt8]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(ByteBuffer(bytes: tokenHash))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> LiveToken {
            let (id, personID, email, organisationID, roles, expiresAt) = try row.decode((UUID, UUID, String, UUID?, [String], Date).self)
            return LiveToken(caller: Caller(accountID: id, personID: personID, email: email, roles: Set(roles.compactMap(Role.init(rawValue:))),
                                            organisationID: organisationID), expiresAt: expiresAt)
        }
    }

    public func caller(accountID: UUID, on connection: PostgresConnection) async throws -> Caller? {
        let rows = try await connection.query(
            """
            SELECT a.id, a.person_id, a.email, p.organisation_id,
                   coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
            FROM accounts a
            JOIN people p ON p.id = a.person_id
            LEFT JOIN account_roles r ON r.account_id = a.id
            WHERE a.id = \(accountID)
            GROUP BY a.id, p.organisation_id
            """,
            logger: logger
        )
        return try await Self.decodeCaller(rows)
    }

    /// Inserts an account with its roles (and participant); `passwordHash` nil for one invited to choose its password.
    public func insertAccount(
        personID: UUID, email: String, passwordHash: String?, roles: Set<Role>, on connection: PostgresConnection
    ) async throws -> UUID {
        let rows = try await connection.query(
            """
            INSERT INTO accounts (person_id, email, password_hash)
            VALUES (\(personID), \(email), \(passwordHash)) RETURNING id
            """,
            logger: logger
        )
        let accountID = try await rows.collect()[0].decode(UUID.self)
        let roleNames = roles.union([.participant]).map(\.rawValue).sorted()
        try await connection.query(
            "INSERT INTO account_roles (account_id, role) SELECT \(accountID), unnest(\(roleNames)::text[])",
            logger: logger
        )
        return accountID
    }

    /// Sets a new password hash; nil when no account has that e-mail.
    public func setPassword(email: String, passwordHash: String, on connection: PostgresConnection) async throws -> UUID? {
        let rows = try await connection.query(
            """
            UPDATE accounts SET password_hash = \(passwordHash), password_changed_at = now()
            WHERE lower(email) = lower(\(email)) RETURNING id
            """,
            logger: logger
        )
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    public func hasAccount(withRole role: Role, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM account_roles WHERE role = \(role.rawValue))",
            logger: logger
        )
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    private static func decodeCaller(_ rows: PostgresRowSequence) async throws -> Caller? {
        for try await (id, personID, email, organisationID, roles) in rows.decode(
            (UUID, UUID, String, UUID?, [String]).self
        ) {
            return Caller(
                accountID: id, personID: personID, email: email,
                roles: Set(roles.compactMap(Role.init(rawValue:))), organisationID: organisationID
            )
        }
        return nil
    }
}
