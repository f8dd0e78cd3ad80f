import Core
import Foundation

/// When people may enrol and cancel.
public struct RegistrationWindow: Sendable, Equatable {
    public let opensAt: Date?
    public let closesAt: Date?
    public let cancellationDeadline: Date?

    public init(opensAt: Date?, closesAt: Date?, cancellationDeadline: Date?) {
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.cancellationDeadline = cancellationDeadline
    }

    /// Nil when enrolling at `now` is allowed, else why not.
    public func enrolmentRefusal(at now: Date) -> String? {
        if let opensAt, now < opensAt { return "registration opens at \(RigaTime.localText(opensAt))" }
        if let closesAt, now >= closesAt { return "registration closed at \(RigaTime.localText(closesAt))" }
        return nil
    }

    public func cancellationRefusal(at now: Date) -> String? {
        if let cancellationDeadline, now >= cancellationDeadline {
            return "the cancellation deadline passed at \(RigaTime.localText(cancellationDeadline))"
        }
        return nil
    }
}
