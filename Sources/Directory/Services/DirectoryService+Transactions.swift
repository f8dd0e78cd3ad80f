import Core
import Foundation
import PostgresNIO

/// What other modules ask of the directory inside their own transactions: they never read its tables.
extension DirectoryService {
    public func person(id: UUID, on connection: PostgresConnection) async throws -> Person? {
        try await people.find(id: id, on: connection)
    }

    /// Locks people's rows in a fixed order, so checks of their timetables cannot race.
    public func lockPeople(_ ids: [UUID], on connection: PostgresConnection) async throws {
        try await people.lock(ids, on: connection)
    }

    /// The people of an organisation, e.g. a chairperson's court.
    public func personIDs(inOrganisation organisation: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await people.ids(inOrganisation: organisation, on: connection)
    }

    /// People by lower-cased e-mail, for files that name people by their address.
    public func personIDs(byEmail emails: [String], on connection: PostgresConnection) async throws -> [String: UUID] {
        try await people.ids(byEmail: emails, on: connection)
    }
}
