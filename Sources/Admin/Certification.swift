import App
import ArgumentParser
import Certification
import Core
import Curriculum
import Foundation

struct CertificationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certification",
        abstract: "Certification schemes (Courses/certification/*.yaml).",
        subcommands: [Validate.self, Import.self, Status.self, Remind.self, Impact.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every scheme file against the format and the course catalogue.",
            discussion: "Prints each problem as FILE:LINE: message and exits non-zero when there is any. Needs no database. The format is described in Courses/certification/README.md."
        )

        @Argument(help: "The folder of scheme files (default: the course folder's certification/).") var directory: String?

        func run() async throws {
            let courses = InstallationLayout.locate().courses
            let directory = self.directory ?? courses.appendingPathComponent("certification").path
            let schemes = try await reportingFailures {
                try SchemeCatalogue.load(from: directory, courses: try CourseCatalogue.load(from: courses.path).definitions)
            }
            print("\(schemes.files.count) scheme files in \(directory) are valid")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the scheme files, then load them into the database in one transaction.",
            discussion: "A new version is added; an unchanged file changes nothing; a changed draft is updated; a changed approved version is refused (give it a new version). make run does this on start."
        )

        @Argument(help: "The folder of scheme files (default: the course folder's certification/).") var directory: String?
        @Flag(help: "Only say what would change.") var dryRun = false

        func run() async throws {
            let courses = InstallationLayout.locate().courses
            let directory = self.directory ?? courses.appendingPathComponent("certification").path
            let schemes = try await reportingFailures {
                try SchemeCatalogue.load(from: directory, courses: try CourseCatalogue.load(from: courses.path).definitions)
            }
            try await Environment.run { environment in
                let entries = try await withFileName(directory) {
                    try await environment.services.schemes.importSchemes(schemes, dryRun: dryRun, by: .commandLine)
                }
                for entry in entries { print(entry.description) }
                print("certification schemes: \(entries.filter { $0.change != .unchanged }.count) changed\(dryRun ? " (dry run, nothing written)" : "")")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A person's certification status under each scheme in force, explained.")

        @Option(help: "The person's id.") var person: String
        @Option(help: "The day to compute it for (YYYY-MM-DD, default today in Riga).") var on: String?

        func validate() throws {
            if UUID(uuidString: person) == nil { throw ValidationError("'\(person)' is not a person's id") }
            if let on, CalendarDate(iso8601: on) == nil { throw ValidationError("'\(on)' is not a day written YYYY-MM-DD") }
        }

        func run() async throws {
            try await Environment.run { environment in
                let result = try await environment.services.certification.status(
                    of: UUID(uuidString: person)!, by: .commandLine, on: on.flatMap(CalendarDate.init(iso8601:)) ?? .today()
                )
                print("\(result.givenName) \(result.familyName)")
                if result.statuses.isEmpty { print("  no certification scheme in force applies") }
                for status in result.statuses {
                    print("  \(status.schemeCode) v\(status.schemeVersion): \(status.state.rawValue)" + (status.validUntil.map { ", valid until \($0)" } ?? ""))
                    for line in status.missing { print("    missing: \(line)") }
                    for line in status.explanation { print("    \(line)") }
                }
            }
        }
    }

    struct Remind: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The daily pass: save everyone's status for the national view; put due reminders in the outbox, each once per person, scheme and cycle.",
            discussion: "Meant to run daily (e.g. from cron); running it twice, or twice at once, adds nothing more. See pilnveide outbox."
        )

        @Option(help: "The day to remind for (YYYY-MM-DD, default today in Riga).") var on: String?

        func validate() throws {
            if let on, CalendarDate(iso8601: on) == nil { throw ValidationError("'\(on)' is not a day written YYYY-MM-DD") }
        }

        func run() async throws {
            try await Environment.run { environment in
                let result = try await environment.services.certificationPass.run(on: on.flatMap(CalendarDate.init(iso8601:)) ?? .today())
                print("certification: \(result.people) people's statuses saved, \(result.remindersAdded) reminders added to the outbox")
            }
        }
    }

    struct Impact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "CSV: what a scheme version not yet in force would mean on a day, beside the scheme in force. Writes nothing."
        )

        @Argument(help: "The scheme's code.") var code: String
        @Argument(help: "The version.") var version: Int
        @Option(help: "The day (YYYY-MM-DD).") var on: String

        func validate() throws {
            if CalendarDate(iso8601: on) == nil { throw ValidationError("'\(on)' is not a day written YYYY-MM-DD") }
        }

        func run() async throws {
            try await Environment.run { environment in
                let preview = try await environment.services.impactPreviews.preview(
                    code: code, version: version, on: CalendarDate(iso8601: on)!, by: .commandLine
                )
                print(ImpactPreviewCSV.text(preview), terminator: "")
            }
        }
    }
}
