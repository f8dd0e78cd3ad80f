import ArgumentParser
import Database
import Directory
import Foundation
import Curriculum
import Logging

@main
struct Pilnveide: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilnveide",
        abstract: "Administer Pilnveide: the database schema, accounts and the directory.",
        discussion: """
            Uses DATABASE_URL, or the project-local cluster that `make run` created (.local/database-url).
            Passwords are read from a prompt, or from standard input when it is not a terminal; never from
            arguments.
            """,
        subcommands: [Migrate.self, Users.self, Orgs.self, People.self, Catalog.self, Groups.self, Outbox.self, Serve.self]
    )
}

/// What every command that touches the database shares: settings from the environment, a running pool,
/// and one line on standard error for any failure.
struct Environment {
    let database: Database
    let directory: DirectoryService

    static func run<Result: Sendable>(_ body: @Sendable (Environment) async throws -> Result) async throws -> Result {
        var logger = Logger(label: "pilnveide")
        logger.logLevel = ProcessInfo.processInfo.environment["PILNVEIDE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return try await reportingFailures {
            let settings = try DatabaseSettings.fromEnvironment()
            return try await Database.withDatabase(settings, logger: logger) { database in
                try await body(Environment(database: database, directory: DirectoryService(database: database)))
            }
        }
    }

    func accounts() async throws -> AccountService {
        try await AccountService(database: database)
    }
}

/// Prints a failure as one line per problem on standard error and exits non-zero.
func reportingFailures<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ImportError {
        for line in error.problems.map({ "line \($0.line): \($0.message)" }) { printError(line) }
        throw ExitCode.failure
    } catch let error as FileImportError {
        for line in error.lines { printError(line) }
        throw ExitCode.failure
    } catch let error as FileProblems {
        for problem in error.problems { printError(problem.description) }
        throw ExitCode.failure
    } catch {
        printError("pilnveide: \(error)")
        throw ExitCode.failure
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// An import's problems, each as `file:line: message`.
struct FileImportError: Error {
    let lines: [String]
}
