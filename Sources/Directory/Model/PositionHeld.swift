import Core
import Foundation

/// One post a person held: which position, where, from when until when. The directory keeps the history
/// (the database writes it whenever a person's position, organisation or start date changes).
public struct PositionHeld: Sendable, Equatable {
    public let position: Position
    public let organisationID: UUID?
    public let organisationKind: OrganisationKind?
    public let organisationName: String?
    /// Nil when the person was in post before the directory knew them.
    public let startedOn: CalendarDate?
    /// Nil for the current post.
    public let endedOn: CalendarDate?
}
