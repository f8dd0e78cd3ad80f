import Core
import Foundation
import PostgresNIO

/// Where a person works at a moment.
public struct Placement: Sendable, Equatable {
    public let organisationID: UUID?
    public let organisationKind: OrganisationKind?
    public let region: PlanningRegion?
    public let position: Position
    public let positionStartedOn: CalendarDate?
}

/// What other modules ask of the directory inside their own transactions: they never read its tables.
extension DirectoryService {
    public func person(id: UUID, on connection: PostgresConnection) async throws -> Person? {
        try await people.find(id: id, on: connection)
    }

    /// Where people work now: their organisation, its region and their position — for records that keep a
    /// snapshot of it. One query for the people, one for their organisations.
    public func placements(of ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: Placement] {
        try await placements(of: try await people.find(ids: ids, on: connection), on: connection)
    }

    /// The same, for people already read: one query for their organisations.
    /// - Parameter fromCopies: true where the placements are only shown: the organisations may come from copies.
    public func placements(of found: [Person], fromCopies: Bool = false, on connection: PostgresConnection) async throws -> [UUID: Placement] {
        let ids = Array(Set(found.compactMap(\.organisationID)))
        let read = { (ids: [UUID]) in
            Dictionary(uniqueKeysWithValues: try await self.organisations.find(ids: ids, on: connection).map { ($0.id, $0) })
        }
        let organisations = fromCopies ? try await organisationCopies.values(for: ids, read: read) : try await read(ids)
        return Dictionary(uniqueKeysWithValues: found.map { person in
            (person.id, Placement(organisationID: person.organisationID, organisationKind: person.organisationID.flatMap { organisations[$0]?.kind },
                                  region: person.organisationID.flatMap { organisations[$0]?.region }, position: person.position,
                                  positionStartedOn: person.positionStartedOn))
        })
    }

    /// The posts these people held, oldest first: certification applies a scheme from the start of the posts it covers.
    public func positionHistory(of ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: [PositionHeld]] {
        try await people.positionHistory(of: ids, on: connection)
    }

    /// Organisations' names by id, for views that show where people work.
    public func organisationNames(ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await organisations.find(ids: ids, on: connection).map { ($0.id, $0.name) })
    }

    /// People with any of these personal codes or e-mail addresses, for files that name people by either.
    public func people(personalCodes: [PersonalCode], emails: [String], on connection: PostgresConnection) async throws -> [Person] {
        try await people.findExisting(personalCodes: personalCodes, emails: emails, on: connection)
    }

    /// People by id, for lists that show names.
    /// - Parameter fromCopies: true where the people are only shown: they may come from copies.
    public func findPeople(ids: [UUID], fromCopies: Bool = false, on connection: PostgresConnection) async throws -> [Person] {
        guard fromCopies else { return try await people.find(ids: ids, on: connection) }
        let found = try await personCopies.values(for: ids) { missing in
            Dictionary(uniqueKeysWithValues: try await people.find(ids: missing, on: connection).map { ($0.id, $0) })
        }
        return ids.compactMap { found[$0] }
    }

    /// Locks people's rows in a fixed order, so checks of their timetables cannot race; the ids found.
    @discardableResult
    public func lockPeople(_ ids: [UUID], on connection: PostgresConnection) async throws -> Set<UUID> {
        try await people.lock(ids, on: connection)
    }

    /// One page of an organisation's people by name, with how many there are.
    public func personIDs(
        inOrganisation organisation: UUID, page: PageRequest, on connection: PostgresConnection
    ) async throws -> (ids: [UUID], total: Int) {
        try await people.ids(inOrganisation: organisation, page: page, on: connection)
    }

    /// The people of an organisation, e.g. a chairperson's court.
    public func personIDs(inOrganisation organisation: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await people.ids(inOrganisation: organisation, on: connection)
    }

    /// Everyone in these positions, e.g. those a certification scheme applies to.
    public func personIDs(positions: [Position], on connection: PostgresConnection) async throws -> [UUID] {
        try await people.ids(positions: positions, on: connection)
    }

    /// People by lower-cased e-mail, for files that name people by their address.
    public func personIDs(byEmail emails: [String], on connection: PostgresConnection) async throws -> [String: UUID] {
        try await people.ids(byEmail: emails, on: connection)
    }
}
