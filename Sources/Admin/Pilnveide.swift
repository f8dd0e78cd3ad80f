import ArgumentParser
import Core
import Database
import Directory
import Foundation
import Curriculum
import Logging
import App
import Platform

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
        subcommands: [Migrate.self, Users.self, Orgs.self, People.self, Catalogue.self, CertificationCommand.self, Groups.self, Records.self, Reports.self, Outbox.self, CertificatesCommand.self, Keys.self, DemoCommand.self, Serve.self]
    )
}

/// What every command that touches the database shares: the settings (read as the server reads them), a
/// running pool, the services built once, and one line on standard error for any failure.
struct Environment {
    let settings: AppSettings
    let services: Services

    var database: Database { services.database }

    static func run<Result: Sendable>(_ body: @Sendable (Environment) async throws -> Result) async throws -> Result {
        try await reportingFailures {
            let settings = try AppSettings.fromEnvironment(for: .commandLine)
            var logger = Logger(label: "pilnveide")
            logger.logLevel = settings.logLevel
            return try await Database.withDatabase(settings.database, logger: logger) { database in
                let services = try await Services(database: database, accountPolicy: settings.accountPolicy,
                                                  trainingPolicy: settings.trainingPolicy, issuing: try settings.issuing())
                return try await body(Environment(settings: settings, services: services))
            }
        }
    }
}

/// Prints a failure as one line per problem on standard error and exits non-zero.
func reportingFailures<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
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
