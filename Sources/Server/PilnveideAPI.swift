import ArgumentParser
import Foundation
import App

@main
struct PilnveideAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilnveide-api",
        abstract: "Serve the Pilnveide JSON API.",
        discussion: """
            Settings come from the environment; options given here override them.
              DATABASE_URL                      postgres://user:password@host:port/database (default: the
                                                project-local cluster that `make run` created, .local/database-url)
              PILNVEIDE_HOST, PILNVEIDE_PORT    where to listen (default 127.0.0.1:8080)
              PILNVEIDE_LOG_LEVEL               trace, debug, info, notice, warning, error, critical (default info)
              PILNVEIDE_MIGRATIONS              the migrations folder (default: Migrations/ of the checkout
                                                found from the working directory or this executable)
              PILNVEIDE_LOCAL_DIR               the project-local cluster's folder (default: .local/ of the checkout)
              PILNVEIDE_TOKEN_LIFETIME_MINUTES  how long a sign-in token lasts (default 480)
              PILNVEIDE_TRUSTED_PROXIES         reverse proxies whose X-Forwarded-For names the client
            The server refuses to start when the database is unreachable or its schema is behind.
            SIGTERM or SIGINT stop it gracefully.
            """
    )

    @Option(help: "The address to listen on.") var host: String?
    @Option(help: "The port to listen on.") var port: Int?
    @Option(help: "The log level.") var logLevel: String?

    func run() async throws {
        do {
            try await runServer(try AppSettings.fromEnvironment(for: .server, host: host, port: port, logLevel: logLevel))
        } catch {
            FileHandle.standardError.write(Data("pilnveide-api: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
