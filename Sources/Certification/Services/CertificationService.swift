import Core
import Database
import Directory
import Foundation
import Logging
import PostgresNIO
import Training

/// Each person's certification status under the schemes in force, for themselves, their court's chairperson
/// and the inspectorate; and the decisions and overrides officers record. Statuses are computed by
/// `CertificationStatus` from training records, decisions and overrides, never stored.
public struct CertificationService: Sendable {
    let database: Database
    package let schemes: SchemeStore
    let store: CertificationRecordStore
    package let directory: DirectoryService
    let trainingRecords: TrainingRecordService
    let audit: AuditTrail
    let snapshots: StatusSnapshotStore

    public init(
        database: Database, schemes: SchemeStore, store: CertificationRecordStore, directory: DirectoryService,
        trainingRecords: TrainingRecordService, audit: AuditTrail, snapshots: StatusSnapshotStore
    ) {
        self.database = database
        self.schemes = schemes
        self.store = store
        self.directory = directory
        self.trainingRecords = trainingRecords
        self.audit = audit
        self.snapshots = snapshots
    }

    /// A person and their status under each scheme in force that applies to them.
    public struct PersonStatus: Sendable, Equatable {
        public let personID: UUID
        public let givenName: String
        public let familyName: String
        public let organisationID: UUID?
        public let region: PlanningRegion?
        public let position: Position
        public let statuses: [CertificationStatus]
    }

    // MARK: Reading

    /// One person's statuses: for themselves, their court's chairperson and the inspectorate.
    public func status(of personID: UUID, by actor: Principal, on day: CalendarDate = .today()) async throws -> PersonStatus {
        try await database.withConnection { connection in
            // The statuses read the person too: their organisation decides who may see them.
            let person = try await statuses(of: [personID], on: day, shown: true, connection: connection).first
            // Refused alike whether or not the person exists, so ids cannot be probed.
            guard CertificationAccess.maySee(personOf: person?.organisationID, personID: personID, actor: actor) else {
                throw ServiceError.forbidden("a person's certification is for them, their court's chairperson and the inspectorate")
            }
            guard let person else { throw ServiceError.notFound("no person has id \(personID)") }
            return person
        }
    }

    /// A court's staff with their statuses, a page at a time by name: for its chairperson and the inspectorate.
    /// Paged because a large court's statuses are computed on request, each from its records (Rīga's court has
    /// hundreds of staff).
    public func court(
        _ organisationID: UUID, page: PageRequest = try! PageRequest(), by actor: Principal, on day: CalendarDate = .today()
    ) async throws -> Page<PersonStatus> {
        guard CertificationAccess.maySeeCourt(organisationID, actor: actor) else {
            throw ServiceError.forbidden("a court's certification is for its chairperson and the inspectorate")
        }
        return try await database.withConnection { connection in
            let (staff, total) = try await directory.personIDs(inOrganisation: organisationID, page: page, on: connection)
            let statuses = Dictionary(uniqueKeysWithValues: try await statuses(of: staff, on: day, shown: true, connection: connection).map { ($0.personID, $0) })
            return Page(items: staff.compactMap { statuses[$0] }, total: total, request: page)
        }
    }

    /// What a person's statuses are computed from.
    package struct Inputs: Sendable {
        package let person: Person
        package let placement: Placement?
        package let positions: [PositionSpan]
        package let evidence: [TrainingEvidence]
        package let decisions: [String: [CertificationDecision]]
        package let overrides: [String: [StatusOverride]]
        package let withdrawn: [String: [WithdrawnCertificate]]

        /// Under a scheme's versions (one code): each cycle keeps the rules it was decided under. `lineage` is the
        /// versions of the schemes it replaces, nearest first (`ReplacedScheme.lineage`): what the person has under
        /// them carries over as the scheme says.
        package func status(under versions: [CertificationScheme], lineage: [[CertificationScheme]] = [], on day: CalendarDate) -> CertificationStatus? {
            guard let code = versions.first?.code else { return nil }
            let replaced = lineage.compactMap { versions in
                versions.first.map { ReplacedScheme(versions: versions, decisions: decisions[$0.code] ?? [], overrides: overrides[$0.code] ?? []) }
            }
            return CertificationStatus.evaluate(versions: versions, positions: positions, evidence: evidence,
                                                decisions: decisions[code] ?? [], overrides: overrides[code] ?? [], replaced: replaced,
                                                withdrawn: withdrawn[code] ?? [], on: day)
        }
    }

    /// The inputs of many people in a fixed number of queries: their placements, records, decisions and overrides.
    /// - Parameter shown: true where the statuses are only shown, so people and organisations may come from copies.
    package func inputs(of people: [UUID], shown: Bool = false, connection: PostgresConnection) async throws -> [Inputs] {
        guard !people.isEmpty else { return [] }
        let persons = try await directory.findPeople(ids: people, fromCopies: shown, on: connection)
        let placements = try await directory.placements(of: persons, fromCopies: shown, on: connection)
        let history = try await directory.positionHistory(of: people, on: connection)
        let records = try await trainingRecords.countingCompletions(people: people, on: connection)
        let (decisions, overrides, withdrawn) = try await store.decisionsAndOverrides(people: people, on: connection)
        return persons.map { person in
            let placement = placements[person.id]
            // A post with no start date was held since before the directory knew the person: all along.
            let positions = (history[person.id] ?? []).map {
                PositionSpan(position: $0.position, organisationKind: $0.organisationKind,
                             from: $0.startedOn ?? CalendarDate(year: 1900, month: 1, day: 1)!, until: $0.endedOn)
            }
            let evidence = (records[person.id] ?? []).map {
                TrainingEvidence(recordID: $0.recordID, courseCode: $0.courseCode, title: $0.title, academicHours: $0.academicHours,
                                 completedOn: $0.completedOn)
            }
            return Inputs(person: person, placement: placement, positions: positions, evidence: evidence,
                          decisions: decisions[person.id] ?? [:], overrides: overrides[person.id] ?? [:], withdrawn: withdrawn[person.id] ?? [:])
        }
    }

    /// Statuses of many people under the schemes in force on `day`, each with its earlier versions, so what was
    /// decided under them stands.
    /// - Parameter shown: true where the statuses are only shown, so the schemes, people and organisations may come
    ///   from current copies.
    package func statuses(of people: [UUID], on day: CalendarDate, shown: Bool = false, connection: PostgresConnection) async throws -> [PersonStatus] {
        guard !people.isEmpty else { return [] }
        let versions = shown ? try await schemes.currentVersions(on: connection) : try await schemes.versions(on: connection)
        let all = versions.map(\.scheme)
        let families = Self.families(all, inForceOn: day).map { (versions: $0, lineage: ReplacedScheme.lineage(of: $0, in: all)) }
        return try await inputs(of: people, shown: shown, connection: connection).map { inputs in
            let person = inputs.person
            return PersonStatus(personID: person.id, givenName: person.givenName, familyName: person.familyName,
                                organisationID: person.organisationID, region: inputs.placement?.region, position: person.position,
                                statuses: families.compactMap { inputs.status(under: $0.versions, lineage: $0.lineage, on: day) })
        }
    }

    /// Computes these people's statuses on `day` and saves them for the national view, in the caller's transaction:
    /// the daily pass does so for everyone, and an override for its person at once.
    package func saveStatuses(of people: [UUID], on day: CalendarDate, connection: PostgresConnection) async throws -> [PersonStatus] {
        // Saves take turns before they compute: a pass's batch computed before an override committed would otherwise
        // overwrite the override's fresher status.
        try await snapshots.takeTurn(on: connection)
        let statuses = try await statuses(of: people, on: day, connection: connection)
        try await snapshots.replace(people: people, with: statuses.flatMap { person in
            person.statuses.map {
                StatusSnapshotStore.Row(personID: person.personID, status: $0, organisationID: person.organisationID,
                                        region: person.region, position: person.position)
            }
        }, on: day, connection: connection)
        return statuses
    }

    /// Per scheme with a version in force on `day`, its approved and retired versions (drafts never decided anything).
    static func families(_ versions: [CertificationScheme], inForceOn day: CalendarDate) -> [[CertificationScheme]] {
        let codes = Set(inForce(versions, on: day).map(\.code))
        return Dictionary(grouping: versions.filter { codes.contains($0.code) && $0.status != .draft }, by: \.code)
            .sorted { $0.key < $1.key }.map { $0.value.sorted { $0.version < $1.version } }
    }

    /// Per scheme, the newest approved version in force on `day`.
    static func inForce(_ versions: [CertificationScheme], on day: CalendarDate) -> [CertificationScheme] {
        Dictionary(grouping: versions.filter { $0.inForce(on: day) }, by: \.code).values
            .compactMap { $0.max { $0.version < $1.version } }.sorted { $0.code < $1.code }
    }

    // MARK: Decisions and overrides

    /// A body's decision on a person (e.g. the qualification commission's), recorded by an inspectorate officer.
    public func recordDecision(
        person personID: UUID, scheme code: String, _ decision: CertificationDecision, by actor: Principal, today: CalendarDate = .today()
    ) async throws -> PersonStatus {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers record decisions") }
        var validation = Validation()
        let reference = validation.requiredText(decision.reference, "reference", maxLength: 300)
        if decision.date > today { validation.add("decidedOn", "is in the future") }
        try validation.check()
        try await database.transaction { connection in
            try await requireScheme(code, asking: \.initial?.decisionBy, on: connection)
            try await requirePerson(personID, on: connection)
            try await store.insertDecision(person: personID, scheme: code, .init(date: decision.date, passed: decision.passed, reference: reference!),
                                           by: actor.auditLabel, on: connection)
            try await audit.record("certification.decision", subjectType: "person", subjectID: personID.uuidString, by: actor,
                                   details: ["scheme": code, "decidedOn": decision.date.description, "passed": "\(decision.passed)", "reference": reference!],
                                   on: connection)
        }
        return try await status(of: personID, by: actor, on: today)
    }

    /// Suspends, revokes or reinstates a person's certification under a scheme, with a reason.
    public func recordOverride(
        person personID: UUID, scheme code: String, _ override: StatusOverride, by actor: Principal, today: CalendarDate = .today()
    ) async throws -> PersonStatus {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only inspectorate officers suspend, revoke or reinstate") }
        var validation = Validation()
        let reason = validation.requiredText(override.reason, "reason", maxLength: 1000)
        try validation.check()
        try await database.transaction { connection in
            try await requireScheme(code, asking: nil, on: connection)
            try await requirePerson(personID, on: connection)
            try await insertOverride(person: personID, scheme: code, .init(kind: override.kind, from: override.from, reason: reason!),
                                     by: actor, today: today, on: connection)
        }
        return try await status(of: personID, by: actor, on: today)
    }

    /// Records an override with its audit event in the caller's transaction: the inspectorate's own, or one made by
    /// a certificate suspended, revoked or reinstated for cause (then it names the certificate).
    package func insertOverride(
        person personID: UUID, scheme code: String, _ override: StatusOverride, by actor: Principal, today: CalendarDate,
        on connection: PostgresConnection
    ) async throws {
        try await store.insertOverride(person: personID, scheme: code, override, by: actor.auditLabel, on: connection)
        // The national view shows it from now, not from the next daily pass.
        _ = try await saveStatuses(of: [personID], on: today, connection: connection)
        var details = ["scheme": code, "from": override.from.description, "reason": override.reason]
        if let number = override.certificateNumber { details["certificate"] = number }
        try await audit.record("certification.\(override.kind.rawValue)", subjectType: "person", subjectID: personID.uuidString, by: actor,
                               details: details, on: connection)
    }

    /// The override that stands for the person under the scheme on `day` (the latest recorded in force), if any.
    package func standingOverride(person personID: UUID, scheme code: String, on day: CalendarDate, connection: PostgresConnection) async throws -> StatusOverride? {
        try await store.decisionsAndOverrides(people: [personID], on: connection).overrides[personID]?[code]?.last { $0.from <= day }
    }

    /// Notes, in the caller's transaction, a certificate revoked as issued in error: the certification stands, and
    /// the status's explanation says so.
    package func noteWithdrawnInError(
        person personID: UUID, scheme code: String, _ certificate: WithdrawnCertificate, by actor: Principal, on connection: PostgresConnection
    ) async throws {
        try await store.insertNote(person: personID, scheme: code, event: "withdrawn_in_error", certificate: certificate.number,
                                   on: certificate.withdrawnOn, detail: certificate.reason, by: actor.auditLabel, on: connection)
    }

    /// Notes, in the caller's transaction, that a new certificate replaces the person's certificates under the scheme
    /// withdrawn in error and not yet replaced.
    package func noteReplacement(
        person personID: UUID, scheme code: String, by number: String, on day: CalendarDate, actor: Principal, on connection: PostgresConnection
    ) async throws {
        try await store.insertReplacementNotes(person: personID, scheme: code, replacement: number, on: day, by: actor.auditLabel, on: connection)
    }

    private func requireScheme(_ code: String, asking step: KeyPath<CertificationScheme, String?>?, on connection: PostgresConnection) async throws {
        let versions = try await schemes.versions(on: connection).filter { $0.scheme.code == code }.map(\.scheme)
        guard !versions.isEmpty else { throw ServiceError.notFound("schemeCode: no certification scheme has code \(code)") }
        if let step, !versions.contains(where: { $0[keyPath: step] != nil }) {
            throw ServiceError.validation([FieldProblem("schemeCode", "\(code) asks for no decision")])
        }
    }

    private func requirePerson(_ id: UUID, on connection: PostgresConnection) async throws {
        guard try await directory.person(id: id, on: connection) != nil else { throw ServiceError.notFound("no person has id \(id)") }
    }
}
