import Core
import Curriculum
import Database
import Foundation

/// The pilot report: per course version with a pilot rule, its pilot groups and whether the rule is met.
public struct PilotReportService: Sendable {
    let database: Database
    let groups: GroupService

    public init(database: Database, groups: GroupService) {
        self.database = database
        self.groups = groups
    }

    /// Per course version with a pilot rule: its pilot groups, their regions and participants, and whether the
    /// rule is met by the groups that ran (in progress or completed). Participants are the people booked.
    public func pilotReport(by actor: Principal) async throws -> [PilotReportEntry] {
        guard actor.isInspectorate else {
            throw ServiceError.forbidden("the pilot report is the inspectorate's")
        }
        return try await database.withConnection { connection in
            let versions = try await groups.catalogue.versionsWithPilotRule(on: connection)
            let groupIDs = try await groups.store.pilotGroupIDs(versionIDs: versions.map(\.id), on: connection)
            let loaded = Dictionary(
                uniqueKeysWithValues: try await groups.groups(ids: groupIDs.values.flatMap { $0 }, on: connection).map { ($0.id, $0) }
            )
            return versions.compactMap { version in
                guard let rule = version.definition.pilot else { return nil }
                return PilotReportEntry(
                    courseCode: version.definition.code, courseVersion: version.definition.version,
                    evaluation: PilotEvaluation(
                        rule: rule,
                        groups: (groupIDs[version.id] ?? []).compactMap { loaded[$0] }.map {
                            .init(code: $0.code, region: $0.region, participants: $0.booked, status: $0.status)
                        }
                    )
                )
            }
        }
    }
}
