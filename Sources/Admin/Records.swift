import ArgumentParser
import Core
import Feedback
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
        subcommands: [TrainingSummary.self, Attendance.self, TrainingRecords.self, Pilot.self, FeedbackReport.self]
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

    struct TrainingRecords: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "records",
            abstract: "Training records that count (current and approved), latest first, with filters."
        )

        @Option(help: "A course code.") var course: String?
        @Option(help: "kurzeme, latgale, riga, vidzeme or zemgale (where people worked then).") var region: String?
        @Option(help: "A position, such as orphans_court_member.") var position: String?
        @Option(help: "Records that ended on or after this day (YYYY-MM-DD).") var from: String?
        @Option(help: "Records that ended on or before this day (YYYY-MM-DD).") var to: String?

        func validate() throws {
            if let region, PlanningRegion(lenient: region) == nil { throw ValidationError("unknown region '\(region)'") }
            if let position, Position(rawValue: position) == nil { throw ValidationError("unknown position '\(position)'") }
            for day in [from, to].compactMap({ $0 }) where CalendarDate(iso8601: day) == nil {
                throw ValidationError("'\(day)' is not a day written YYYY-MM-DD")
            }
        }

        func run() async throws {
            let filter = TrainingRecordFilter(
                courseCode: course, region: region.flatMap(PlanningRegion.init(lenient:)), position: position.flatMap(Position.init(rawValue:)),
                from: from.flatMap(CalendarDate.init(iso8601:)), to: to.flatMap(CalendarDate.init(iso8601:))
            )
            try await Environment.run { environment in
                var records: [TrainingRecord] = []
                var offset = 0
                while true {
                    let page = try await environment.services.trainingRecords.records(
                        filter, page: try PageRequest(limit: PageRequest.maximumLimit, offset: offset), by: .commandLine
                    )
                    records += page.items
                    offset += page.items.count
                    if page.items.isEmpty || offset >= page.total { break }
                }
                print(TrainingRecordsCSV.text(records), terminator: "")
            }
        }
    }

    struct Pilot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The pilot report: per pilot group, its region, participants and who completed.")

        func run() async throws {
            try await Environment.run { environment in
                print(PilotReportCSV.text(try await environment.services.trainingReports.pilotReport(by: .commandLine)), terminator: "")
            }
        }
    }

    struct FeedbackReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "feedback",
            abstract: "Feedback on a course version: per questionnaire item, count, mean and distribution (closed groups of 5 answers or more)."
        )

        @Argument(help: "The course code.") var code: String
        @Argument(help: "The version.") var version: Int

        func run() async throws {
            try await Environment.run { environment in
                let report = try await environment.services.feedback.courseReport(code: code, version: version, by: .commandLine)
                print(CourseFeedbackCSV.text(report), terminator: "")
            }
        }
    }
}
