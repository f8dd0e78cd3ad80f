import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Counts requests per address in fixed windows, in the database so several server processes share the count.
///
/// Writing every request would make the count's one row per address the bottleneck of the public endpoints (all
/// of a court's staff behind one NAT address, or a load test, share it). So each process adds its hits to the
/// shared count in batches: it consults the database on an address's first request in a window, once its own
/// hits since reach a quarter of what the shared count left, and otherwise at most every `syncInterval`; in
/// between it decides from the shared count it last read plus its own hits since. The database stays the only
/// place the count lives across processes: a process holds at most `syncInterval` of its own traffic, never more
/// than a quarter of the allowance left, and near the limit every request is decided on the shared count. So one
/// process is exact, and several together may admit at most a quarter of the allowance more per process.
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
    let syncInterval: Duration
    private let ledger = Ledger()

    public init(database: Database, syncInterval: Duration = .milliseconds(100)) {
        self.database = database
        self.syncInterval = syncInterval
    }

    public func hit(_ rule: Rule, address: String, now: Date = Date()) async throws -> Decision {
        let seconds = max(1, Int(rule.window.components.seconds))
        let start = Int(now.timeIntervalSince1970) / seconds * seconds
        let key = Key(bucket: rule.bucket, address: address, windowStart: start)
        let decision: Decision = .limited(retryAfter: max(1, start + seconds - Int(now.timeIntervalSince1970)))
        switch ledger.count(key, limit: rule.requests, syncInterval: syncInterval) {
        case .estimate(let count):
            return count <= rule.requests ? .allowed : decision
        case .sync(let hits):
            let shared: Int
            do {
                shared = try await add(hits, to: key)
            } catch {
                ledger.failed(key, hits: hits)
                throw error
            }
            let count = ledger.synced(key, shared: shared, windowLength: seconds)
            return count <= rule.requests ? .allowed : decision
        }
    }

    /// Adds this process's hits to the shared count and returns the count.
    private func add(_ hits: Int, to key: Key) async throws -> Int {
        try await database.withConnection { connection in
            let count = try await connection.query(
                """
                INSERT INTO request_rate_windows (bucket, address, window_start, requests)
                VALUES (\(key.bucket), \(key.address), to_timestamp(\(key.windowStart)), \(hits))
                ON CONFLICT (bucket, address, window_start) DO UPDATE SET requests = request_rate_windows.requests + EXCLUDED.requests
                RETURNING requests
                """,
                logger: database.logger
            ).collect()[0].decode(Int.self)
            // About one sync in a thousand sweeps what is an hour old: the table stays small without a job.
            if Int.random(in: 0..<1000) == 0 {
                try await connection.query("DELETE FROM request_rate_windows WHERE window_start < now() - interval '1 hour'", logger: database.logger)
            }
            return count
        }
    }

    struct Key: Hashable, Sendable {
        let bucket: String
        let address: String
        let windowStart: Int
    }

    /// This process's view of each counted window: the shared count when last read, and its own hits since.
    final class Ledger: Sendable {
        struct Entry {
            var shared = 0
            var pending = 0
            var lastSync: ContinuousClock.Instant?
            var syncing = false
        }

        enum Step {
            /// Decide from this count without the database.
            case estimate(Int)
            /// Add these hits to the shared count, then decide from what it returns.
            case sync(hits: Int)
        }

        private let entries = Mutex<[Key: Entry]>([:])

        func count(_ key: Key, limit: Int, syncInterval: Duration) -> Step {
            let now = ContinuousClock.now
            return entries.withLock { entries in
                var entry = entries[key] ?? Entry()
                entry.pending += 1
                let estimate = entry.shared + entry.pending
                let due = entry.lastSync.map { now - $0 >= syncInterval } ?? true
                // At most a quarter of what the shared count left is spent unseen: as the limit nears, every request
                // asks the database. Otherwise one sync at a time per window, when due.
                if entry.pending * 4 >= limit - entry.shared || (due && !entry.syncing) {
                    let hits = entry.pending
                    entry.pending = 0
                    entry.syncing = true
                    entries[key] = entry
                    return .sync(hits: hits)
                }
                entries[key] = entry
                return .estimate(estimate)
            }
        }

        /// Records the shared count a sync returned (the syncing request's own count); forgets windows that have ended.
        func synced(_ key: Key, shared: Int, windowLength: Int) -> Int {
            let now = ContinuousClock.now
            return entries.withLock { entries in
                var entry = entries[key] ?? Entry()
                entry.shared = max(entry.shared, shared)
                entry.syncing = false
                entry.lastSync = now
                entries[key] = entry
                if entries.count > 1_000 {
                    entries = entries.filter { $0.key.windowStart + windowLength > key.windowStart }
                }
                return shared
            }
        }

        /// A sync that failed gives its hits back, to be added by the next one.
        func failed(_ key: Key, hits: Int) {
            entries.withLock { entries in
                entries[key, default: Entry()].pending += hits
                entries[key, default: Entry()].syncing = false
            }
        }
    }
}
