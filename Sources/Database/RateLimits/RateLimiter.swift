import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Counts requests per address in fixed windows, in the database so several server processes share the count.
///
/// Writing every request would make the count's one row per address the bottleneck of the public endpoints (all
/// of a court's staff behind one NAT address, or a load test, share it). So each process counts its own hits
/// first and adds them to the shared count in batches: on an address's first request in a window, when the hits it
/// has not yet seen added reach a quarter of what the shared count left, and otherwise on a request at least
/// `syncInterval` after the last addition. It decides from the shared count it last read plus every hit of its
/// own since, added or not, so one process alone never admits more than the limit (when its additions race, it
/// may refuse one or two requests early); several together may admit at most a quarter of the allowance left more
/// each, between two of their additions. Once the shared count is over the limit it refuses
/// without asking (a window's count only grows), and adds those hits when due, so a flood costs no write per request.
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
        switch ledger.count(key, limit: rule.requests, windowEnd: start + seconds, syncInterval: syncInterval) {
        case .estimate(let count):
            return count <= rule.requests ? .allowed : decision
        case .sync(let hits, let estimate):
            let shared: Int
            do {
                shared = try await add(hits, to: key)
            } catch {
                ledger.failed(key, hits: hits)
                throw error
            }
            ledger.synced(key, hits: hits, shared: shared, now: Int(now.timeIntervalSince1970))
            // This request came last in its batch, so the shared count now includes every hit before it in every
            // process that has added its own; the estimate covers this process's hits still on their way.
            return max(estimate, shared) <= rule.requests ? .allowed : decision
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

    /// This process's view of each counted window: the shared count when last read, its hits on their way to the
    /// database, and its hits not yet sent.
    final class Ledger: Sendable {
        struct Entry {
            var shared = 0
            var inFlight = 0
            var pending = 0
            var syncs = 0
            var lastSync: ContinuousClock.Instant?
            let windowEnd: Int
        }

        struct State {
            var entries: [Key: Entry] = [:]
            var lastPruned = 0
        }

        enum Step {
            /// Decide from this count without the database.
            case estimate(Int)
            /// Add these hits to the shared count, then decide from what it returns and this estimate.
            case sync(hits: Int, estimate: Int)
        }

        private let state = Mutex(State())

        func count(_ key: Key, limit: Int, windowEnd: Int, syncInterval: Duration) -> Step {
            let now = ContinuousClock.now
            return state.withLock { state in
                var entry = state.entries[key] ?? Entry(windowEnd: windowEnd)
                entry.pending += 1
                let estimate = entry.shared + entry.inFlight + entry.pending
                let left = limit - entry.shared
                let due = entry.syncs == 0 && (entry.lastSync.map { now - $0 >= syncInterval } ?? true)
                // Near the limit every request asks; over it (known from the shared count) none needs to.
                let near = left > 0 && (entry.inFlight + entry.pending) * 4 >= left
                guard near || due else {
                    state.entries[key] = entry
                    return .estimate(estimate)
                }
                let hits = entry.pending
                entry.inFlight += hits
                entry.pending = 0
                entry.syncs += 1
                entry.lastSync = now
                state.entries[key] = entry
                return .sync(hits: hits, estimate: estimate)
            }
        }

        /// Records the shared count a sync returned; now and then forgets windows that have ended.
        func synced(_ key: Key, hits: Int, shared: Int, now: Int) {
            state.withLock { state in
                if var entry = state.entries[key] {
                    entry.inFlight -= hits
                    entry.syncs -= 1
                    entry.shared = max(entry.shared, shared)
                    state.entries[key] = entry
                }
                // At most once a second, and only when many addresses are kept: each entry by its own window.
                if state.entries.count > 1_000, state.lastPruned != now {
                    state.lastPruned = now
                    state.entries = state.entries.filter { $0.value.windowEnd > now || $0.value.inFlight > 0 }
                }
            }
        }

        /// A sync that failed gives its hits back, to be added by the next one.
        func failed(_ key: Key, hits: Int) {
            state.withLock { state in
                guard var entry = state.entries[key] else { return }
                entry.inFlight -= hits
                entry.pending += hits
                entry.syncs -= 1
                state.entries[key] = entry
            }
        }
    }
}
