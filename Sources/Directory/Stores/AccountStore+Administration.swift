import Core
import Database
import Foundation
import PostgresNIO

/// SQL for administering accounts: reading them, their roles, disabling, and passwords by account.
extension AccountStore {
    static let accountColumns = """
        a.id, a.person_id, a.email, coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}'),
        a.password_hash IS NOT NULL, a.created_at, a.disabled_at, a.password_changed_at
        """

    public func accounts(_ filter: AccountFilter, page: PageRequest, on connection: PostgresConnection) async throws -> (items: [Account], total: Int) {
        let pattern = likePattern(filter.text)
        let status = filter.status?.rawValue
        let role = filter.role?.rawValue
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.accountColumns), count(*) OVER ()
            FROM accounts a LEFT JOIN account_roles r ON r.account_id = a.id
            WHERE (\(pattern)::text IS NULL OR lower(a.email) LIKE \(pattern))
              AND (\(role)::text IS NULL OR EXISTS (SELECT 1 FROM account_roles x WHERE x.account_id = a.id AND x.role = \(role)))
              AND (\(status)::text IS NULL
                   OR (\(status) = 'disabled' AND a.disabled_at IS NOT NULL)
                   OR (\(status) = 'invited' AND a.disabled_at IS NULL AND a.password_hash IS NULL)
                   OR (\(status) = 'active' AND a.disabled_at IS NULL AND a.password_hash IS NOT NULL))
            GROUP BY a.id ORDER BY lower(a.email), a.id LIMIT \(page.limit) OFFSET \(page.offset)
            """,
            logger: logger
        )
        var items: [Account] = []
        var total = 0
        for try await (id, person, email, roles, hasPassword, created, disabled, changed, count) in rows.decode(
            (UUID, UUID, String, [String], Bool, Date, Date?, Date, Int).self
        ) {
            items.append(Self.account(id, person, email, roles, hasPassword, created, disabled, changed))
            total = count
        }
        return (items, total)
    }

    /// One account; `forUpdate` locks its row for the rest of the transaction.
    public func account(id: UUID, forUpdate: Bool = false, on connection: PostgresConnection) async throws -> Account? {
        if forUpdate {
            try await connection.query("SELECT 1 FROM accounts WHERE id = \(id) FOR NO KEY UPDATE", logger: logger)
        }
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.accountColumns)
            FROM accounts a LEFT JOIN account_roles r ON r.account_id = a.id
            WHERE a.id = \(id) GROUP BY a.id
            """,
            logger: logger
        )
        for try await (id, person, email, roles, hasPassword, created, disabled, changed) in rows.decode(
            (UUID, UUID, String, [String], Bool, Date, Date?, Date).self
        ) {
            return Self.account(id, person, email, roles, hasPassword, created, disabled, changed)
        }
        return nil
    }

    static func account(
        _ id: UUID, _ person: UUID, _ email: String, _ roles: [String], _ hasPassword: Bool, _ created: Date, _ disabled: Date?, _ changed: Date
    ) -> Account {
        Account(
            id: id, personID: person, email: email, roles: Set(roles.compactMap(Role.init(rawValue:))).union([.participant]),
            status: disabled != nil ? .disabled : hasPassword ? .active : .invited,
            createdAt: created, disabledAt: disabled, passwordChangedAt: hasPassword ? changed : nil
        )
    }

    /// Replaces an account's roles (participant stays).
    public func setRoles(accountID: UUID, roles: Set<Role>, on connection: PostgresConnection) async throws {
        let names = roles.union([.participant]).map(\.rawValue).sorted()
        try await connection.query(
            "DELETE FROM account_roles WHERE account_id = \(accountID) AND NOT (role = ANY(\(names)::text[]))", logger: logger
        )
        try await connection.query(
            """
            INSERT INTO account_roles (account_id, role) SELECT \(accountID), unnest(\(names)::text[])
            ON CONFLICT (account_id, role) DO NOTHING
            """,
            logger: logger
        )
    }

    /// Disables or enables an account; true if that changed anything.
    public func setDisabled(accountID: UUID, _ disabled: Bool, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query(
            """
            UPDATE accounts SET disabled_at = CASE WHEN \(disabled) THEN now() ELSE NULL END
            WHERE id = \(accountID) AND (disabled_at IS NOT NULL) <> \(disabled) RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    /// Enabled accounts holding the administrator role, other than `excluding`, locking the role's rows so two
    /// administrators cannot take the role from each other at once and leave none.
    public func otherActiveAdministrators(excluding accountID: UUID, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            """
            SELECT r.account_id FROM account_roles r JOIN accounts a ON a.id = r.account_id
            WHERE r.role = 'inspectorate_administrator' AND a.disabled_at IS NULL AND a.id <> \(accountID)
            FOR UPDATE OF r
            """,
            logger: logger
        ).collect().count
    }

    /// The account's password hash, nil while invited; nil also when there is no such account.
    public func passwordHash(accountID: UUID, on connection: PostgresConnection) async throws -> String? {
        for try await hash in try await connection.query(
            "SELECT password_hash FROM accounts WHERE id = \(accountID)", logger: logger
        ).decode(String?.self) { return hash }
        return nil
    }

    public func setPassword(accountID: UUID, passwordHash: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE accounts SET password_hash = \(passwordHash), password_changed_at = now() WHERE id = \(accountID)",
            logger: logger
        )
    }

    /// Revokes every live token of the account but the one whose hash is `keeping`.
    public func revokeOtherTokens(accountID: UUID, keeping hash: [UInt8], on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE access_tokens SET revoked_at = now()
            WHERE account_id = \(accountID) AND revoked_at IS NULL AND token_hash <> \(ByteBuffer(bytes: hash))
            """,
            logger: logger
        )
    }
}
