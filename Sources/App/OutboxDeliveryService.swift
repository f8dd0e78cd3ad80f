import Foundation
import Logging
import Messaging
import ServiceLifecycle

/// Delivers the outbox every few seconds while the server runs; every instance may, since a claim is a lease no
/// other instance takes. Stops with the server.
struct OutboxDeliveryService: Service {
    let sender: OutboxSender
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let report = try await sender.deliverDue()
                    if report != .init() {
                        logger.info("outbox: \(report.sent) sent, \(report.retried) to retry, \(report.failed) failed")
                    }
                } catch {
                    logger.error("outbox delivery: \(String(reflecting: error))")
                }
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
