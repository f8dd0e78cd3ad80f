import Core
import Database
import Directory
import Foundation
import PostgresNIO

/// Applies a schedule file: its groups with their sessions, opened where the file says so.
public struct SchedulePlanService: Sendable {
    let database: Database
    let groups: GroupService
    let sessions: SessionService

    public init(database: Database, groups: GroupService, sessions: SessionService) {
        self.database = database
        self.groups = groups
        self.sessions = sessions
    }

    /// Creates every group of a schedule with its sessions (and opens those marked so) in one transaction.
    /// Each group is tried under its own savepoint so every bad group is reported with its line; if any is
    /// bad, nothing at all is created.
    public func apply(_ plan: SchedulePlan, by actor: Principal) async throws -> (groups: Int, sessions: Int) {
        try await database.transaction { connection in
            let emails = plan.groups.flatMap { [$0.leadTrainerEmail] + $0.coTrainerEmails }
            let people = try await groups.directory.personIDs(byEmail: emails, on: connection)
            var problems: [FileProblem] = []
            var sessionCount = 0
            for planned in plan.groups {
                func problem(_ line: Int, _ message: String) {
                    problems.append(FileProblem(file: plan.file, line: line, message: "group \(planned.code): \(message)"))
                }
                let unknown = ([planned.leadTrainerEmail] + planned.coTrainerEmails).filter { people[$0.lowercased()] == nil }
                guard unknown.isEmpty else {
                    problem(planned.line, "no person in the directory has the e-mail \(unknown.joined(separator: ", "))")
                    continue
                }
                let draft = planned.draft(leadTrainerID: people[planned.leadTrainerEmail.lowercased()]!,
                                          coTrainerIDs: planned.coTrainerEmails.map { people[$0.lowercased()]! })
                var line = planned.line
                do {
                    try await connection.withSavepoint("planned_group", logger: database.logger) {
                        let id = try await groups.createGroup(draft, by: actor, on: connection)
                        for session in planned.sessions {
                            line = session.line
                            try await sessions.addSession(to: id, session.draft, by: actor, on: connection)
                        }
                        if planned.open {
                            line = planned.openLine
                            try await groups.changeStatus(of: id, to: .open, reason: nil, by: actor, on: connection)
                        }
                    }
                    sessionCount += planned.sessions.count
                } catch let error as ServiceError {
                    problem(line, error.fieldsDescription)
                }
            }
            if !problems.isEmpty { throw FileProblems(problems) }
            return (plan.groups.count, sessionCount)
        }
    }
}

extension SchedulePlan.PlannedGroup {
    /// The group as a draft, once its trainers' e-mail addresses are resolved to people.
    func draft(leadTrainerID: UUID, coTrainerIDs: [UUID]) -> GroupDraft {
        var draft = GroupDraft(code: code, courseCode: courseCode, courseVersion: courseVersion, region: region,
                               leadTrainerID: leadTrainerID, capacity: capacity)
        draft.kind = kind
        draft.venue = venue
        draft.online = online
        draft.coTrainerIDs = coTrainerIDs
        draft.minimumParticipants = minimumParticipants
        draft.pilot = pilot
        draft.registrationOpensAt = registrationOpensAt
        draft.registrationClosesAt = registrationClosesAt
        draft.cancellationDeadline = cancellationDeadline
        return draft
    }
}
