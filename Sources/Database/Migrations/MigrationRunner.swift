import Foundation
import Logging
import PostgresNIO

/// A migration recorded in the database.
public struct AppliedMigration: Sendable, Equatable {
    public let version: Int
    public let fileName: String
    public let checksum: String
    public let appliedAt: Date
}

/// Applied and pending migrations, compared with the files.
public struct MigrationStatus: Sendable {
    public let applied: [AppliedMigration]
    public let pending: [Migration]
    /// Edited or unknown applied migrations: the schema cannot be trusted until they are resolved.
    public let problems: [MigrationError]

    public var isCurrent: Bool { pending.isEmpty && problems.isEmpty }
}

/// Applies `Migrations/*.sql` in version order, each in its own transaction, recorded with its checksum.
///
/// Two processes migrating at once are serialised by a transaction-level advisory lock, and each migration
/// checks again under that lock whether another process applied it meanwhile, so nothing is applied twice.
public struct MigrationRunner: Sendable {
    /// Arbitrary but fixed: the advisory lock key all Pilnveide migrators agree on.
    static let lockKey: Int64 = 0x5069_6C6E_7665_6964  // "Pilnveid"

    public let database: Database
    public let migrations: [Migration]

    public init(database: Database, migrations: [Migration]) {
        self.database = database
        self.migrations = migrations
    }

    /// Applies what is pending; returns the migrations this call applied.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        // Refuse before changing anything when an applied file was edited or is missing.
        let status = try await status()
        if let problem = status.problems.first { throw problem }

        var appliedNow: [Migration] = []
        for migration in status.pending {
            let applied = try await database.transaction { connection in
                try await lockAndPrepare(connection)
                let existing = try await connection.query(
                    "SELECT checksum FROM schema_migrations WHERE version = \(migration.version)",
                    logger: database.logger
                ).collect()
                if let row = existing.first {
                    // Another process applied it while we waited for the lock.
                    guard try row.decode(String.self) == migration.checksum else {
                        throw MigrationError.modifiedAfterApplying(fileName: migration.fileName)
                    }
                    return false
                }
                for (number, statement) in SQLStatements.split(migration.sql).enumerated() {
                    do {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                    } catch {
                        let reason = (error as? PSQLError)?.serverInfo?[.message] ?? String(describing: error)
                        throw MigrationError.failed(fileName: migration.fileName, statement: number + 1, reason: reason)
                    }
                }
                try await connection.query(
                    """
                    INSERT INTO schema_migrations (version, file_name, checksum)
                    VALUES (\(migration.version), \(migration.fileName), \(migration.checksum))
                    """,
                    logger: database.logger
                )
                return true
            }
            if applied {
                database.logger.info("applied migration", metadata: ["migration": "\(migration.fileName)"])
                appliedNow.append(migration)
            }
        }
        return appliedNow
    }

    /// Applied and pending migrations. Read-only and lock-free, so `/ready` can ask it at any time, also
    /// while another process migrates and with a role that may not create tables.
    public func status() async throws -> MigrationStatus {
        let applied = try await database.withConnection { connection in
            var applied: [AppliedMigration] = []
            let table = try await connection.query(
                "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: database.logger
            ).collect()[0].decode(Bool.self)
            guard table else { return applied }
            let rows = try await connection.query(
                "SELECT version, file_name, checksum, applied_at FROM schema_migrations ORDER BY version",
                logger: database.logger
            )
            for try await (version, fileName, checksum, appliedAt) in rows.decode((Int, String, String, Date).self) {
                applied.append(.init(version: version, fileName: fileName, checksum: checksum, appliedAt: appliedAt))
            }
            return applied
        }
        let files = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        var problems: [MigrationError] = []
        for record in applied {
            if let file = files[record.version] {
                if file.checksum != record.checksum { problems.append(.modifiedAfterApplying(fileName: file.fileName)) }
            } else {
                problems.append(.unknownApplied(version: record.version, fileName: record.fileName))
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        let pending = migrations.filter { !appliedVersions.contains($0.version) }
        return MigrationStatus(applied: applied, pending: pending, problems: problems)
    }

    /// Throws unless every migration is applied unchanged; the API server calls this before serving.
    public func verifyCurrent() async throws {
        let status = try await status()
        if let problem = status.problems.first { throw problem }
        if !status.pending.isEmpty { throw MigrationError.schemaBehind(pending: status.pending.map(\.fileName)) }
    }

    private func lockAndPrepare(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: database.logger)
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                file_name   text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: database.logger
        )
    }
}
