import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A running connection pool plus the logger its queries report to.
///
/// Services hold a `Database` and open transactions through it; SQL itself lives in the stores.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    /// What this process hears of changes to tables it keeps copies of; hears nothing unless its `run` is running
    /// (the API server runs it), and then nothing is served from a copy.
    public let changes: ChangeFeed

    public init(client: PostgresClient, logger: Logger, changes: ChangeFeed = ChangeFeed()) {
        self.client = client
        self.logger = logger
        self.changes = changes
    }

    /// Runs `body` in one transaction and rethrows the error it threw (not PostgresNIO's wrapper), so callers
    /// can map domain errors to responses.
    public func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    /// A transaction that writes `tables`, whose copies in this process are out of date as soon as it is over (other
    /// processes hear of it from the tables' triggers).
    public func transaction<Result: Sendable>(
        changing tables: String..., body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        defer { for table in tables { changes.changed(table) } }
        return try await transaction(body)
    }

    /// Runs `body` with one pooled connection, outside any explicit transaction.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in try await body(connection) }
    }
}

extension Database {
    /// Opens one connection directly (not through the pool) and closes it again, so a wrong host, password or
    /// database name fails at once with PostgreSQL's own reason instead of leaving the pool retrying.
    public static func probe(_ settings: DatabaseSettings, logger: Logger) async throws(DatabaseUnavailable) {
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(),
                configuration: try settings.connectionConfiguration(),
                id: 0,
                logger: logger
            )
            try await connection.query("SELECT 1", logger: logger)
            try await connection.close()
        } catch {
            throw DatabaseUnavailable(settings: settings, underlying: error)
        }
    }

    /// Starts a pool for `settings`, probes it, runs `body` and shuts the pool down again.
    /// For short-lived processes (the admin CLI, tests); the API server runs the pool as a service instead.
    public static func withDatabase<Result: Sendable>(
        _ settings: DatabaseSettings,
        logger: Logger,
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        try await probe(settings, logger: logger)
        // The body may lease a connection a moment before `run()` starts, which the pool reports as a
        // warning although the lease just waits; only errors are worth a short-lived process's output.
        var backgroundLogger = logger
        backgroundLogger.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: backgroundLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(Database(client: client, logger: logger))
        }
    }
}

/// The database could not be reached or refused the sign-in; `description` is one line for an operator.
public struct DatabaseUnavailable: Error, CustomStringConvertible {
    public let settings: DatabaseSettings
    public let underlying: any Error

    public var description: String {
        let target = "PostgreSQL at \(settings.displayName) as \(settings.username)"
        if let error = underlying as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return "cannot use \(target): \(message)"
            }
            switch error.code {
            case .connectionError, .uncleanShutdown, .serverClosedConnection:
                let cause = error.underlying.map { String(describing: $0) } ?? "connection failed"
                return "cannot reach \(target): \(cause)"
            default:
                return "cannot use \(target): \(error.code)"
            }
        }
        return "cannot reach \(target): \(underlying)"
    }
}
