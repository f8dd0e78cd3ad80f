import ArgumentParser
import Core
import Foundation
import Scheduling
import Training

struct Records: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Training records.",
        subcommands: [ImportExternal.self]
    )

    struct ImportExternal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-external",
            abstract: "Record training done elsewhere from a CSV file, all or nothing.",
            discussion: """
                Columns: personal_code or email (the person), provider, title, academic_hours (8, 7.5 or 7,5),
                completed_on (YYYY-MM-DD), evidence_reference; optionally started_on. UTF-8, comma- or
                semicolon-separated, with a header row. Every bad row is reported as FILE:LINE: message, and then
                nothing is recorded. The records count once an inspectorate officer approves each
                (POST /v1/training-records/{id}/approve).
                """
        )

        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let (file, text) = try await readImportFile(file)
            try await Environment.run { environment in
                let summary = try await withFileName(file) {
                    try await environment.services.trainingRecords.importExternal(csv: text, by: .commandLine)
                }
                print("external training: \(summary.created) recorded, waiting for approval")
            }
        }
    }
}

struct Reports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Export reports as CSV (UTF-8) on standard output.",
        subcommands: [TrainingSummary.self, Attendance.self]
    )

    struct TrainingSummary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "training-summary",
            abstract: "People who completed each course version, by region and position."
        )

        @Option(help: "A course code.") var course: String?
        @Option(help: "Records that ended on or after this day (YYYY-MM-DD).") var from: String?
        @Option(help: "Records that ended on or before this day (YYYY-MM-DD).") var to: String?

        func validate() throws {
            for day in [from, to].compactMap({ $0 }) where CalendarDate(iso8601: day) == nil {
                throw ValidationError("'\(day)' is not a day written YYYY-MM-DD")
            }
        }

        func run() async throws {
            try await Environment.run { environment in
                let counts = try await environment.services.trainingReports.completionSummary(
                    courseCode: course, from: from.flatMap(CalendarDate.init(iso8601:)), to: to.flatMap(CalendarDate.init(iso8601:)),
                    by: .commandLine
                )
                print(TrainingSummaryCSV.text(counts), terminator: "")
            }
        }
    }

    struct Attendance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A group's attendance sheet: one row per participant and session.")

        @Argument(help: "The group's code.") var code: String

        func run() async throws {
            try await Environment.run { environment in
                let group = try await environment.services.groups.group(code: code)
                let sheet = try await environment.services.attendance.sheet(of: group.id, by: .commandLine)
                print(AttendanceSheetCSV.text(sheet), terminator: "")
            }
        }
    }
}
