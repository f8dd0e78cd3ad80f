import ArgumentParser
import Core
import App

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the JSON API (the same as the pilnveide-api executable).",
        discussion: "Settings as for pilnveide-api: DATABASE_URL, PILNVEIDE_HOST, PILNVEIDE_PORT, PILNVEIDE_LOG_LEVEL."
    )

    @Option(help: "The address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "The port to listen on (default 8080).") var port: Int?
    @Option(help: "The log level (default info).") var logLevel: String?

    func run() async throws {
        try await reportingFailures {
            try await runServer(try AppSettings.fromEnvironment(for: .server, host: host, port: port, logLevel: logLevel))
        }
    }
}
