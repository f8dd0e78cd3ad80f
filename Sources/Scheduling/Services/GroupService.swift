import Curriculum
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// Scheduling groups and their sessions, moving them through their statuses, and the pilot report.
public struct GroupService: Sendable {
    let database: Database
    let store: SchedulingStore
    let catalogue: CatalogService
    let audit: AuditTrail
    let people: PersonStore

    public init(database: Database) {
        self.database = database
        self.store = SchedulingStore(logger: database.logger)
        self.catalogue = CatalogService(database: database)
        self.audit = AuditTrail(logger: database.logger)
        self.people = PersonStore(logger: database.logger)
    }

    public struct GroupDraft: Sendable {
        public var code: String
        public var kind: GroupKind = .delivery
        public var courseCode: String
        public var courseVersion: Int
        public var region: String?
        public var venue: String?
        public var online: Bool = false
        public var leadTrainerID: UUID
        public var coTrainerIDs: [UUID] = []
        public var capacity: Int
        /// Defaults to the course's pilot minimum for pilot groups, else 0.
        public var minimumParticipants: Int?
        public var registrationOpensAt: String?
        public var registrationClosesAt: String?
        public var cancellationDeadline: String?
        public var pilot: Bool = false

        public init(code: String, courseCode: String, courseVersion: Int, region: String?, leadTrainerID: UUID, capacity: Int) {
            self.code = code
            self.courseCode = courseCode
            self.courseVersion = courseVersion
            self.region = region
            self.leadTrainerID = leadTrainerID
            self.capacity = capacity
        }
    }

    public struct SessionDraft: Sendable {
        public var startsAt: String
        public var endsAt: String
        public var academicHours: Int
        public var venue: String?

        public init(startsAt: String, endsAt: String, academicHours: Int, venue: String? = nil) {
            self.startsAt = startsAt
            self.endsAt = endsAt
            self.academicHours = academicHours
            self.venue = venue
        }
    }

    // MARK: Creating

    public func createGroup(_ draft: GroupDraft, by actor: Actor) async throws -> Group {
        let id = try await database.transaction { connection in try await createGroup(draft, by: actor, on: connection) }
        return try await group(id: id)
    }

    /// The same within the caller's transaction: a schedule file creates all its groups in one.
    func createGroup(_ draft: GroupDraft, by actor: Actor, on connection: PostgresConnection) async throws -> UUID {
        var validation = Validation()
        let code = validation.requiredText(draft.code, "code", maxLength: 60)
        let region = validation.optionalText(draft.region, "region").flatMap { text in
            let region = PlanningRegion(lenient: text)
            if region == nil { validation.add("region", "must be one of \(PlanningRegion.allCases.map(\.rawValue).joined(separator: ", "))") }
            return region
        }
        if region == nil, draft.region == nil { validation.add("region", "is required") }
        let venue = validation.optionalText(draft.venue, "venue")
        if !draft.online, venue == nil { validation.add("venue", "is required unless the group meets online") }
        if !(1...500).contains(draft.capacity) { validation.add("capacity", "must be between 1 and 500") }
        let registration = RegistrationWindow(
            opensAt: time(draft.registrationOpensAt, "registrationOpensAt", &validation),
            closesAt: time(draft.registrationClosesAt, "registrationClosesAt", &validation),
            cancellationDeadline: time(draft.cancellationDeadline, "cancellationDeadline", &validation)
        )
        if let opens = registration.opensAt, let closes = registration.closesAt, closes <= opens {
            validation.add("registrationClosesAt", "must be after registrationOpensAt")
        }
        if Set(draft.coTrainerIDs + [draft.leadTrainerID]).count != draft.coTrainerIDs.count + 1 {
            validation.add("coTrainerIds", "must not repeat the lead trainer or each other")
        }
        try validation.check()
        guard SchedulingAccess.mayCreateGroup(lead: draft.leadTrainerID, coTrainers: draft.coTrainerIDs, actor: actor) else {
            throw ServiceError.forbidden("a trainer may schedule only groups they lead or co-lead; the inspectorate schedules any")
        }
        let version = try await catalogue.version(code: draft.courseCode, version: draft.courseVersion, on: connection)
        guard version.status == .approved else {
            throw ServiceError.validation([FieldProblem("courseVersion", "version \(draft.courseVersion) of \(draft.courseCode) is \(version.status.rawValue); groups deliver approved versions")])
        }
        let course = version.definition
        if draft.pilot, course.pilot == nil {
            throw ServiceError.validation([FieldProblem("pilot", "\(course.code) has no pilot rule")])
        }
        let minimum = draft.minimumParticipants ?? (draft.pilot ? course.pilot!.minimumParticipants : 0)
        if minimum < 0 {
            throw ServiceError.validation([FieldProblem("minimumParticipants", "must not be negative")])
        }
        if draft.pilot, let rule = course.pilot, minimum < rule.minimumParticipants {
            throw ServiceError.validation([FieldProblem("minimumParticipants", "a pilot group of \(course.code) needs at least \(rule.minimumParticipants)")])
        }
        if minimum > draft.capacity {
            throw ServiceError.validation([FieldProblem("minimumParticipants", "\(minimum) is more than the capacity \(draft.capacity)")])
        }
        // Holds the version as approved while the group is attached to it (a retirement waits).
        let status = try await connection.query(
            "SELECT status FROM course_versions WHERE id = \(version.id) FOR SHARE", logger: database.logger
        ).collect()[0].decode(String.self)
        guard status == CourseDefinition.Status.approved.rawValue else {
            throw ServiceError.conflict("version \(draft.courseVersion) of \(draft.courseCode) was just \(status)")
        }
        try await store.lockPeople([draft.leadTrainerID] + draft.coTrainerIDs, on: connection)
        try await requireLeadQualification(
            draft.leadTrainerID, coTrainers: draft.coTrainerIDs, for: course, allowProvisional: draft.kind == .delivery,
            on: connection
        )
        let id: UUID
        do {
            id = try await store.insertGroup(.init(
                code: code!, kind: draft.kind, courseVersionID: version.id, region: region, venue: venue,
                online: draft.online, capacity: draft.capacity, minimumParticipants: minimum, registration: registration,
                pilot: draft.pilot, createdBy: actor.auditLabel
            ), on: connection)
            try await store.insertTrainers(group: id, lead: draft.leadTrainerID, co: draft.coTrainerIDs, on: connection)
        } catch let error where error.violatedUniqueConstraint == "delivery_groups_code_key" {
            throw ServiceError.conflict("a group with code \(code!) exists already")
        } catch let error as PSQLError where error.isForeignKeyViolation {
            throw ServiceError.validation([FieldProblem("leadTrainerId", "every trainer must be a person in the directory")])
        }
        try await audit.record("group.created", subjectType: "group", subjectID: id.uuidString, by: actor,
                               details: ["code": code!, "course": "\(course.code)@\(course.version)"], on: connection)
        return id
    }

    /// Only a qualified trainer leads a delivery; a provisional one leads their first, supervised group with a
    /// fully qualified co-trainer beside them.
    func requireLeadQualification(
        _ lead: UUID, coTrainers: [UUID], for course: CourseDefinition, allowProvisional: Bool, on connection: PostgresConnection
    ) async throws {
        let requirement = course.trainerQualification
        let held = try await store.qualifications(person: lead, courseCode: requirement.qualifiedFor, on: connection)
            .first { $0.allowsLeading(version: course.version) }
        guard let held else {
            throw ServiceError.validation([FieldProblem(
                "leadTrainerId", "the lead trainer is not qualified to lead \(requirement.qualifiedFor) version \(course.version)"
            )])
        }
        if held.status == .provisional, !allowProvisional {
            throw ServiceError.validation([FieldProblem(
                "leadTrainerId", "a trainer cohort is led by a fully qualified trainer; this one's qualification is provisional"
            )])
        }
        if held.status == .provisional {
            let supervisors = try await store.qualifications(people: coTrainers, courseCode: requirement.qualifiedFor, on: connection)
                .filter { $0.status == .qualified && $0.allowsLeading(version: course.version) }
            if supervisors.isEmpty {
                throw ServiceError.validation([FieldProblem(
                    "coTrainerIds", "the lead trainer's qualification is provisional: a fully qualified co-trainer must supervise this delivery"
                )])
            }
        }
    }

    private func time(_ text: String?, _ field: String, _ validation: inout Validation) -> Date? {
        guard let text = validation.optionalText(text, field, maxLength: 40) else { return nil }
        do { return try RigaTime.instant(from: text) } catch {
            validation.add(field, error.description)
            return nil
        }
    }

    // MARK: Sessions

    /// Adds a dated session, refusing with 409 a clash of trainer, participant or venue (the clashing session
    /// is named). Runs under locks on the group, its people and the venue, so two clashing sessions cannot
    /// both be added at once.
    public func addSession(to groupID: UUID, _ draft: SessionDraft, by actor: Actor) async throws -> Group {
        try await database.transaction { connection in try await addSession(to: groupID, draft, by: actor, on: connection) }
        return try await group(id: groupID)
    }

    func addSession(to groupID: UUID, _ draft: SessionDraft, by actor: Actor, on connection: PostgresConnection) async throws {
        var validation = Validation()
        let starts = time(draft.startsAt, "startsAt", &validation)
        let ends = time(draft.endsAt, "endsAt", &validation)
        let venueText = validation.optionalText(draft.venue, "venue")
        try validation.check()
        let group = try await lockedGroup(groupID, by: actor, toDo: "change its sessions", on: connection)
        guard [.planned, .open, .confirmed].contains(group.status) else {
            throw ServiceError.conflict("the group is \(group.status.rawValue); its sessions can no longer change")
        }
        let course = try await catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
        let timing = try Self.timing(starts!, ends!, academicHours: draft.academicHours, length: course.academicHourLength)
        guard group.scheduledHours + timing.academicHours <= course.academicHours else {
            throw ServiceError.validation([FieldProblem(
                "academicHours", "the sessions would credit \(group.scheduledHours + timing.academicHours) academic hours, more than the \(course.academicHours) of \(course.code)"
            )])
        }
        let venue = group.online ? nil : (venueText ?? group.venue)
        try await requireNoClash(group: group, timing: timing, venue: venue, on: connection)
        let id = try await store.insertSession(group: groupID, timing: timing, venue: venueText, on: connection)
        try await audit.record("session.added", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                               details: ["session": id.uuidString], on: connection)
    }

    /// Locks a group's row and returns it, if the actor may manage it (its trainers, the inspectorate): the
    /// start of every change to a group.
    func lockedGroup(_ id: UUID, by actor: Actor, toDo action: String, on connection: PostgresConnection) async throws -> Group {
        guard try await store.lockGroup(id, on: connection),
              let group = try await store.groups(ids: [id], on: connection).first
        else { throw ServiceError.notFound("no group has id \(id)") }
        guard SchedulingAccess.mayManage(group, actor: actor) else {
            throw ServiceError.forbidden("only the group's trainers and the inspectorate \(action)")
        }
        return group
    }

    static func timing(_ starts: Date, _ ends: Date, academicHours: Int, length: AcademicHourLength) throws(ServiceError) -> SessionTiming {
        do {
            return try SessionTiming(startsAt: starts, endsAt: ends, academicHours: academicHours, hourLength: length)
        } catch {
            throw .validation([FieldProblem("academicHours", error.description)])
        }
    }

    func requireNoClash(group: Group, timing: SessionTiming, venue: String?, on connection: PostgresConnection) async throws {
        let trainers = group.trainers.map(\.personID)
        let participants = try await store.enrolments(group: group.id, on: connection)
            .filter { $0.status != .cancelled }.map(\.personID)
        try await store.lockPeople(trainers + participants, on: connection)
        if let venue { try await store.lockVenue(venue, on: connection) }
        for session in group.sessions where session.cancelledAt == nil && timing.overlaps((session.startsAt, session.endsAt)) {
            throw ServiceError.conflict("the session overlaps this group's own session \(session.id.uuidString.lowercased()) at \(RigaTime.localText(session.startsAt))")
        }
        // Everyone in the group, whether they train or take part elsewhere at that time.
        for (people, who) in [(trainers, "a trainer"), (participants, "a participant")] where !people.isEmpty {
            let asTrainer = try await store.trainerClash(people: people, startsAt: timing.startsAt, endsAt: timing.endsAt,
                                                         excludingGroup: group.id, on: connection)
            let asParticipant = try await store.participantClash(people: people, startsAt: timing.startsAt, endsAt: timing.endsAt,
                                                                 excludingGroup: group.id, on: connection)
            if let clash = asTrainer ?? asParticipant {
                throw ServiceError.conflict("\(who) of this group is in session \(clash.sessionID.uuidString.lowercased()) of group \(clash.groupCode) at \(RigaTime.localText(clash.startsAt))")
            }
        }
        if let venue, let clash = try await store.venueClash(venue: venue, startsAt: timing.startsAt, endsAt: timing.endsAt, on: connection) {
            throw ServiceError.conflict("\(venue) is taken by session \(clash.sessionID.uuidString.lowercased()) of group \(clash.groupCode) at \(RigaTime.localText(clash.startsAt))")
        }
    }

    public func cancelSession(_ sessionID: UUID, of groupID: UUID, by actor: Actor) async throws -> Group {
        try await database.transaction { connection in
            let group = try await lockedGroup(groupID, by: actor, toDo: "change its sessions", on: connection)
            guard [.planned, .open, .confirmed].contains(group.status) else {
                throw ServiceError.conflict("the group is \(group.status.rawValue); its sessions can no longer change")
            }
            guard try await store.cancelSession(sessionID, group: groupID, on: connection) else {
                throw ServiceError.notFound("the group has no live session \(sessionID)")
            }
            try await audit.record("session.cancelled", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                                   details: ["session": sessionID.uuidString], on: connection)
        }
        return try await group(id: groupID)
    }

    // MARK: Status and capacity

    public func changeStatus(of groupID: UUID, to status: GroupStatus, reason: String?, by actor: Actor) async throws -> Group {
        try await database.transaction { connection in
            try await changeStatus(of: groupID, to: status, reason: reason, by: actor, on: connection)
        }
        return try await group(id: groupID)
    }

    func changeStatus(
        of groupID: UUID, to status: GroupStatus, reason: String?, by actor: Actor, on connection: PostgresConnection
    ) async throws {
        var validation = Validation()
        let reason = validation.optionalText(reason, "reason", maxLength: 1000)
        if status == .cancelled, reason == nil { validation.add("reason", "is required to cancel a group") }
        try validation.check()
        let group = try await lockedGroup(groupID, by: actor, toDo: "change its status", on: connection)
        guard group.status.canMove(to: status) else {
            throw ServiceError.conflict("a group that is \(group.status.rawValue) cannot become \(status.rawValue)")
        }
        if status == .completed, group.kind == .trainerCohort {
            throw ServiceError.conflict("a trainer cohort is completed through POST /v1/groups/{id}/complete, which records the qualifications")
        }
        if status == .open {
            let course = try await catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
            guard group.scheduledHours == course.academicHours else {
                throw ServiceError.validation([FieldProblem(
                    "status", "the sessions credit \(group.scheduledHours) academic hours, but \(course.code) has \(course.academicHours); schedule them all before opening"
                )])
            }
        }
        try await store.setStatus(group: groupID, to: status, reason: reason, on: connection)
        try await audit.record("group.\(status.rawValue)", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                               details: reason.map { ["reason": $0] } ?? [:], on: connection)
    }

    /// Changes the capacity; raising it moves people up from the waitlist at once.
    public func setCapacity(of groupID: UUID, to capacity: Int, by actor: Actor) async throws -> Group {
        guard (1...500).contains(capacity) else {
            throw ServiceError.validation([FieldProblem("capacity", "must be between 1 and 500")])
        }
        try await database.transaction { connection in
            let group = try await lockedGroup(groupID, by: actor, toDo: "change its capacity", on: connection)
            guard capacity >= group.booked else {
                throw ServiceError.conflict("\(group.booked) people are booked; the capacity cannot be lower")
            }
            try await store.setCapacity(group: groupID, to: capacity, on: connection)
            try await EnrolmentService.promote(group: group, capacity: capacity, store: store, by: actor, on: connection)
            try await audit.record("group.capacity", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                                   details: ["capacity": "\(capacity)"], on: connection)
        }
        return try await group(id: groupID)
    }

    // MARK: Attendance

    public struct AttendanceSummary: Sendable, Equatable {
        public let personID: UUID
        public let attendedHours: Int
        /// Attended enough for the course's completion rule.
        public let meetsRule: Bool
        public let sessions: [UUID: Bool]
    }

    /// Records who was present at a session that has begun. Only booked participants are recorded.
    public func recordAttendance(
        of groupID: UUID, session sessionID: UUID, _ entries: [(person: UUID, present: Bool)], by actor: Actor, now: Date = Date()
    ) async throws -> [AttendanceSummary] {
        try await database.transaction { connection in
            let group = try await lockedGroup(groupID, by: actor, toDo: "record attendance", on: connection)
            guard Set(entries.map(\.person)).count == entries.count else {
                throw ServiceError.validation([FieldProblem("entries", "name each person once")])
            }
            guard [.open, .confirmed, .inProgress].contains(group.status) else {
                throw ServiceError.conflict("the group is \(group.status.rawValue); its attendance can no longer change")
            }
            guard let session = group.sessions.first(where: { $0.id == sessionID && $0.cancelledAt == nil }) else {
                throw ServiceError.notFound("the group has no live session \(sessionID)")
            }
            guard session.startsAt <= now else {
                throw ServiceError.conflict("the session has not begun; attendance is recorded from \(RigaTime.localText(session.startsAt))")
            }
            let booked = Set(try await store.enrolments(group: groupID, on: connection).filter { $0.status == .booked }.map(\.personID))
            let strangers = entries.filter { !booked.contains($0.person) }
            guard strangers.isEmpty else {
                throw ServiceError.validation([FieldProblem("entries", "\(strangers.count) of the people are not booked into the group")])
            }
            try await store.recordAttendance(session: sessionID, entries: entries, by: actor.auditLabel, on: connection)
            try await audit.record("attendance.recorded", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                                   details: ["session": sessionID.uuidString, "entries": "\(entries.count)"], on: connection)
        }
        return try await attendance(of: groupID, by: actor)
    }

    public func attendance(of groupID: UUID, by actor: Actor) async throws -> [AttendanceSummary] {
        try await database.withConnection { connection in
            guard let group = try await store.groups(ids: [groupID], on: connection).first else {
                throw ServiceError.notFound("no group has id \(groupID)")
            }
            guard SchedulingAccess.mayManage(group, actor: actor) else {
                throw ServiceError.forbidden("only the group's trainers and the inspectorate see its attendance")
            }
            return try await Self.attendanceSummaries(group: group, store: store, catalogue: catalogue, on: connection)
        }
    }

    static func attendanceSummaries(
        group: Group, store: SchedulingStore, catalogue: CatalogService, on connection: PostgresConnection
    ) async throws -> [AttendanceSummary] {
        let course = try await catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
        let hours = try await store.attendedHours(group: group.id, on: connection)
        var sessions: [UUID: [UUID: Bool]] = [:]
        for record in try await store.attendance(group: group.id, on: connection) {
            sessions[record.person, default: [:]][record.session] = record.present
        }
        let booked = try await store.enrolments(group: group.id, on: connection).filter { $0.status == .booked }.map(\.personID)
        return booked.map { person in
            AttendanceSummary(personID: person, attendedHours: hours[person] ?? 0,
                              meetsRule: AttendanceRule.meets(attendedHours: hours[person] ?? 0, of: course),
                              sessions: sessions[person] ?? [:])
        }
    }

    // MARK: Schedule files

    /// Creates every group of a schedule with its sessions (and opens those marked so) in one transaction.
    /// Each group is tried under its own savepoint so every bad group is reported with its line; if any is
    /// bad, nothing at all is created.
    public func apply(_ plan: SchedulePlan, by actor: Actor) async throws -> (groups: Int, sessions: Int) {
        try await database.transaction { connection in
            let emails = plan.groups.flatMap { [$0.leadTrainerEmail] + $0.coTrainerEmails }
            let people = try await self.people.ids(byEmail: emails, on: connection)
            var problems: [FileProblem] = []
            var sessions = 0
            for planned in plan.groups {
                func problem(_ line: Int, _ message: String) {
                    problems.append(FileProblem(file: plan.file, line: line, message: "group \(planned.code): \(message)"))
                }
                let unknown = ([planned.leadTrainerEmail] + planned.coTrainerEmails).filter { people[$0.lowercased()] == nil }
                guard unknown.isEmpty else {
                    problem(planned.line, "no person in the directory has the e-mail \(unknown.joined(separator: ", "))")
                    continue
                }
                var draft = GroupDraft(code: planned.code, courseCode: planned.courseCode, courseVersion: planned.courseVersion,
                                       region: planned.region, leadTrainerID: people[planned.leadTrainerEmail.lowercased()]!,
                                       capacity: planned.capacity)
                draft.kind = planned.kind
                draft.venue = planned.venue
                draft.online = planned.online
                draft.coTrainerIDs = planned.coTrainerEmails.map { people[$0.lowercased()]! }
                draft.minimumParticipants = planned.minimumParticipants
                draft.pilot = planned.pilot
                draft.registrationOpensAt = planned.registrationOpensAt
                draft.registrationClosesAt = planned.registrationClosesAt
                draft.cancellationDeadline = planned.cancellationDeadline
                try await connection.query("SAVEPOINT planned_group", logger: database.logger)
                var line = planned.line
                do {
                    let id = try await createGroup(draft, by: actor, on: connection)
                    for session in planned.sessions {
                        line = session.line
                        try await addSession(to: id, session.draft, by: actor, on: connection)
                    }
                    if planned.open {
                        line = planned.openLine
                        try await changeStatus(of: id, to: .open, reason: nil, by: actor, on: connection)
                    }
                    sessions += planned.sessions.count
                    try await connection.query("RELEASE SAVEPOINT planned_group", logger: database.logger)
                } catch let error as ServiceError {
                    try await connection.query("ROLLBACK TO SAVEPOINT planned_group", logger: database.logger)
                    problem(line, error.fieldsDescription)
                }
            }
            if !problems.isEmpty { throw FileProblems(problems) }
            return (plan.groups.count, sessions)
        }
    }

    // MARK: Reading

    public func group(id: UUID) async throws -> Group {
        let found = try await database.withConnection { connection in
            try await store.groups(ids: [id], on: connection).first
        }
        guard let found else { throw ServiceError.notFound("no group has id \(id)") }
        return found
    }

    /// Groups are an open timetable: every signed-in user may find groups to enrol in.
    public func groups(_ filter: GroupFilter, page: PageRequest) async throws -> Page<Group> {
        let (items, total) = try await database.withConnection { connection in
            let (ids, total) = try await store.groupIDs(filter, page: page, on: connection)
            return (try await store.groups(ids: ids, on: connection), total)
        }
        return Page(items: items, total: total, request: page)
    }

    // MARK: Pilot report

    public struct PilotReportEntry: Sendable {
        public let courseCode: String
        public let courseVersion: Int
        public let evaluation: PilotEvaluation
    }

    /// Per course version with a pilot rule: its pilot groups, their regions and participants, and whether the
    /// rule is met by the groups that ran (in progress or completed). Participants are the people booked.
    public func pilotReport(by actor: Actor) async throws -> [PilotReportEntry] {
        guard SchedulingAccess.isInspectorate(actor) else {
            throw ServiceError.forbidden("the pilot report is the inspectorate's")
        }
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT v.course_code, v.version, v.definition::text, g.id
                FROM course_versions v LEFT JOIN delivery_groups g ON g.course_version_id = v.id AND g.pilot AND g.kind = 'delivery'
                WHERE v.definition ? 'pilot'
                ORDER BY v.course_code, v.version
                """,
                logger: database.logger
            )
            var versions: [(code: String, version: Int, rule: CourseDefinition.PilotRule, groups: [UUID])] = []
            for try await (code, version, json, group) in rows.decode((String, Int, String, UUID?).self) {
                if versions.last?.code != code || versions.last?.version != version {
                    let definition = try JSONDecoder().decode(CourseDefinition.self, from: Data(json.utf8))
                    guard let rule = definition.pilot else { continue }
                    versions.append((code, version, rule, []))
                }
                if let group { versions[versions.count - 1].groups.append(group) }
            }
            let groups = Dictionary(uniqueKeysWithValues: try await store.groups(ids: versions.flatMap(\.groups), on: connection).map { ($0.id, $0) })
            return versions.map { version in
                PilotReportEntry(courseCode: version.code, courseVersion: version.version, evaluation: PilotEvaluation(
                    rule: version.rule,
                    groups: version.groups.compactMap { groups[$0] }.map {
                        .init(code: $0.code, region: $0.region, participants: $0.booked, status: $0.status)
                    }
                ))
            }
        }
    }

    // MARK: The minimum-participants warning

    /// Puts a warning in the outbox for each open or confirmed group that is below its minimum `daysBefore`
    /// days (or fewer) before its first session. Each group is warned once. Returns the warnings added.
    public func warnGroupsBelowMinimum(daysBefore: Int, now: Date = Date()) async throws -> Int {
        try await database.transaction { connection in
            let horizon = now.addingTimeInterval(TimeInterval(daysBefore * 86_400))
            var ids: [UUID] = []
            for try await id in try await connection.query(
                """
                SELECT g.id FROM delivery_groups g
                WHERE g.status IN ('open', 'confirmed')
                  AND (SELECT min(s.starts_at) FROM group_sessions s WHERE s.group_id = g.id AND s.cancelled_at IS NULL)
                      BETWEEN \(now) AND \(horizon)
                """,
                logger: database.logger
            ).decode(UUID.self) { ids.append(id) }
            var added = 0
            for group in try await store.groups(ids: ids, on: connection) where group.booked < group.minimumParticipants {
                let first = group.firstSessionStartsAt.map(RigaTime.localText) ?? "?"
                if try await store.enqueue(
                    kind: "group_below_minimum", group: group.id,
                    subject: "Grupā \(group.code) ir par maz dalībnieku / Group \(group.code) is below its minimum",
                    body: "\(group.booked) of at least \(group.minimumParticipants) participants are booked; the first session is at \(first).",
                    dedupeKey: "below-minimum:\(group.id)", on: connection
                ) { added += 1 }
            }
            return added
        }
    }

    public func outbox(unsentOnly: Bool = true) async throws -> [OutboxMessage] {
        try await database.withConnection { connection in
            try await store.outbox(unsentOnly: unsentOnly, on: connection)
        }
    }
}
