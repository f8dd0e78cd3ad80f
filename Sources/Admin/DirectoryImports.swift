import ArgumentParser
import Core
import Directory
import Foundation

struct Orgs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs",
        abstract: "Manage organisations.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import orphan's courts (or other organisations) from a CSV file.",
            discussion: """
                Columns: name, municipality, region (kurzeme, latgale, riga, vidzeme, zemgale or their Latvian
                names), and optionally kind (orphans_court by default; inspectorate, social_service, other).
                Comma- or semicolon-separated, UTF-8, with a header row. Rows whose name exists are updated.
                Every bad row is reported as FILE:LINE: message, and then nothing is imported.
                """
        )

        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let (file, text) = try await readImportFile(file)
            try await Environment.run { environment in
                let summary = try await withFileName(file) {
                    try await environment.services.directory.importOrganisations(csv: text, by: .commandLine)
                }
                print("organisations: \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged")
            }
        }
    }
}

struct People: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "Manage people in the directory.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import people from a CSV file.",
            discussion: """
                Columns: given_name, family_name, position (required); personal_code, email, phone, organisation
                (an organisation's exact name), position_started_on (YYYY-MM-DD). A row matching a person by
                personal code, else by e-mail, updates that person. A new position or organisation is a move,
                dated by position_started_on, or today when that is blank; the same date as before corrects the
                current post instead (certification reads this history). Every bad row is reported as
                FILE:LINE: message, and then nothing is imported.
                """
        )

        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let (file, text) = try await readImportFile(file)
            try await Environment.run { environment in
                let summary = try await withFileName(file) {
                    try await environment.services.directory.importPeople(csv: text, by: .commandLine)
                }
                print("people: \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged")
            }
        }
    }
}

/// The file's text, or one line saying why it cannot be read.
func readImportFile(_ path: String) async throws -> (String, String) {
    try await reportingFailures {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PromptError("cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PromptError("\(path) is not UTF-8 text")
        }
        return (path, text)
    }
}

/// Names the file in every problem an import reports.
func withFileName<Result: Sendable>(_ file: String, _ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let problems as FileProblems {
        throw problems.inFile(file)
    }
}
