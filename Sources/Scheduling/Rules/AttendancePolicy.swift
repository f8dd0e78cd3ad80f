import Foundation

/// When trainers may mark a session: from a while before it starts (set by the installation) until the
/// group is closed.
public struct AttendancePolicy: Sendable {
    public let opensBeforeStart: Duration

    public init(opensBeforeStart: Duration = .seconds(30 * 60)) { self.opensBeforeStart = opensBeforeStart }
}
