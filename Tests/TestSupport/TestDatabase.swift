import Crypto
import Database
import Foundation
import Logging
import PostgresNIO

/// Real PostgreSQL for tests: a template database migrated once per set of migration files, and a fresh copy
/// of it for each suite (`CREATE DATABASE ... TEMPLATE`), dropped when the suite ends.
///
/// The server comes from DATABASE_URL or the local cluster (`make test` starts it). Only a server on this
/// machine is accepted, so a stray DATABASE_URL can never point the tests at a real database.
public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "tests")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        return logger
    }()

    /// The repository's `Migrations/` folder, found from this file's location.
    public static let migrationsDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Migrations", isDirectory: true)

    /// The server's settings, with the maintenance database the tests create databases from.
    public static func serverSettings() throws -> DatabaseSettings {
        var settings = try DatabaseSettings.fromEnvironment(
            localDirectory: ProcessInfo.processInfo.environment["PILNVEIDE_LOCAL_DIR"]
                ?? migrationsDirectory.deletingLastPathComponent().appendingPathComponent(".local").path
        )
        // Every suite runs at once with a pool of its own (and an API server's): small pools keep them all
        // under the server's connection limit.
        settings.maximumConnections = 4
        guard ["127.0.0.1", "localhost", "::1"].contains(settings.host) else {
            throw TestDatabaseError("tests run only against a PostgreSQL on this machine, not \(settings.host)")
        }
        return settings
    }

    /// Settings of a new database copied from the migrated template.
    public static func createMigrated() async throws -> DatabaseSettings {
        let template = try await registry.template()
        return try await registry.create(from: template)
    }

    /// Settings of a new, empty database (for migration tests).
    public static func createEmpty() async throws -> DatabaseSettings {
        try await registry.create(from: "template0")
    }

    /// Drops a test database. Clean-up never fails a test: an autovacuum worker busy in a fresh database
    /// can make DROP fail for a moment, so it is tried a few times and then left for the next run.
    public static func drop(_ settings: DatabaseSettings) async {
        for attempt in 1...5 {
            do {
                try await maintenance { connection in
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(quoted(settings.database)) WITH (FORCE)"),
                        logger: logger
                    )
                }
                return
            } catch {
                if attempt < 5 { try? await Task.sleep(for: .milliseconds(200 * attempt)) }
            }
        }
        logger.warning("could not drop test database", metadata: ["database": "\(settings.database)"])
    }

    static let registry = Registry()

    /// Serialises database creation in this process: PostgreSQL refuses to copy a template that another
    /// session is copying or connected to.
    actor Registry {
        private var templateTask: Task<String, any Error>?

        func template() async throws -> String {
            if let templateTask { return try await templateTask.value }
            let task = Task { try await TestDatabase.prepareTemplate() }
            templateTask = task
            return try await task.value
        }

        func create(from template: String) async throws -> DatabaseSettings {
            let name = "pilnveide_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await TestDatabase.maintenance { connection in
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \(quoted(name)) TEMPLATE \(quoted(template))"),
                    logger: TestDatabase.logger
                )
            }
            return try TestDatabase.serverSettings().with(database: name)
        }
    }

    /// A template named after the migrations' checksums, so it is reused until a migration changes.
    static func prepareTemplate() async throws -> String {
        let migrations = try Migration.load(from: migrationsDirectory)
        let digest = SHA256.hash(data: Data(migrations.map(\.checksum).joined().utf8))
        let name = "pilnveide_test_template_" + digest.prefix(6).map { String(format: "%02x", $0) }.joined()
        // Another test process may be preparing the same template: take turns.
        return try await maintenance { connection in
            try await connection.query("SELECT pg_advisory_lock(7460201)", logger: logger)
            do {
                let exists = try await connection.query(
                    "SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger
                ).collect().count == 1
                if !exists {
                    // Migrated under a scratch name and renamed when done, so a failed migration never
                    // leaves a half-built template for later runs to reuse.
                    let scratch = name + "_building"
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(quoted(scratch)) WITH (FORCE)"), logger: logger
                    )
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "CREATE DATABASE \(quoted(scratch)) TEMPLATE template0 ENCODING 'UTF8'"),
                        logger: logger
                    )
                    let settings = try serverSettings().with(database: scratch)
                    try await Database.withDatabase(settings, logger: logger) { database in
                        try await MigrationRunner(database: database, migrations: migrations).migrate()
                    }
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "ALTER DATABASE \(quoted(scratch)) RENAME TO \(quoted(name))"), logger: logger
                    )
                }
                try await connection.query("SELECT pg_advisory_unlock(7460201)", logger: logger)
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(7460201)", logger: logger)
                throw error
            }
            return name
        }
    }

    /// One connection to the server's own database, for CREATE and DROP DATABASE.
    static func maintenance<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let settings = try serverSettings()
        return try await Database.withDatabase(settings, logger: logger) { database in
            try await database.withConnection { connection in try await body(connection) }
        }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

public struct TestDatabaseError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
