import ArgumentParser
import Core
import Database
import Foundation
import App

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations, or list applied and pending ones.",
        discussion: "Reads NNNN_description.sql files from the migrations folder, applies each in its own transaction and records its checksum. Safe to run concurrently: an advisory lock serialises runs."
    )

    @Flag(help: "List applied and pending migrations instead of applying.") var status = false
    @Option(help: "The migrations folder (default: PILNVEIDE_MIGRATIONS, or the checkout's Migrations).") var directory: String?

    func run() async throws {
        let directory = self.directory
        let status = self.status
        try await Environment.run { environment in
            let folder = directory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? environment.settings.migrationsDirectory
            let runner = MigrationRunner(database: environment.database, migrations: try Migration.load(from: folder))
            if status {
                let current = try await runner.status()
                for applied in current.applied {
                    print("applied  \(applied.fileName)  \(applied.appliedAt.formatted(.iso8601))")
                }
                for pending in current.pending { print("pending  \(pending.fileName)") }
                for problem in current.problems { print("problem  \(problem)") }
                if current.applied.isEmpty && current.pending.isEmpty { print("no migrations") }
                if !current.problems.isEmpty { throw ExitCode.failure }
            } else {
                let applied = try await runner.migrate()
                print(applied.isEmpty ? "the schema is current" : applied.map { "applied \($0.fileName)" }.joined(separator: "\n"))
            }
        }
    }
}
