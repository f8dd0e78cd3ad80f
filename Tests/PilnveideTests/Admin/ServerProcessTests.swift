import Foundation
import Testing
import TestSupport

/// The `pilnveide-api` executable as an operator starts and stops it.
@Suite(.freshDatabase) struct ServerProcessTests {
    func server(migrations: URL = TestDatabase.migrationsDirectory) throws -> (Process, Pipe) {
        let settings = try FreshDatabase.current.settings
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("pilnveide-api")
        process.environment = [
            "DATABASE_URL": "postgres://\(settings.username):\(settings.password ?? "")@\(settings.host):\(settings.port)/\(settings.database)",
            "PILNVEIDE_MIGRATIONS": migrations.path,
            "PILNVEIDE_PORT": "0",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        return (process, output)
    }

    @Test(.timeLimit(.minutes(1)))
    func refusesToServeOnASchemaThatIsBehind() throws {
        let folder = TestScratch.folder.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.copyItem(at: TestDatabase.migrationsDirectory, to: folder)
        try "SELECT 1;".write(to: folder.appendingPathComponent("0999_future.sql"), atomically: false, encoding: .utf8)
        let (process, output) = try server(migrations: folder)
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("pilnveide-api: the database schema is behind: 1 migration(s) pending (0999_future.sql); run `pilnveide migrate`"))
    }

    @Test(.timeLimit(.minutes(1)))
    func stopsCleanlyOnSIGTERM() async throws {
        let (process, output) = try server()
        try process.run()
        // Wait until it says it listens, then ask it to stop.
        var log = ""
        while !log.contains("Server started and listening") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        #expect(log.contains("Server started and listening on 127.0.0.1:"))
        process.terminate()  // SIGTERM
        log += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("stopped"))
    }
}
