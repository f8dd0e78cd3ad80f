import Core
import Database
import Foundation

/// The passes that keep the platform current each day, run by the server itself at a set Riga time (and once at
/// start-up when the last run is older than a day), one process at a time: everyone's certification status saved
/// for the national view with the reminders due, warnings for groups below their minimum soon before they start,
/// and the answers of closed questionnaires released. The CLI's commands stay for those who run them from cron.
public struct DailyPass: Sendable {
    public struct Outcome: Sendable, Equatable {
        /// False when another process was running it: this one did nothing.
        public let ran: Bool
        public let succeeded: Bool
        public let summary: String
    }

    let services: Services
    let store: DailyPassStore
    /// How many days before a group's first session a shortfall is warned about (as `groups check-minimums`).
    let minimumWarningDays: Int

    public init(services: Services, minimumWarningDays: Int = 14) {
        self.services = services
        store = DailyPassStore(logger: services.database.logger)
        self.minimumWarningDays = minimumWarningDays
    }

    /// Runs the passes unless another process is; records when and how it ended. A pass that fails is recorded
    /// as failed with its error and does not stop the others.
    public func run(on day: CalendarDate = .today(), now: Date = Date(), by runner: String) async throws -> Outcome {
        try await services.database.withConnection { connection in
            guard try await store.tryLock(on: connection) else {
                return Outcome(ran: false, succeeded: true, summary: "another process is running the daily pass")
            }
            do {
                let id = try await store.start(by: runner, on: connection)
                var parts: [String] = []
                var succeeded = true
                func step(_ name: String, _ work: () async throws -> String) async {
                    do { parts.append(try await work()) } catch {
                        succeeded = false
                        parts.append("\(name) failed: \(error)")
                    }
                }
                await step("certification") {
                    let result = try await services.certificationPass.run(on: day)
                    return "certification: \(result.people) statuses saved, \(result.remindersAdded) reminders"
                }
                await step("minimums") {
                    "groups: \(try await services.outbox.warnGroupsBelowMinimum(daysBefore: minimumWarningDays, now: now)) minimum warnings"
                }
                await step("feedback") { "feedback: \(try await services.feedback.releaseClosed(now: now)) groups released" }
                let summary = parts.joined(separator: "; ")
                try await store.finish(id, succeeded: succeeded, summary: summary, on: connection)
                try await store.unlock(on: connection)
                return Outcome(ran: true, succeeded: succeeded, summary: summary)
            } catch {
                try? await store.unlock(on: connection)
                throw error
            }
        }
    }

    /// When the pass last ran and how it ended, for `/ready` and `/metrics`.
    public func lastRun() async throws -> DailyPassStore.Run? {
        try await services.database.withConnection { connection in try await store.lastRun(on: connection) }
    }
}
