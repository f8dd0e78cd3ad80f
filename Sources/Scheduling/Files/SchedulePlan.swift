import Core
import Curriculum
import Foundation
import Yams

/// A schedule file: groups with their sessions, as trainers or the inspectorate plan them (format in
/// `README.md`, "Schedules"). Trainers are named by their e-mail in the directory.
public struct SchedulePlan: Sendable {
    public struct PlannedSession: Sendable {
        public let line: Int
        public let draft: SessionDraft
    }

    public struct PlannedGroup: Sendable {
        public let line: Int
        public let code: String
        public let courseCode: String
        public let courseVersion: Int
        public let region: String
        public let venue: String?
        public let online: Bool
        public let kind: GroupKind
        public let leadTrainerEmail: String
        public let coTrainerEmails: [String]
        public let capacity: Int
        public let minimumParticipants: Int?
        public let pilot: Bool
        public let registrationOpensAt: String?
        public let registrationClosesAt: String?
        public let cancellationDeadline: String?
        /// Open the group for registration once its sessions are in.
        public let open: Bool
        public let openLine: Int
        public let sessions: [PlannedSession]
    }

    public let file: String
    public let groups: [PlannedGroup]

    static let groupFields = [
        "code", "course", "version", "region", "venue", "online", "kind", "lead_trainer", "co_trainers", "capacity",
        "minimum_participants", "pilot", "registration_opens", "registration_closes", "cancellation_deadline", "open", "sessions",
    ]

    /// Reads a schedule; throws `FileProblems` naming every problem's line.
    public static func parse(_ text: String, file: String) throws -> SchedulePlan {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw FileProblems([FileProblem(file: file, line: 1, message: "not valid YAML: \(error)")])
        }
        var reader = FieldReader(file: file)
        guard let root, let top = reader.fields(root, path: "", at: 1) else {
            throw FileProblems(reader.problems.isEmpty ? [FileProblem(file: file, line: 1, message: "the file is empty")] : reader.problems)
        }
        reader.rejectUnknown(top, known: ["groups"])
        var groups: [PlannedGroup] = []
        var seen: [String: Int] = [:]
        for fields in reader.list(top, "groups", required: true) {
            reader.rejectUnknown(fields, known: groupFields)
            let code = reader.string(fields, "code")
            let course = reader.string(fields, "course")
            let version = reader.int(fields, "version", range: 1...10_000)
            let region = reader.string(fields, "region")
            let venue = reader.string(fields, "venue", required: false)
            let online = reader.bool(fields, "online", default: false)
            let kindText = reader.string(fields, "kind", required: false) ?? GroupKind.delivery.rawValue
            let kind = GroupKind(rawValue: kindText)
            if kind == nil {
                reader.report(reader.line(of: "\(fields.path).kind", or: fields.line), "kind must be delivery or trainer_cohort, not '\(kindText)'")
            }
            let lead = reader.string(fields, "lead_trainer")
            let co = reader.strings(fields, "co_trainers")
            let capacity = reader.int(fields, "capacity", range: Capacity.allowed)
            let minimum = reader.int(fields, "minimum_participants", required: false, range: 0...500)
            let pilot = reader.bool(fields, "pilot", default: false)
            let opens = reader.string(fields, "registration_opens", required: false)
            let closes = reader.string(fields, "registration_closes", required: false)
            let deadline = reader.string(fields, "cancellation_deadline", required: false)
            let open = reader.bool(fields, "open", default: false)
            var sessions: [PlannedSession] = []
            for session in reader.list(fields, "sessions", required: true) {
                reader.rejectUnknown(session, known: ["starts", "ends", "academic_hours", "venue", "modules"])
                let starts = reader.string(session, "starts")
                let ends = reader.string(session, "ends")
                let hours = reader.int(session, "academic_hours", range: 1...24)
                let sessionVenue = reader.string(session, "venue", required: false)
                let modules = reader.strings(session, "modules")
                if let starts, let ends, let hours {
                    sessions.append(.init(line: session.line, draft: .init(startsAt: starts, endsAt: ends, academicHours: hours, venue: sessionVenue, modules: modules)))
                }
            }
            if let code {
                if let first = seen[code] {
                    reader.report(fields.line, "group \(code) appears already on line \(first)")
                }
                seen[code] = fields.line
            }
            guard let code, let course, let version, let region, let kind, let lead, let capacity else { continue }
            groups.append(PlannedGroup(
                line: fields.line, code: code, courseCode: course, courseVersion: version, region: region, venue: venue,
                online: online, kind: kind, leadTrainerEmail: lead, coTrainerEmails: co, capacity: capacity,
                minimumParticipants: minimum, pilot: pilot, registrationOpensAt: opens, registrationClosesAt: closes,
                cancellationDeadline: deadline, open: open,
                openLine: reader.line(of: "\(fields.path).open", or: fields.line), sessions: sessions
            ))
        }
        if !reader.problems.isEmpty { throw FileProblems(reader.problems) }
        return SchedulePlan(file: file, groups: groups)
    }
}
