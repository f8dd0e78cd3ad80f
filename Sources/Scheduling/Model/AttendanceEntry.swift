import Foundation

/// One line of a session's attendance sheet as a trainer sends it.
public struct AttendanceEntry: Sendable, Equatable {
    public var personID: UUID
    public var mark: AttendanceMark
    /// Why a marking already made is changed; the sheet's reason when absent.
    public var reason: String?

    public init(personID: UUID, mark: AttendanceMark, reason: String? = nil) {
        self.personID = personID
        self.mark = mark
        self.reason = reason
    }
}
