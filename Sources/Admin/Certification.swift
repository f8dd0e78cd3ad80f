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
        subcommands: [Validate.self]
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
}
