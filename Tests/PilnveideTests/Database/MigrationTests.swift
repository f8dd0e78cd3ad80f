import Core
import Database
import Foundation
import PostgresNIO
import Testing
import TestSupport

/// Migrations against real, empty databases.
@Suite struct MigrationTests {
    /// A new empty database, dropped afterwards.
    func withEmptyDatabase(_ body: @Sendable (Database) async throws -> Void) async throws {
        let settings = try await TestDatabase.createEmpty()
        do {
            try await Database.withDatabase(settings, logger: TestDatabase.logger, body)
        } catch {
            await TestDatabase.drop(settings)
            throw error
        }
        await TestDatabase.drop(settings)
    }

    /// A private copy of the project's migrations that a test may edit.
    func copyOfMigrations() throws -> URL {
        let folder = TestScratch.folder.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.copyItem(at: TestDatabase.migrationsDirectory, to: folder)
        return folder
    }

    func appliedVersions(_ database: Database) async throws -> [Int] {
        try await database.withConnection { connection in
            var versions: [Int] = []
            for try await version in try await connection.query(
                "SELECT version FROM schema_migrations ORDER BY version", logger: TestDatabase.logger
            ).decode(Int.self) { versions.append(version) }
            return versions
        }
    }

    @Test func applyingTwiceIsANoOp() async throws {
        let migrations = try Migration.load(from: TestDatabase.migrationsDirectory)
        try await withEmptyDatabase { database in
            let runner = MigrationRunner(database: database, migrations: migrations)
            #expect(try await runner.migrate().map(\.fileName) == migrations.map(\.fileName))
            #expect(try await runner.migrate().isEmpty)
            #expect(try await appliedVersions(database) == migrations.map(\.version))
            let status = try await runner.status()
            #expect(status.isCurrent)
            try await runner.verifyCurrent()
        }
    }

    @Test func anAppliedFileThatWasEditedIsRefused() async throws {
        let folder = try copyOfMigrations()
        try await withEmptyDatabase { database in
            try await MigrationRunner(database: database, migrations: try Migration.load(from: folder)).migrate()
            let file = folder.appendingPathComponent("0001_directory.sql")
            try (String(contentsOf: file, encoding: .utf8) + "\n-- edited\n").write(to: file, atomically: false, encoding: .utf8)
            let edited = MigrationRunner(database: database, migrations: try Migration.load(from: folder))
            await #expect(throws: MigrationError.modifiedAfterApplying(fileName: "0001_directory.sql")) {
                try await edited.migrate()
            }
            await #expect(throws: MigrationError.modifiedAfterApplying(fileName: "0001_directory.sql")) {
                try await edited.verifyCurrent()
            }
        }
    }

    @Test func concurrentRunsApplyEachMigrationOnce() async throws {
        let migrations = try Migration.load(from: TestDatabase.migrationsDirectory)
        try await withEmptyDatabase { database in
            let runner = MigrationRunner(database: database, migrations: migrations)
            let applied = try await withThrowingTaskGroup(of: [Migration].self) { group in
                for _ in 0..<4 { group.addTask { try await runner.migrate() } }
                return try await group.reduce(into: [Migration]()) { $0 += $1 }
            }
            #expect(applied.map(\.version).sorted() == migrations.map(\.version))
            #expect(try await appliedVersions(database) == migrations.map(\.version))
        }
    }

    @Test func aPendingMigrationIsReportedAndBlocksServing() async throws {
        let folder = try copyOfMigrations()
        try await withEmptyDatabase { database in
            try await MigrationRunner(database: database, migrations: try Migration.load(from: folder)).migrate()
            try "CREATE TABLE later (id int);".write(
                to: folder.appendingPathComponent("0999_later.sql"), atomically: false, encoding: .utf8
            )
            let runner = MigrationRunner(database: database, migrations: try Migration.load(from: folder))
            #expect(try await runner.status().pending.map(\.fileName) == ["0999_later.sql"])
            await #expect(throws: MigrationError.schemaBehind(pending: ["0999_later.sql"])) {
                try await runner.verifyCurrent()
            }
            #expect(MigrationError.schemaBehind(pending: ["0999_later.sql"]).description.contains("pilnveide migrate"))
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let folder = try copyOfMigrations()
        try "CREATE TABLE half_done (id int);\nSELECT no_such_function();".write(
            to: folder.appendingPathComponent("0998_broken.sql"), atomically: false, encoding: .utf8
        )
        try await withEmptyDatabase { database in
            let runner = MigrationRunner(database: database, migrations: try Migration.load(from: folder))
            await #expect {
                try await runner.migrate()
            } throws: { error in
                guard case MigrationError.failed(let file, let statement, _) = error else { return false }
                return file == "0998_broken.sql" && statement == 2
            }
            let tables = try await database.withConnection { connection in
                try await connection.query("SELECT to_regclass('half_done')::text", logger: TestDatabase.logger)
                    .collect()[0].decode(String?.self)
            }
            #expect(tables == nil)
            #expect(try await runner.status().pending.map(\.fileName) == ["0998_broken.sql"])
        }
    }

    @Test(arguments: ["1_short.sql", "0001-dash.sql", "00a1_x.sql", "0001_.sql"])
    func badFileNamesAreRefused(_ name: String) throws {
        let folder = TestScratch.folder.appendingPathComponent("bad-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "SELECT 1;".write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        #expect(throws: MigrationError.badFileName(name)) { try Migration.load(from: folder) }
    }
}

@Suite struct DatabaseStartupTests {
    @Test func aWrongPasswordFailsAtOnceWithPostgreSQLsReason() async throws {
        var settings = try TestDatabase.serverSettings()
        settings.password = "definitely-not-the-password"
        await #expect {
            try await Database.probe(settings, logger: TestDatabase.logger)
        } throws: { error in
            let line = "\(error)"
            return line.contains("password authentication failed") && !line.contains("definitely-not")
        }
    }

    /// Fails rather than waits: the time limit only catches a hang, it measures nothing.
    @Test(.timeLimit(.minutes(1)))
    func anUnreachableServerFailsInsteadOfWaiting() async throws {
        var settings = try TestDatabase.serverSettings()
        settings.port = 1  // nothing listens there
        await #expect {
            try await Database.probe(settings, logger: TestDatabase.logger)
        } throws: { error in
            "\(error)".hasPrefix("cannot reach PostgreSQL at 127.0.0.1:1/")
        }
    }

    @Test func aMissingDatabaseIsNamed() async throws {
        let settings = try TestDatabase.serverSettings().with(database: "no_such_database_here")
        await #expect {
            try await Database.probe(settings, logger: TestDatabase.logger)
        } throws: { error in
            "\(error)".contains("no_such_database_here")
        }
    }
}
