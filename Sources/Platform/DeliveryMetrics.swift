import Foundation

/// The gauges `/metrics` adds to the request metrics, read from the database at each scrape (so every instance
/// reports the same): messages waiting and failed in the outbox, and when the daily pass last started and whether
/// it succeeded.
public enum DeliveryMetrics {
    public static func text(services: Services) async throws -> String {
        let counts = try await services.outbox.deliveryCounts()
        var lines = [
            "# HELP pilnveide_outbox_waiting Messages in the outbox not yet delivered.",
            "# TYPE pilnveide_outbox_waiting gauge",
            "pilnveide_outbox_waiting \(counts.waiting)",
            "# HELP pilnveide_outbox_failed Messages the outbox gave up on (see pilnveide outbox list).",
            "# TYPE pilnveide_outbox_failed gauge",
            "pilnveide_outbox_failed \(counts.failed)",
        ]
        if let last = try await DailyPass(services: services).lastRun() {
            lines += [
                "# HELP pilnveide_daily_pass_last_start_seconds When the daily pass last started (Unix time).",
                "# TYPE pilnveide_daily_pass_last_start_seconds gauge",
                "pilnveide_daily_pass_last_start_seconds \(Int(last.startedAt.timeIntervalSince1970))",
                "# HELP pilnveide_daily_pass_last_succeeded 1 if the last finished daily pass succeeded, 0 if it failed.",
                "# TYPE pilnveide_daily_pass_last_succeeded gauge",
                "pilnveide_daily_pass_last_succeeded \(last.succeeded.map { $0 ? 1 : 0 } ?? 1)",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
