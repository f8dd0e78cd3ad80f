import Database
import Foundation
import PostgresNIO
import Synchronization
import Testing
import TestSupport

/// Copies served only while the feed listens and the table has not changed: a change committed anywhere (here a
/// notification sent from another connection, or a certificate's trigger) makes the next read go to the database,
/// as does a lost listening connection, and nothing not found is kept.
@Suite(.freshDatabase, .serialized) struct ChangeFeedTests {
    /// Counts the reads that reached "the database".
    final class Reads: Sendable {
        let count = Mutex(0)
        func read(_ value: String?) -> String? {
            count.withLock { $0 += 1 }
            return value
        }
        var total: Int { count.withLock { $0 } }
    }

    /// Runs a feed on the suite's database for the length of `body`, once it listens.
    func listening(heartbeat: Duration = .seconds(5), _ body: (ChangeFeed) async throws -> Void) async throws {
        let feed = ChangeFeed()
        let settings = try FreshDatabase.current.settings
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await feed.run(settings, logger: TestDatabase.logger, retryDelay: .milliseconds(50), heartbeat: heartbeat) }
            defer { group.cancelAll() }
            try await eventually { feed.generation(of: "any table") != nil }
            try await body(feed)
        }
    }

    /// Each feed hears every notification on the database (and one test drops every listener, hence `.serialized`):
    /// each test's copies are of a "table" of its own.
    let table = "copies-\(UUID())"

    func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(25)) }
        #expect(condition())
    }

    /// The suite database's listening backend, idle between statements: its last query was LISTEN or a heartbeat.
    func listener() async throws -> Int32? {
        for _ in 0..<40 {
            if let pid = try await idleListener() { return pid }
            try await Task.sleep(for: .milliseconds(25))
        }
        return nil
    }

    private func idleListener() async throws -> Int32? {
        try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(
                """
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle' AND wait_event = 'ClientRead'
                  AND (query LIKE 'LISTEN%' OR query LIKE 'SELECT pg_notify(%, '''')')
                """,
                logger: TestDatabase.logger
            ).collect().first?.decode(Int32.self)
        }
    }

    func notify(_ table: String) async throws {
        _ = try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query("SELECT pg_notify(\(ChangeFeed.channel), \(table))", logger: TestDatabase.logger)
        }
    }

    @Test func withoutListeningEveryReadGoesToTheDatabase() async throws {
        let feed = ChangeFeed()
        let reads = Reads()
        let cache = CachedReads<String, String>(changes: feed, tables: [table], capacity: 10)
        for _ in 0..<3 { #expect(try await cache.value(for: "BAC-1") { reads.read("derīgs") } == "derīgs") }
        #expect(reads.total == 3 && cache.count == 0)
    }

    @Test func aCopyIsServedUntilItsTableChangesAnywhere() async throws {
        try await listening { feed in
            let reads = Reads()
            let cache = CachedReads<String, String>(changes: feed, tables: [table], capacity: 10)
            #expect(try await cache.value(for: "BAC-1") { reads.read("derīgs") } == "derīgs")
            #expect(try await cache.value(for: "BAC-1") { reads.read("derīgs") } == "derīgs")
            #expect(reads.total == 1)

            // Another table's change leaves the copy; this table's, sent by another connection, ends it.
            let before = feed.generation(of: table)
            let other = "people-\(UUID())"
            let otherBefore = feed.generation(of: other)
            try await notify(other)
            try await eventually { feed.generation(of: other) != otherBefore }
            #expect(try await cache.value(for: "BAC-1") { reads.read("atsaukts") } == "derīgs")
            try await notify(table)
            try await eventually { feed.generation(of: table) != before }
            #expect(try await cache.value(for: "BAC-1") { reads.read("atsaukts") } == "atsaukts")
            #expect(reads.total == 2)
        }
    }

    @Test func aChangeMadeHereEndsTheCopyAtOnce() async throws {
        try await listening { feed in
            let reads = Reads()
            let cache = CachedReads<String, String>(changes: feed, tables: [table], capacity: 10)
            _ = try await cache.value(for: "BAC-1") { reads.read("derīgs") }
            feed.changed(table)
            #expect(try await cache.value(for: "BAC-1") { reads.read("atsaukts") } == "atsaukts")
        }
    }

    /// A read that began before a change and ends after it was heard of is never served again.
    @Test func aReadOverlappingAChangeIsNotServedAgain() async throws {
        try await listening { feed in
            let reads = Reads()
            let cache = CachedReads<String, String>(changes: feed, tables: [table], capacity: 10)
            _ = try await cache.value(for: "BAC-1") {
                feed.changed(table)
                return reads.read("derīgs")
            }
            #expect(try await cache.value(for: "BAC-1") { reads.read("atsaukts") } == "atsaukts")
        }
    }

    @Test func whatIsNotFoundIsReadAgainAndCopiesStayWithinCapacity() async throws {
        try await listening { feed in
            let reads = Reads()
            let cache = CachedReads<String, String>(changes: feed, tables: [table], capacity: 3)
            #expect(try await cache.value(for: "BAC-404") { reads.read(nil) } == nil)
            #expect(try await cache.value(for: "BAC-404") { reads.read(nil) } == nil)
            #expect(reads.total == 2 && cache.count == 0)
            for number in 1...7 { _ = try await cache.value(for: "BAC-\(number)") { reads.read("derīgs") } }
            #expect(cache.count <= 3)
        }
    }

    @Test func aCopyOutlivingItsLifetimeIsReadAgain() async throws {
        try await listening { feed in
            let reads = Reads()
            let cache = CachedReads<String, String>(changes: feed, tables: [table], capacity: 10, lifetime: .milliseconds(50))
            _ = try await cache.value(for: "BAC-1") { reads.read("derīgs") }
            try await Task.sleep(for: .milliseconds(80))
            _ = try await cache.value(for: "BAC-1") { reads.read("derīgs") }
            #expect(reads.total == 2)
        }
    }

    /// Changes made while the listening connection was down were not heard of: nothing from before is served.
    @Test func aLostListeningConnectionEndsEveryCopy() async throws {
        try await listening { feed in
            let reads = Reads()
            let cache = CachedReads<String, String>(changes: feed, tables: [table], capacity: 10)
            _ = try await cache.value(for: "BAC-1") { reads.read("derīgs") }
            let before = feed.generation(of: table)
            let pid = try #require(try await listener())
            _ = try await FreshDatabase.current.database.withConnection { connection in
                try await connection.query("SELECT pg_terminate_backend(\(pid))", logger: TestDatabase.logger)
            }
            try await eventually { feed.generation(of: table) != nil && feed.generation(of: table) != before }
            #expect(try await cache.value(for: "BAC-1") { reads.read("atsaukts") } == "atsaukts")
        }
    }

    /// Heartbeats keep a live connection listening without ending any copy; a connection that hears nothing (its
    /// server process stopped, as a dead network would leave it) is replaced within a few heartbeats.
    @Test func aQuietConnectionIsReplaced() async throws {
        try await listening(heartbeat: .milliseconds(400)) { feed in
            let reads = Reads()
            let cache = CachedReads<String, String>(changes: feed, tables: [table], capacity: 10)
            _ = try await cache.value(for: "BAC-1") { reads.read("derīgs") }
            let before = feed.generation(of: table)
            try await Task.sleep(for: .milliseconds(1_500))
            #expect(feed.generation(of: table) == before)
            #expect(try await cache.value(for: "BAC-1") { reads.read("derīgs") } == "derīgs" && reads.total == 1)

            let pid = try #require(try await listener())
            // Only a PostgreSQL process of this machine (not one in another namespace that shares the number).
            let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
            try #require(command.contains("postgres"), "process \(pid) is not a PostgreSQL backend here: \(command)")
            try #require(kill(pid, SIGSTOP) == 0, "the tests signal the database server's processes (errno \(errno))")
            defer { kill(pid, SIGCONT) }
            try await eventually { feed.generation(of: table) != nil && feed.generation(of: table) != before }
            #expect(try await cache.value(for: "BAC-1") { reads.read("atsaukts") } == "atsaukts")
        }
    }

    /// Migration 0012: any statement on certificates notifies when it commits, even one that changed no row.
    @Test func certificatesNotifyWhenTheyChange() async throws {
        try await listening { feed in
            let before = feed.generation(of: "certificates")
            _ = try await FreshDatabase.current.database.transaction { connection in
                try await connection.query("UPDATE certificates SET state_reason = state_reason WHERE false", logger: TestDatabase.logger)
            }
            try await eventually { feed.generation(of: "certificates") != before }
        }
    }
}
