import Core
import Curriculum
import Database
import Foundation
import Scheduling

/// Reports the programme needs: who completed each course version, by region and position, and the pilot
/// report with participants who completed.
public struct TrainingReportService: Sendable {
    let database: Database
    let groups: GroupService
    let records: TrainingRecordStore

    public init(database: Database, groups: GroupService, records: TrainingRecordStore) {
        self.database = database
        self.groups = groups
        self.records = records
    }

    /// People who completed each course version (current records), by the region and position they had when
    /// the record was made, for records ending within the period.
    public func completionSummary(
        courseCode: String? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil, by actor: Principal
    ) async throws -> [CompletionCount] {
        guard TrainingAccess.mayReport(actor) else { throw ServiceError.forbidden("the national training summary is the inspectorate's") }
        if let from, let to, to < from { throw ServiceError.validation([FieldProblem("to", "is before from")]) }
        return try await database.withConnection { connection in
            try await records.completions(courseCode: courseCode, from: from, to: to, on: connection)
        }
    }

    /// Per course version with a pilot rule: its pilot groups, their regions, participants booked and who
    /// completed, and whether the rule is met by the groups that ran (in progress or completed).
    public func pilotReport(by actor: Principal) async throws -> [PilotReportEntry] {
        guard actor.isInspectorate else { throw ServiceError.forbidden("the pilot report is the inspectorate's") }
        return try await database.withConnection { connection in
            let versions = try await groups.catalogue.versionsWithPilotRule(on: connection)
            let groupIDs = try await groups.pilotGroupIDs(versionIDs: versions.map(\.id), on: connection)
            let all = groupIDs.values.flatMap { $0 }
            let loaded = Dictionary(uniqueKeysWithValues: try await groups.groups(ids: all, on: connection).map { ($0.id, $0) })
            let completed = try await records.completedCounts(groups: all, on: connection)
            return versions.compactMap { version in
                guard let rule = version.definition.pilot else { return nil }
                return PilotReportEntry(
                    courseCode: version.definition.code, courseVersion: version.definition.version,
                    evaluation: PilotEvaluation(
                        rule: rule,
                        groups: (groupIDs[version.id] ?? []).compactMap { loaded[$0] }.map {
                            .init(code: $0.code, region: $0.region, participants: $0.booked, completed: completed[$0.id] ?? 0, status: $0.status)
                        }
                    )
                )
            }
        }
    }
}
