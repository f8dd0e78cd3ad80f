import Core
import Database
import Directory
import Foundation
import PostgresNIO

/// The inspectorate's national view: how many people are in each state by region and position, and who is due,
/// in grace, expired or never started — read from the statuses the daily pass saved, so it stays fast however
/// many people there are.
public struct NationalCertificationService: Sendable {
    let database: Database
    let snapshots: StatusSnapshotStore
    let directory: DirectoryService

    public init(database: Database, snapshots: StatusSnapshotStore, directory: DirectoryService) {
        self.database = database
        self.snapshots = snapshots
        self.directory = directory
    }

    public func counts(scheme: String? = nil, grouping: NationalCount.Grouping = .regionAndPosition, by actor: Principal) async throws -> [NationalCount] {
        guard actor.isInspectorate else { throw ServiceError.forbidden("the national view is the inspectorate's") }
        return try await database.withConnection { connection in
            var counts = try await snapshots.counts(scheme: scheme, by: grouping, on: connection)
            guard grouping == .court else { return counts }
            let names = try await directory.organisationNames(ids: Array(Set(counts.compactMap(\.organisationID))), on: connection)
            for index in counts.indices { counts[index].organisationName = counts[index].organisationID.flatMap { names[$0] } }
            return counts
        }
    }

    /// One page of the people the filter names, soonest deadline first, with their names.
    public func people(_ filter: NationalFilter, page: PageRequest, by actor: Principal) async throws -> (page: Page<NationalEntry>, names: [UUID: String]) {
        guard actor.isInspectorate else { throw ServiceError.forbidden("the national view is the inspectorate's") }
        guard (0...3650).contains(filter.dueWithinDays) else {
            throw ServiceError.validation([FieldProblem("dueWithinDays", "must be between 0 and 3650")])
        }
        return try await database.withConnection { connection in
            let (items, total) = try await snapshots.people(filter, page: page, on: connection)
            let people = try await directory.findPeople(ids: Array(Set(items.map(\.personID))), on: connection)
            let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id, "\($0.givenName) \($0.familyName)") })
            return (Page(items: items, total: total, request: page), names)
        }
    }
}
