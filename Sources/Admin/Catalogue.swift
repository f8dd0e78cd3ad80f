import ArgumentParser
import Core
import Curriculum
import Directory
import App
import Foundation

struct Catalogue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Check and load the course catalogue (Courses/*.yaml).",
        discussion: "`catalog` is accepted too.",
        subcommands: [Validate.self, Import.self],
        aliases: ["catalog"]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every course file against the format and the catalogue's rules.",
            discussion: "Prints each problem as FILE:LINE: message and exits non-zero when there is any. Needs no database. The format is described in Courses/README.md."
        )

        @Argument(help: "The folder of course files (default: PILNVEIDE_COURSES, or the checkout's Courses).") var directory: String?

        func run() async throws {
            let directory = self.directory ?? InstallationLayout.locate().courses.path
            let catalogue = try await reportingFailures { try CourseCatalogue.load(from: directory) }
            print("\(catalogue.files.count) course files in \(directory) are valid")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the course files, then load them into the database in one transaction.",
            discussion: """
                Unchanged files change nothing; a file with a higher version adds that version; a changed draft is
                updated in place. A changed version that is approved or used by groups is refused (FILE:LINE and the
                groups are named) and then nothing is imported. --dry-run prints what would change.
                """
        )

        @Argument(help: "The folder of course files (default: PILNVEIDE_COURSES, or the checkout's Courses).") var directory: String?
        @Flag(help: "Show what would change without changing anything.") var dryRun = false

        func run() async throws {
            let directory = self.directory ?? InstallationLayout.locate().courses.path
            let catalogue = try await reportingFailures { try CourseCatalogue.load(from: directory) }
            let dryRun = self.dryRun
            try await Environment.run { environment in
                let report = try await environment.services.catalogue.importCatalogue(catalogue, dryRun: dryRun, by: .commandLine)
                for entry in report.entries where entry.change != .unchanged { print(entry.description) }
                let verb = dryRun ? "would change" : "changed"
                print("catalogue: \(report.changedCount) of \(report.entries.count) courses \(verb)\(dryRun ? " (dry run: nothing was written)" : "")")
            }
        }
    }
}
