import Foundation
import Logging
import PostgresNIO

/// When the daily pass last ran and how it ended; and the lock that lets one process at a time run it.
public struct DailyPassStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// The last run, finished or not.
    public struct Run: Sendable, Equatable {
        public let startedAt: Date
        public let finishedAt: Date?
        public let succeeded: Bool?
        public let summary: String?
    }

    /// Takes the pass's lock for this connection's session, if no other process holds it.
    public func tryLock(on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT pg_try_advisory_lock(hashtext('pilnveide-daily-pass'))", logger: logger)
            .collect()[0].decode(Bool.self)
    }

    public func unlock(on connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_unlock(hashtext('pilnveide-daily-pass'))", logger: logger)
    }

    public func start(by runner: String, on connection: PostgresConnection) async throws -> Int64 {
        try await connection.query("INSERT INTO daily_pass_runs (run_by) VALUES (\(runner)) RETURNING id", logger: logger)
            .collect()[0].decode(Int64.self)
    }

    public func finish(_ id: Int64, succeeded: Bool, summary: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE daily_pass_runs SET finished_at = now(), succeeded = \(succeeded), summary = \(summary) WHERE id = \(id)", logger: logger
        )
    }

    public func lastRun(on connection: PostgresConnection) async throws -> Run? {
        try await connection.query(
            "SELECT started_at, finished_at, succeeded, summary FROM daily_pass_runs ORDER BY started_at DESC, id DESC LIMIT 1", logger: logger
        ).decode((Date, Date?, Bool?, String?).self).reduce(into: [Run]()) { $0.append(Run(startedAt: $1.0, finishedAt: $1.1, succeeded: $1.2, summary: $1.3)) }.first
    }
}
