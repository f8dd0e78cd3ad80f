import Core
import Foundation
import Logging
import Platform
import ServiceLifecycle

/// Runs the daily pass at its Riga time of day, and once at start-up when the last run is older than a day (a
/// server that was down overnight catches up). Every instance keeps time; the pass's lock lets only one run it.
struct DailyPassService: Service {
    let pass: DailyPass
    let schedule: DailySchedule
    let runner: String
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            do {
                // A last run that failed or never finished (a crash, a shutdown) does not count: run again.
                let last = try await pass.lastRun()
                if DailySchedule.isStale(lastStarted: last?.succeeded == true ? last?.startedAt : nil, now: Date()) { await runOnce() }
            } catch {
                logger.error("daily pass: could not read when it last ran: \(String(reflecting: error))")
            }
            while !Task.isCancelled {
                let next = schedule.next(after: Date())
                do { try await Task.sleep(for: .seconds(max(1, next.timeIntervalSinceNow))) } catch { return }
                await runOnce()
            }
        }
    }

    func runOnce() async {
        do {
            let outcome = try await pass.run(by: runner)
            if outcome.ran {
                logger.log(level: outcome.succeeded ? .info : .error, "daily pass: \(outcome.summary)")
            }
        } catch {
            logger.error("daily pass failed: \(String(reflecting: error))")
        }
    }
}
