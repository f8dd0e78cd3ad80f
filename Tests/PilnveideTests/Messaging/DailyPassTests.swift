import Core
import Database
import Foundation
import Platform
import PostgresNIO
import Testing
import TestSupport

/// The daily pass the server runs itself: at its Riga time across the clock changes, one process at a time,
/// recorded, and reported by `/ready` and `/metrics`.
@Suite struct DailyScheduleTests {
    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func theNextRunIsTheNextRigaTimeOfDayAcrossTheClockChanges() throws {
        let three = try #require(DailySchedule("03:00"))
        #expect(three.next(after: utc("2027-01-15T02:00:00Z")) == utc("2027-01-16T01:00:00Z"))   // 04:00 in Riga: tomorrow at 03:00 (+02:00)
        #expect(three.next(after: utc("2027-07-15T00:30:00Z")) == utc("2027-07-16T00:00:00Z"))   // 03:30 in summer (+03:00)
        #expect(three.next(after: utc("2027-07-14T23:30:00Z")) == utc("2027-07-15T00:00:00Z"))   // 02:30: later the same night
        // 2027-03-28: the clocks jump from 03:00 to 04:00, so 03:00 does not exist; it runs at the first time after.
        #expect(three.next(after: utc("2027-03-27T23:30:00Z")) == utc("2027-03-28T01:00:00Z"))
        for bad in ["3:00", "24:00", "03:60", "0300", "03:00:00", "", "off"] { #expect(DailySchedule(bad) == nil, "\(bad)") }
        #expect(DailySchedule.isStale(lastStarted: nil, now: Date()))
        #expect(DailySchedule.isStale(lastStarted: utc("2027-01-01T03:00:00Z"), now: utc("2027-01-02T03:00:01Z")))
        #expect(!DailySchedule.isStale(lastStarted: utc("2027-01-01T03:00:00Z"), now: utc("2027-01-02T02:59:00Z")))
    }
}

@Suite(.freshDatabase) struct DailyPassTests {
    @Test func itRunsOnceAtATimeAndIsRecordedAndReported() async throws {
        let database = try FreshDatabase.current.database
        let services = try await Services(database: database)
        let pass = DailyPass(services: services)
        #expect(try await pass.lastRun() == nil)
        // While another process holds the pass's lock, this one does nothing.
        try await database.withConnection { connection in
            #expect(try await DailyPassStore(logger: database.logger).tryLock(on: connection))
            let skipped = try await pass.run(by: "test")
            #expect(!skipped.ran && skipped.summary == "another process is running the daily pass")
            try await DailyPassStore(logger: database.logger).unlock(on: connection)
        }
        #expect(try await pass.lastRun() == nil)
        let outcome = try await pass.run(by: "test")
        #expect(outcome.ran && outcome.succeeded)
        #expect(outcome.summary.hasPrefix("certification: ") && outcome.summary.contains("minimum warnings") && outcome.summary.contains("feedback: "))
        let last = try #require(try await pass.lastRun())
        #expect(last.succeeded == true && last.finishedAt != nil && last.summary == outcome.summary)
        #expect(!DailySchedule.isStale(lastStarted: last.startedAt, now: Date()))
    }

    @Test func readyAndMetricsSayWhenItLastRan() async throws {
        try await withAPI { api, _ in
            let services = try await Services(database: try FreshDatabase.current.database)
            _ = try await DailyPass(services: services).run(by: "test")
            let ready = try await api.request(.get, "/ready")
            #expect(ready["status"] == "ready")
            #expect(ready.text.contains(#""dailyPass":{"#) && ready.text.contains(#""succeeded":true"#))
            let metrics = try await api.request(.get, "/metrics").text
            #expect(metrics.contains("\npilnveide_daily_pass_last_succeeded 1\n") && metrics.contains("\npilnveide_outbox_failed "))
        }
    }
}
