import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Where the database is and how to sign in to it, parsed from a `postgres://` URL.
///
/// Passwords arrive only through the environment (`DATABASE_URL`) or the git-ignored file the local cluster
/// script writes, never through command-line arguments.
public struct DatabaseSettings: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The most connections the pool opens. Tests run many suites at once, each with its own pool, and keep
    /// it small so together they stay under the server's limit.
    public var maximumConnections = 20
    /// Whether the pool opens all its connections and keeps them (the API server), rather than opening them on demand
    /// and closing those idle for 10 s (the CLI, tests).
    public var keepsConnectionsOpen = false

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    public init(url string: String) throws(DatabaseSettingsError) {
        guard let components = URLComponents(string: string),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else { throw .invalidURL("expected postgres://user:password@host:port/database") }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL("the URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw .invalidURL("the URL names no user") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else { throw .invalidURL("the URL names no database") }
        var tls = TLSMode.disable
        if let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard let parsed = TLSMode(rawValue: mode) else {
                throw .invalidURL("sslmode must be disable, prefer or require, not '\(mode)'")
            }
            tls = parsed
        }
        self.init(
            host: host,
            port: components.port ?? 5432,
            // URLComponents has percent-decoded user, password and path already.
            username: user,
            password: components.password,
            database: database,
            tls: tls
        )
    }

    /// The settings this process should use: `DATABASE_URL` when set, otherwise the project-local cluster that
    /// `make run` (scripts/local-db.sh) created in `localDirectory`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        localDirectory: String
    ) throws(DatabaseSettingsError) -> DatabaseSettings {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return try DatabaseSettings(url: url)
        }
        let urlFile = localDirectory + "/database-url"
        guard let contents = try? String(contentsOfFile: urlFile, encoding: .utf8) else {
            throw .notConfigured(
                "DATABASE_URL is not set and there is no local database (\(urlFile)); run `make run` once, "
                    + "or set DATABASE_URL=postgres://user:password@host:port/database"
            )
        }
        return try DatabaseSettings(url: contents.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The same server and credentials, another database (tests use one database per suite).
    public func with(database: String) -> DatabaseSettings {
        var copy = self
        copy.database = database
        return copy
    }

    /// `host:port/database` — for messages; never includes the password.
    public var displayName: String { "\(host):\(port)/\(database)" }

    public var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: clientTLS
        )
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = maximumConnections
        // PostgresNIO's pool arms a timer whenever a connection goes back to it (a keep-alive ping, and an idle
        // timeout for connections over the minimum), and a timer cancelled by the next lease keeps its memory until
        // its time would have come: about 1.5 KB a request for 30-60 s, over 100 MB at a few thousand requests a
        // second. So no keep-alive pings (a broken connection is found, and replaced, when next used), and a server
        // keeps its connections rather than timing them out.
        configuration.options.keepAliveBehavior = nil
        configuration.options.connectionIdleTimeout = .seconds(10)
        if keepsConnectionsOpen { configuration.options.minimumConnections = maximumConnections }
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try connectionTLS()
        )
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// Throws rather than quietly falling back to plaintext when TLS cannot be set up.
    private func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(try .init(configuration: .makeClientConfiguration()))
        case .require: .require(try .init(configuration: .makeClientConfiguration()))
        }
    }
}

public enum DatabaseSettingsError: Error, CustomStringConvertible, Equatable {
    case invalidURL(String)
    case notConfigured(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "DATABASE_URL is not a valid PostgreSQL URL: \(reason)"
        case .notConfigured(let reason): reason
        }
    }
}
