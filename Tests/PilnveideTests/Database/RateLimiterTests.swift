import Database
import Foundation
import PostgresNIO
import Testing
import TestSupport

/// The public endpoints' rate limit, counted in the database: exact within one process, shared between
/// processes (each limiter here stands for one server process, with a ledger of its own).
@Suite(.freshDatabase) struct RateLimiterTests {
    /// 20 s into the current minute. Near the real time, because any limiter's occasional sweep (run by the database's
    /// clock) removes windows more than an hour old, the tests' own included.
    static let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + 20)

    func rule(_ requests: Int) -> RateLimiter.Rule {
        .init(bucket: "test-\(UUID().uuidString.prefix(8))", requests: requests, window: .seconds(60))
    }

    @Test func oneProcessAllowsExactlyTheLimitThenSaysWhenToRetry() async throws {
        let limiter = RateLimiter(database: try FreshDatabase.current.database)
        let rule = rule(5)
        var decisions: [RateLimiter.Decision] = []
        for _ in 0..<7 { decisions.append(try await limiter.hit(rule, address: "192.0.2.1", now: Self.now)) }
        #expect(decisions.prefix(5).allSatisfy { $0 == .allowed })
        // `now` is 20 s into its minute: the window ends in 40 s.
        #expect(decisions.suffix(2).allSatisfy { $0 == .limited(retryAfter: 40) }, "\(decisions)")
        // Another address has its own count.
        #expect(try await limiter.hit(rule, address: "192.0.2.2", now: Self.now) == .allowed)
    }

    @Test func aLimitReachedThroughOneProcessHoldsInTheOther() async throws {
        let database = try FreshDatabase.current.database
        let (first, second) = (RateLimiter(database: database), RateLimiter(database: database))
        let rule = rule(4)
        for _ in 0..<4 { #expect(try await first.hit(rule, address: "192.0.2.7", now: Self.now) == .allowed) }
        #expect(try await first.hit(rule, address: "192.0.2.7", now: Self.now) != .allowed)
        // The other process's first request in the window reads the shared count.
        #expect(try await second.hit(rule, address: "192.0.2.7", now: Self.now) != .allowed)
    }

    @Test func requestsAlternatingBetweenProcessesCountTogether() async throws {
        let database = try FreshDatabase.current.database
        // Synced on every request, the shared count is exact.
        let exact = [RateLimiter(database: database, syncInterval: .zero), RateLimiter(database: database, syncInterval: .zero)]
        let rule = rule(6)
        var decisions: [RateLimiter.Decision] = []
        for index in 0..<8 { decisions.append(try await exact[index % 2].hit(rule, address: "192.0.2.9", now: Self.now)) }
        #expect(decisions.prefix(6).allSatisfy { $0 == .allowed } && decisions.suffix(2).allSatisfy { $0 != .allowed }, "\(decisions)")

        // Batched (the default), a process spends at most a quarter of the allowance it last saw before it asks
        // again, so two processes together stay within the limit here (and within a quarter more at worst).
        let batched = [RateLimiter(database: database), RateLimiter(database: database)]
        let other = self.rule(6)
        var allowed = 0
        for index in 0..<20 where try await batched[index % 2].hit(other, address: "192.0.2.9", now: Self.now) == .allowed { allowed += 1 }
        #expect(allowed == 6, "\(allowed)")
    }
}

/// Requests that arrive together, and a flood over the limit.
extension RateLimiterTests {
    @Test func requestsArrivingTogetherInOneProcessNeverPassTheLimit() async throws {
        let limiter = RateLimiter(database: try FreshDatabase.current.database)
        let rule = rule(10)
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { try await limiter.hit(rule, address: "198.51.100.1", now: Self.now) == .allowed } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        // Never more than the limit; when batches race, one may be refused a little early, never late.
        #expect((8...10).contains(allowed), "\(allowed)")
    }

    @Test func aFloodOverTheLimitIsRefusedWithoutAWritePerRequest() async throws {
        let database = try FreshDatabase.current.database
        // With a long interval, hits over a limit the shared count has shown are counted here and added later.
        let limiter = RateLimiter(database: database, syncInterval: .seconds(60))
        let rule = rule(3)
        for _ in 0..<3 { #expect(try await limiter.hit(rule, address: "198.51.100.2", now: Self.now) == .allowed) }
        for _ in 0..<50 { #expect(try await limiter.hit(rule, address: "198.51.100.2", now: Self.now) != .allowed) }
        let stored = try await database.withConnection { connection in
            try await connection.query(
                "SELECT requests FROM request_rate_windows WHERE bucket = \(rule.bucket) AND address = '198.51.100.2'", logger: TestDatabase.logger
            ).collect()[0].decode(Int.self)
        }
        #expect(stored <= 4, "\(stored)")
        // Another process still sees the limit reached.
        #expect(try await RateLimiter(database: database).hit(rule, address: "198.51.100.2", now: Self.now) != .allowed)
    }
}
