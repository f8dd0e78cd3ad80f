import App
import Core
import Curriculum
import Database
import Directory
import Scheduling
import Foundation
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
        _ arguments: [String], input: String? = nil, databaseURL: String? = nil, workingDirectory: URL? = nil
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
        process.environment = environment
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                   errors: String(decoding: err, as: UTF8.self))
    }

    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-\(name)")
        try contents.write(to: url, atomically: true, encoding: .utf8)
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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("courses-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bad = CourseText.course().replacingOccurrences(of: "academic_hours: 8", with: "academic_hours: 10")
        try bad.write(to: folder.appendingPathComponent("test-kurss.yaml"), atomically: true, encoding: .utf8)
        let invalid = try await pilnveide(["catalog", "validate", folder.path])
        #expect(invalid.status != 0)
        #expect(invalid.errors == "\(folder.path)/test-kurss.yaml:\(CourseText.line(of: "academic_hours: 10", in: bad)): the modules add up to 8 academic hours, but academic_hours is 10\n")

        let code = "CLI-\(UUID().uuidString.prefix(6))".uppercased()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("test-kurss.yaml"))
        try CourseText.course(code: code).write(to: folder.appendingPathComponent("\(code.lowercased()).yaml"), atomically: true, encoding: .utf8)
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
        try plan.replacingOccurrences(of: "academic_hours: 9", with: "academic_hours: 4").write(toFile: file, atomically: true, encoding: .utf8)
        let good = try await pilnveide(["groups", "plan", file])
        #expect(good.output == "schedule: 1 groups with 2 sessions created\n", "\(good.errors)")
        let list = try await pilnveide(["groups", "list", "--course", code, "--from", "2027-09-01"])
        #expect(list.output.hasPrefix("\(code)-1\t\(code)@1\tzemgale\topen\t2027-09-06T09:00:00+03:00\t0/12 booked"))
    }
}
