import App
import ArgumentParser
import Core
import Curriculum
import Demo
import Directory
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Synthetic data for demonstrations and benchmarks.",
        subcommands: [Seed.self]
    )

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill an empty database with a synthetic national directory and five years of training and certification.",
            discussion: """
                Every orphan's court and social service of the 42 municipalities, the inspectorate, about 6,000
                specialists (Latvian names, valid post-2017 personal codes), trainers and their cohorts, five years
                of groups in the five regions (pilot groups first) with sessions, enrolments, attendance, the
                records their closing made and feedback, training done elsewhere (a few records awaiting
                approval), everyone's certification status and reminders (the daily pass), and certificates in
                every state. Draft course versions are approved, as before a first group. Needs an issuer key
                (`pilnveide keys generate`). The same --seed on the same day makes the same people and history.
                Every demo account signs in with the password read from standard input (never an argument).
                Refuses a database that already has orphan's courts or
                social services unless --force. Load the catalogue and schemes first (`make run` does).
                """
        )

        enum Scale: String, ExpressibleByArgument, CaseIterable {
            case national
            case tenfold = "10x"

            var multiplier: Double { self == .national ? 1 : 10 }
        }

        @Option(help: "national (about 6,000 specialists) or 10x.") var scale: Scale = .national
        @Option(help: "Makes the data; the same seed, the same data.") var seed: UInt64 = 1
        @Flag(help: "Seed even though the database already has a directory.") var force = false

        func run() async throws {
            let password = try await reportingFailures { try PasswordPrompt.read("Password for every demo account: ", confirm: true) }
            try await reportingFailures { try PasswordPolicy.standard.check(password, email: nil) }
            let (scale, seed, force) = (self.scale, self.seed, self.force)
            try await Environment.run { environment in
                let services = environment.services
                // Before anything is written: no published key this folder holds, or another identity recorded.
                try await services.certificates.checkCanIssue()
                let seeder = DemoSeeder(database: environment.database)
                try await seeder.requireEmpty(force: force)
                let started = ContinuousClock.now
                let now = Date()
                let today = CalendarDate.today(now: now)
                let courses = try await deliverableCourses(services.catalogue)
                let demo = DemoDirectory.generate(scale: scale.multiplier, seed: seed, today: today)
                let history = DemoHistory.generate(directory: demo, courses: courses.map { .init(versionID: $0.id, definition: $0.definition) }, seed: seed, today: today, now: now)
                let hash = try await PasswordHasher().hash(password)
                let report = try await seeder.seed(demo, history: history, passwordHash: hash, force: force, by: .commandLine)
                let loaded = ContinuousClock.now
                let pass = try await services.certificationPass.run(on: today)
                let passed = ContinuousClock.now
                let certificates = try await DemoCertificates(database: environment.database, certificates: services.certificates)
                    .make(seed: seed, today: today, by: .commandLine)
                let issued = ContinuousClock.now
                func seconds(_ duration: Duration) -> String { duration.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))) }
                print("""
                    demo (\(scale.rawValue), seed \(seed)): \(report.organisations) organisations, \(report.people) people with accounts, \
                    \(report.trainingRecords) external training records; \(report.groups) groups (\(history.groups.filter(\.pilot).count) pilot), \
                    \(report.sessions) sessions, \(report.enrolments) enrolments, \(report.attendanceMarks) attendance marks, \
                    \(report.groupRecords) group records, \(report.feedbackResponses) questionnaires, \
                    \(report.trainerQualifications) trainer qualifications in \(seconds(loaded - started))
                    certification: \(pass.people) people's statuses, \(pass.remindersAdded) reminders in \(seconds(passed - loaded))
                    certificates: \(certificates.issued) issued (\(certificates.overridden) on override), \(certificates.imported) imported, \
                    \(certificates.suspended) suspended (\(certificates.reinstated) reinstated), \(certificates.revoked) revoked \
                    in \(seconds(issued - passed))
                    """)
            }
        }

        /// The latest version of each course, approved first where it is a draft — as the inspectorate approves a
        /// programme before its first group (groups deliver approved versions only).
        private func deliverableCourses(_ catalogue: CatalogueService) async throws -> [StoredCourseVersion] {
            let courses = try await catalogue.courses(CourseFilter(), page: PageRequest(limit: 100, offset: 0))
            var versions: [StoredCourseVersion] = []
            for course in courses.items where course.status != .retired {
                versions.append(course.status == .draft
                    ? try await catalogue.approve(code: course.code, version: course.version, by: .commandLine)
                    : try await catalogue.version(code: course.code, version: course.version))
            }
            guard !versions.isEmpty else {
                throw ServiceError.conflict("the catalogue is empty; run `pilnveide catalogue import` first")
            }
            return versions
        }
    }
}
