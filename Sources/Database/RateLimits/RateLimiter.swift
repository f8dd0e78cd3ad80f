import Foundation
import Logging
import PostgresNIO

/// Counts requests per address in fixed windows, in the database so several server processes share the count:
/// one upsert per request on its primary key, and now and then a sweep of windows long past.
public struct RateLimiter: Sendable {
    public struct Rule: Sendable, Equatable {
        /// Names what is counted, e.g. `verification`.
        public let bucket: String
        public let requests: Int
        public let window: Duration

        public init(bucket: String, requests: Int, window: Duration) {
            self.bucket = bucket
            self.requests = requests
            self.window = window
        }
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Over the limit; the window ends in this many seconds.
        case limited(retryAfter: Int)
    }

    let database: Database

    public init(database: Database) { self.database = database }

    public func hit(_ rule: Rule, address: String, now: Date = Date()) async throws -> Decision {
        let seconds = max(1, Int(rule.window.components.seconds))
        let start = Int(now.timeIntervalSince1970) / seconds * seconds
        let count = try await database.withConnection { connection in
            let count = try await connection.query(
                """
                INSERT INTO request_rate_windows (bucket, address, window_start, requests)
                VALUES (\(rule.bucket), \(address), to_timestamp(\(start)), 1)
                ON CONFLICT (bucket, address, window_start) DO UPDATE SET requests = request_rate_windows.requests + 1
                RETURNING requests
                """,
                logger: database.logger
            ).collect()[0].decode(Int.self)
            // About one request in a thousand sweeps what is an hour old: the table stays small without a job.
            if Int.random(in: 0..<1000) == 0 {
                try await connection.query("DELETE FROM request_rate_windows WHERE window_start < now() - interval '1 hour'", logger: database.logger)
            }
            return count
        }
        return count <= rule.requests ? .allowed : .limited(retryAfter: max(1, start + seconds - Int(now.timeIntervalSince1970)))
    }
}
