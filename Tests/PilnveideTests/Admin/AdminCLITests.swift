import App
import Core
import Curriculum
import Database
import Directory
import Foundation
import Platform
import Scheduling
import Training
import PostgresNIO
import Testing
import TestSupport

/// The `pilnveide` executable, run as an operator would run it, against the suite's database.
@Suite(.freshDatabase) struct AdminCLITests {
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs the built `pilnveide` (it sits beside the test binary) with DATABASE_URL pointing at this suite's
    /// database, or at `databaseURL`.
    func pilnveide(
        _ arguments: [String], input: String? = nil, databaseURL: String? = nil, workingDirectory: URL? = nil,
        environment extra: [String: String] = [:]
    ) async throws -> Run {
        let settings = try FreshDatabase.current.settings
        let process = Process()
        process.currentDirectoryURL = workingDirectory
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("pilnveide")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
            ?? "postgres://\(settings.username):\(settings.password ?? "")@\(settings.host):\(settings.port)/\(settings.database)"
        environment["PILNVEIDE_MIGRATIONS"] = TestDatabase.migrationsDirectory.path
        environment.merge(extra) { $1 }
        process.environment = environment
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Off the concurrency pool: a national demo seed runs for a minute or two.
        let out = ChildProcess.Output(reading: output), err = ChildProcess.Output(reading: errors)
        let status = await ChildProcess.exit(of: process)
        return Run(status: status, output: out.text, errors: err.text)
    }

    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let url = TestScratch.folder.appendingPathComponent("\(UUID())-\(name)")
        try contents.write(to: url, atomically: false, encoding: .utf8)
        return url.path
    }

    @Test func aBadOrganisationsFileExitsNonZeroNamingFileAndLineAndImportsNothing() async throws {
        let file = try temporaryFile("courts.csv", """
            name,municipality,region
            Gulbenes novada bāriņtiesa,Gulbenes novads,vidzeme
            Balvu novada bāriņtiesa,Balvu novads,Atlantīda
            """)
        let run = try await pilnveide(["orgs", "import", file])
        #expect(run.status != 0)
        #expect(run.errors == "\(file):3: region: must be one of kurzeme, latgale, riga, vidzeme, zemgale\n")
        let imported = try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query("SELECT count(*) FROM organisations WHERE name LIKE 'Gulbenes%'", logger: TestDatabase.logger)
                .collect()[0].decode(Int.self)
        }
        #expect(imported == 0)
    }

    @Test func aGoodFileImportsAndSaysWhatChanged() async throws {
        let file = try temporaryFile("courts.csv", "name;municipality;region\nAlūksnes novada bāriņtiesa;Alūksnes novads;Vidzeme\n")
        let first = try await pilnveide(["orgs", "import", file])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output == "organisations: 1 created, 0 updated, 0 unchanged\n")
        #expect(try await pilnveide(["orgs", "import", file]).output == "organisations: 0 created, 0 updated, 1 unchanged\n")
    }

    @Test func usersAreCreatedWithAPasswordFromStandardInputThatNeverShows() async throws {
        let people = try temporaryFile("people.csv", """
            given_name,family_name,email,position
            Inese,Irbe,inese.irbe@example.lv,trainer
            """)
        #expect(try await pilnveide(["people", "import", people]).status == 0)
        let personID = try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query("SELECT id FROM people WHERE email = 'inese.irbe@example.lv'", logger: TestDatabase.logger)
                .collect()[0].decode(UUID.self)
        }
        let password = "Slepena-parole-\(UUID())"
        let run = try await pilnveide(
            ["users", "create", "--email", "inese.irbe@example.lv", "--person", personID.uuidString, "--role", "trainer"],
            input: password + "\n"
        )
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("with roles participant, trainer"))
        #expect(!run.output.contains(password) && !run.errors.contains(password))

        let short = try await pilnveide(["users", "set-password", "--email", "inese.irbe@example.lv"], input: "short\n")
        #expect(short.status != 0)
        #expect(short.errors.hasPrefix("pilnveide: invalid input: password: must be at least 12 characters long"))
        #expect(short.errors.split(separator: "\n").count == 1)
        // The same password policy as the API: no common password, nor the address's name part.
        let common = try await pilnveide(["users", "set-password", "--email", "inese.irbe@example.lv"], input: "parole123456\n")
        #expect(common.errors.contains("password: is one of the most commonly used passwords"))
        let named = try await pilnveide(["users", "set-password", "--email", "inese.irbe@example.lv"], input: "inese.irbe-2026-gads\n")
        #expect(named.errors.contains("password: must not contain the name part of the e-mail address"))
    }

    @Test func usersAreInvitedGivenRolesDisabledAndEnabled() async throws {
        let people = try temporaryFile("people.csv", """
            given_name,family_name,email,position
            Kārlis,Kalns,karlis.kalns@example.lv,trainer
            """)
        #expect(try await pilnveide(["people", "import", people]).status == 0)
        let database = try FreshDatabase.current.database
        let personID = try await database.withConnection { connection in
            try await connection.query("SELECT id FROM people WHERE email = 'karlis.kalns@example.lv'", logger: TestDatabase.logger)
                .collect()[0].decode(UUID.self)
        }
        let invited = try await pilnveide(["users", "invite", "--person", personID.uuidString, "--role", "trainer"])
        #expect(invited.status == 0, "\(invited.errors)")
        #expect(invited.output.hasPrefix("invited karlis.kalns@example.lv"))
        let messages = try await database.withConnection { connection in
            try await connection.query(
                "SELECT count(*) FROM notification_outbox WHERE kind = 'account.invitation' AND recipient = 'karlis.kalns@example.lv'",
                logger: TestDatabase.logger
            ).collect()[0].decode(Int.self)
        }
        #expect(messages == 1)
        let roles = try await pilnveide(["users", "roles", "--email", "karlis.kalns@example.lv", "--role", "inspectorate_officer"])
        #expect(roles.output == "karlis.kalns@example.lv now holds inspectorate_officer, participant\n", "\(roles.errors)")
        #expect(try await pilnveide(["users", "disable", "--email", "karlis.kalns@example.lv", "--reason", "test"]).status == 0)
        #expect(try await pilnveide(["users", "enable", "--email", "karlis.kalns@example.lv"]).output == "enabled karlis.kalns@example.lv\n")
        #expect(try await pilnveide(["users", "disable", "--email", "nav@example.lv"]).errors.contains("no account has e-mail nav@example.lv"))
    }

    @Test func migrateReportsStatusAndHelpIsAvailableEverywhere() async throws {
        let status = try await pilnveide(["migrate", "--status"])
        #expect(status.status == 0)
        #expect(status.output.hasPrefix("applied  0001_directory.sql"))
        #expect(try await pilnveide(["migrate"]).output == "the schema is current\n")
        for command in [["--help"], ["users", "create", "--help"], ["orgs", "import", "--help"], ["people", "import", "--help"]] {
            let help = try await pilnveide(command)
            #expect(help.status == 0)
            #expect(help.output.contains("USAGE"))
        }
    }

    @Test func theCatalogueIsFoundFromAnyWorkingDirectory() async throws {
        let elsewhere = FileManager.default.temporaryDirectory
        let courses = TestDatabase.migrationsDirectory.deletingLastPathComponent().appendingPathComponent("Courses")
        for command in ["catalogue", "catalog"] {
            let run = try await pilnveide([command, "validate"], workingDirectory: elsewhere)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.hasSuffix("course files in \(courses.standardizedFileURL.path) are valid\n"), "\(run.output)")
        }
    }

    @Test func aDatabaseRefusingTheSignInIsOneClearLine() async throws {
        let settings = try FreshDatabase.current.settings
        let run = try await pilnveide(
            ["migrate", "--status"],
            databaseURL: "postgres://\(settings.username):wrong@127.0.0.1:\(settings.port)/\(settings.database)"
        )
        #expect(run.status != 0)
        #expect(run.errors.hasPrefix("pilnveide: cannot use PostgreSQL at 127.0.0.1:\(settings.port)/\(settings.database)"))
        #expect(run.errors.split(separator: "\n").count == 1)
        #expect(!run.errors.contains("wrong"))
    }

    @Test func catalogueValidateNamesFileAndLineAndImportHonoursDryRun() async throws {
        let folder = TestScratch.folder.appendingPathComponent("courses-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bad = CourseText.course().replacingOccurrences(of: "academic_hours: 8", with: "academic_hours: 10")
        try bad.write(to: folder.appendingPathComponent("test-kurss.yaml"), atomically: false, encoding: .utf8)
        let invalid = try await pilnveide(["catalog", "validate", folder.path])
        #expect(invalid.status != 0)
        #expect(invalid.errors == "\(folder.path)/test-kurss.yaml:\(CourseText.line(of: "academic_hours: 10", in: bad)): the modules add up to 8 academic hours, but academic_hours is 10\n")

        let code = "CLI-\(UUID().uuidString.prefix(6))".uppercased()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("test-kurss.yaml"))
        try CourseText.course(code: code).write(to: folder.appendingPathComponent("\(code.lowercased()).yaml"), atomically: false, encoding: .utf8)
        #expect(try await pilnveide(["catalog", "validate", folder.path]).output == "1 course files in \(folder.path) are valid\n")
        let dryRun = try await pilnveide(["catalog", "import", folder.path, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.errors)")
        #expect(dryRun.output.hasSuffix("catalogue: 1 of 1 courses would change (dry run: nothing was written)\n"))
        let imported = try await pilnveide(["catalog", "import", folder.path])
        #expect(imported.output.contains("\(code) v1: new course"))
        #expect(try await pilnveide(["catalog", "import", folder.path]).output == "catalogue: 0 of 1 courses changed\n")
    }

    @Test func groupsPlanIsAllOrNothingAndGroupsListShowsWhatWasPlanned() async throws {
        let code = "CLI-GRAFIKS-\(UUID().uuidString.prefix(4))".uppercased()
        let database = try FreshDatabase.current.database
        _ = try await Services(database: database).catalogue.importCatalogue(
            try CourseText.catalogue([("\(code.lowercased()).yaml", CourseText.course(code: code, status: "approved"))]), by: .operator_("test")
        )
        let email = "cli-\(code.lowercased())@example.lv"
        let person = try await Services(database: database).directory.createPerson(
            PersonDraft(givenName: "Ance", familyName: "Trenere", email: email, position: "trainer"), by: .operator_("test")
        ).person
        _ = try await Services(database: database).qualifications.grant(personID: person.id, courseCode: code, fromVersion: 1,
                                                                     provisional: false, reason: "tests", by: .operator_("test"))
        let plan = """
            groups:
              - code: \(code)-1
                course: \(code)
                version: 1
                region: zemgale
                venue: "Bauska \(code)"
                lead_trainer: \(email)
                capacity: 12
                open: true
                sessions:
                  - { starts: 2027-09-06T09:00, ends: 2027-09-06T12:00, academic_hours: 4, modules: [A] }
                  - { starts: 2027-09-06T13:00, ends: 2027-09-06T16:00, academic_hours: 9 }
            """
        let file = try temporaryFile("plan.yaml", plan)
        let bad = try await pilnveide(["groups", "plan", file])
        #expect(bad.status != 0)
        #expect(bad.errors == "\(file):12: group \(code)-1: academicHours: 9 academic hours of 45 min do not fit in a session of 180 min\n")
        try plan.replacingOccurrences(of: "academic_hours: 9", with: "academic_hours: 4").write(toFile: file, atomically: false, encoding: .utf8)
        let good = try await pilnveide(["groups", "plan", file])
        #expect(good.output == "schedule: 1 groups with 2 sessions created\n", "\(good.errors)")
        let list = try await pilnveide(["groups", "list", "--course", code, "--from", "2027-09-01"])
        #expect(list.output.hasPrefix("\(code)-1\t\(code)@1\tzemgale\topen\t2027-09-06T09:00:00+03:00\t0/12 booked"))
    }

    @Test func closingAGroupImportingTrainingDoneElsewhereAndExportingReports() async throws {
        let database = try FreshDatabase.current.database
        let services = try await Services(database: database)
        let op = Principal.operator_("test")
        let code = "CLI-NOSL-\(UUID().uuidString.prefix(4))".uppercased()
        _ = try await services.catalogue.importCatalogue(
            // In force since 2026: the group below ran the day before yesterday.
            try CourseText.catalogue([("\(code.lowercased()).yaml", CourseText.course(code: code, status: "approved", effectiveFrom: "2026-01-01"))]), by: op
        )
        let trainer = try await services.directory.createPerson(PersonDraft(givenName: "Ilga", familyName: "Trenere", position: "trainer"), by: op).person
        _ = try await services.qualifications.grant(personID: trainer.id, courseCode: code, fromVersion: 1, provisional: false, reason: "tests", by: op)
        var people: [UUID] = []
        for (given, email) in [("Ērika", "erika-\(code.lowercased())@example.lv"), ("Jānis", "janis-\(code.lowercased())@example.lv")] {
            people.append(try await services.directory.createPerson(
                PersonDraft(givenName: given, familyName: "Ūdre", email: email, position: "social_worker"), by: op).person.id)
        }
        // A group that ran the day before yesterday, everyone present and assessed.
        let day = CalendarDate.today(now: Date()).adding(days: -2)
        var draft = GroupDraft(code: code, courseCode: code, courseVersion: 1, region: "latgale", leadTrainerID: trainer.id, capacity: 5)
        draft.venue = "Daugavpils \(code)"
        let created = try await services.groups.createGroup(draft, by: op)
        for (start, end, module) in [("09:00", "12:00", "A"), ("13:00", "16:00", "B")] {
            _ = try await services.sessions.addSession(to: created.id, .init(startsAt: "\(day)T\(start)", endsAt: "\(day)T\(end)", academicHours: 4,
                                                                            modules: [module]), by: op)
        }
        for status in [GroupStatus.open, .confirmed] { _ = try await services.groups.changeStatus(of: created.id, to: status, reason: nil, by: op) }
        for person in people { _ = try await services.enrolments.enrol(personID: person, in: created.id, by: op) }
        let group = try await services.groups.changeStatus(of: created.id, to: .inProgress, reason: nil, by: op)
        for session in group.sessions {
            _ = try await services.attendance.mark(group: group.id, session: session.id, people.map { AttendanceEntry(personID: $0, mark: .present) }, by: op)
        }
        _ = try await services.closings.recordAssessments(people.map { AssessmentResult(personID: $0, passed: true) }, in: group.id, by: op)

        let preview = try await pilnveide(["groups", "close", code])
        #expect(preview.status == 0 && preview.output.hasSuffix("\(code): not closed (preview), 2 of 2 would complete; add --confirm to close\n"), "\(preview.errors)")
        let closed = try await pilnveide(["groups", "close", code, "--confirm"])
        #expect(closed.output.hasSuffix("\(code): closed, 2 of 2 completed\n"), "\(closed.errors)")
        let again = try await pilnveide(["groups", "close", code, "--confirm"])
        #expect(again.status != 0 && again.errors == "pilnveide: \(code) is closed already; correct a training record instead\n")

        let sheet = try await pilnveide(["reports", "attendance", code])
        #expect(sheet.output.hasPrefix("\u{FEFF}group,session_id,session_starts,person_id,family_name,given_name,status,minutes_attended,credited_hours\r\n"))
        #expect(sheet.output.contains("Ūdre,Ērika,present,,4\r\n"))
        let summary = try await pilnveide(["reports", "training-summary", "--course", code])
        #expect(summary.output == "\u{FEFF}course_code,course_version,region,position,people\r\n\(code),1,,social_worker,2\r\n", "\(summary.errors)")
        let records = try await pilnveide(["reports", "records", "--course", code])
        #expect(records.output.split(separator: "\r\n").count == 3 && records.output.contains(",\(code),1,\(code),,"))
        let pilot = try await pilnveide(["reports", "pilot"])
        #expect(pilot.status == 0 && pilot.output.hasPrefix("\u{FEFF}course_code,course_version,group_code,region,status,participants,completed,counts,rule_met"))
        let feedback = try await pilnveide(["reports", "feedback", code, "1"])
        #expect(feedback.status == 0 && feedback.output.contains("\r\nitem,Q1,"), "\(feedback.errors)")

        let external = try temporaryFile("external.csv", """
            email;provider;title;academic_hours;completed_on;evidence_reference
            erika-\(code.lowercased())@example.lv;Latvijas Universitāte;Bērna tiesības;7,5;2026-10-01;LU 2026/9
            janis-\(code.lowercased())@example.lv;Latvijas Universitāte;Bērna tiesības;septiņas;2026-10-01;LU 2026/10
            """)
        let bad = try await pilnveide(["records", "import-external", external])
        #expect(bad.status != 0 && bad.errors == "\(external):3: academic_hours: must be a number such as 8 or 7.5\n")
        try String(contentsOfFile: external, encoding: .utf8).replacingOccurrences(of: "septiņas", with: "7")
            .write(toFile: external, atomically: false, encoding: .utf8)
        let good = try await pilnveide(["records", "import-external", external])
        #expect(good.output == "external training: 2 recorded, waiting for approval\n", "\(good.errors)")
        let twice = try await pilnveide(["records", "import-external", external])
        #expect(twice.status != 0 && twice.errors.contains("\(external):2: the same training is recorded already as "))
    }
}
