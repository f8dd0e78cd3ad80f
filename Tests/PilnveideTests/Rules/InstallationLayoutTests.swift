import App
import Core
import Database
import Foundation
import Testing
import TestSupport

/// The binaries find the checkout's folders from wherever they are started.
@Suite struct InstallationLayoutTests {
    func temporaryCheckout() throws -> URL {
        let root = TestScratch.folder.appendingPathComponent("layout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Migrations"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Courses"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".build/debug"), withIntermediateDirectories: true)
        return root
    }

    @Test func anExecutableInTheBuildFolderFindsItsCheckoutFromAnyWorkingDirectory() throws {
        let root = try temporaryCheckout()
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = InstallationLayout.locate(
            environment: [:], workingDirectory: "/", executable: root.appendingPathComponent(".build/debug/pilnveide")
        )
        #expect(layout.migrations.standardizedFileURL.path == root.appendingPathComponent("Migrations").standardizedFileURL.path)
        #expect(layout.courses.lastPathComponent == "Courses")
        #expect(layout.local.deletingLastPathComponent().standardizedFileURL.path == root.standardizedFileURL.path)
    }

    @Test func aSubfolderOfTheCheckoutFindsItToo() throws {
        let root = try temporaryCheckout()
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = InstallationLayout.locate(environment: [:], workingDirectory: root.appendingPathComponent(".build").path, executable: nil)
        #expect(layout.migrations.standardizedFileURL.path == root.appendingPathComponent("Migrations").standardizedFileURL.path)
    }

    @Test func explicitSettingsWin() {
        let layout = InstallationLayout.locate(
            environment: ["PILNVEIDE_MIGRATIONS": "/srv/m", "PILNVEIDE_COURSES": "/srv/c", "PILNVEIDE_LOCAL_DIR": "/srv/l"],
            workingDirectory: "/", executable: nil
        )
        #expect([layout.migrations.path, layout.courses.path, layout.local.path] == ["/srv/m", "/srv/c", "/srv/l"])
    }

    @Test func theCommandLineLogsLessByDefaultButReadsTheSameVariable() throws {
        let layout = InstallationLayout.locate(environment: [:], workingDirectory: "/", executable: nil)
        let environment = ["DATABASE_URL": "postgres://u:p@127.0.0.1:5432/d"]
        #expect(try AppSettings.fromEnvironment(for: .server, environment: environment, layout: layout).logLevel == .info)
        #expect(try AppSettings.fromEnvironment(for: .commandLine, environment: environment, layout: layout).logLevel == .warning)
        let debug = environment.merging(["PILNVEIDE_LOG_LEVEL": "debug"]) { $1 }
        #expect(try AppSettings.fromEnvironment(for: .commandLine, environment: debug, layout: layout).logLevel == .debug)
    }

    /// The server listens for changes on its database unless told another address (PgBouncer in transaction mode
    /// cannot keep a connection listening) or not to keep copies at all.
    @Test func whereTheServerListensForChanges() throws {
        let layout = InstallationLayout.locate(environment: [:], workingDirectory: "/", executable: nil)
        let environment = ["DATABASE_URL": "postgres://u:p@pgbouncer.example.lv:6432/d"]
        func source(_ listen: String?) throws -> AppSettings.ChangeFeedSource {
            try AppSettings.fromEnvironment(environment: environment.merging(["PILNVEIDE_LISTEN_URL": listen].compactMapValues { $0 }) { $1 },
                                            layout: layout).changeFeed
        }
        #expect(try source(nil) == .database)
        #expect(try source("off") == .off)
        #expect(try source("postgres://u:p@db.example.lv:5432/d") == .direct(try DatabaseSettings(url: "postgres://u:p@db.example.lv:5432/d")))
        #expect(throws: SettingsError.self) { try source("mysql://db.example.lv/d") }
    }
}

@Suite struct FileProblemsTests {
    @Test func problemsNameTheirFileOnceItIsKnown() {
        let problems = FileProblems([FileProblem(line: 3, message: "bad"), FileProblem(file: "other.csv", line: 1, message: "worse")])
        #expect(problems.description == "line 3: bad\nother.csv:1: worse")
        #expect(problems.inFile("people.csv").description == "people.csv:3: bad\nother.csv:1: worse")
    }
}
