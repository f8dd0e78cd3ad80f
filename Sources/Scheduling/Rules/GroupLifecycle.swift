/// A group's life: planned → open for registration → confirmed → in progress → completed, or cancelled
/// (with a reason) at any point before it is completed. What may happen to a group depends on where it is.
extension GroupStatus {
    public func canMove(to next: GroupStatus) -> Bool {
        switch (self, next) {
        case (.planned, .open), (.open, .confirmed), (.confirmed, .inProgress), (.inProgress, .completed): true
        case (.planned, .cancelled), (.open, .cancelled), (.confirmed, .cancelled), (.inProgress, .cancelled): true
        default: false
        }
    }

    /// The statuses in which people may enrol or be moved off the waitlist, and in which a group still waits
    /// to start (so a warning about too few participants can help).
    public static let takingEnrolments: [GroupStatus] = [.open, .confirmed]

    /// Whether people may still enrol or be moved off the waitlist.
    public var takesEnrolments: Bool { Self.takingEnrolments.contains(self) }

    /// Sessions may be added and cancelled until the group starts.
    public var sessionsMayChange: Bool { [.planned, .open, .confirmed].contains(self) }

    /// Attendance is recorded from when registration opens until the group is completed or cancelled.
    public var recordsAttendance: Bool { [.open, .confirmed, .inProgress].contains(self) }
}
