import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for people. Every method runs on the connection it is given, so callers choose the transaction.
public struct PersonStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func find(id: UUID, on connection: PostgresConnection) async throws -> Person? {
        try await find(ids: [id], on: connection).first
    }

    public func find(ids: [UUID], on connection: PostgresConnection) async throws -> [Person] {
        guard !ids.isEmpty else { return [] }
        return try await connection.rows(PeopleByID.self, ids: ids, logger: logger).map(Self.person(from:))
    }

    enum PeopleByID: ReadByIDs {
        static let name = "pilnveide:people-by-id"
        static func sql(comparing ids: String) -> String {
            """
            SELECT id, given_name, family_name, personal_code, email, phone, position, organisation_id,
                   position_started_on::text, created_at, updated_at
            FROM people WHERE id \(ids)
            """
        }
    }

    /// Locks people's rows in a fixed order (so two transactions locking overlapping sets cannot deadlock):
    /// edits of a person, and checks of their timetable, then happen one after the other. `FOR NO KEY UPDATE`, as
    /// an edit of a person takes: rows that merely refer to the person (a note, an override) go on being added
    /// meanwhile, so a transaction holding another row a locker waits for never waits for the person in turn.
    @discardableResult
    public func lock(_ ids: [UUID], on connection: PostgresConnection) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return try await connection.query(
            "SELECT id FROM people WHERE id = ANY(\(ids.sorted())) ORDER BY id FOR NO KEY UPDATE",
            logger: logger
        ).decode(UUID.self).reduce(into: []) { $0.insert($1) }
    }

    /// The people employed by an organisation.
    public func ids(inOrganisation organisation: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            "SELECT id FROM people WHERE organisation_id = \(organisation) ORDER BY id", logger: logger
        ).decode(UUID.self).reduce(into: []) { $0.append($1) }
    }

    /// One page of an organisation's people by name (code-point order, as on every server), with how many there are.
    public func ids(inOrganisation organisation: UUID, page: PageRequest, on connection: PostgresConnection) async throws -> (ids: [UUID], total: Int) {
        var ids: [UUID] = []
        var total = 0
        for try await (id, count) in try await connection.query(
            """
            SELECT id, count(*) OVER () FROM people WHERE organisation_id = \(organisation)
            ORDER BY family_name COLLATE "C", given_name COLLATE "C", id LIMIT \(page.limit) OFFSET \(page.offset)
            """,
            logger: logger
        ).decode((UUID, Int).self) {
            ids.append(id)
            total = count
        }
        if ids.isEmpty, page.offset > 0 {
            total = try await connection.query("SELECT count(*)::int FROM people WHERE organisation_id = \(organisation)", logger: logger)
                .collect()[0].decode(Int.self)
        }
        return (ids, total)
    }

    /// People who have any of these personal codes or e-mail addresses, in one query (for imports).
    public func findExisting(
        personalCodes: [PersonalCode], emails: [String], on connection: PostgresConnection
    ) async throws -> [Person] {
        guard !personalCodes.isEmpty || !emails.isEmpty else { return [] }
        let codes = personalCodes.map(\.digits)
        let loweredEmails = emails.map { $0.lowercased() }
        let rows = try await connection.query(
            """
            SELECT id, given_name, family_name, personal_code, email, phone, position, organisation_id,
                   position_started_on::text, created_at, updated_at
            FROM people
            WHERE personal_code = ANY(\(codes)) OR lower(email) = ANY(\(loweredEmails))
            """,
            logger: logger
        )
        return try await Self.decode(rows)
    }

    public func ids(positions: [Position], on connection: PostgresConnection) async throws -> [UUID] {
        guard !positions.isEmpty else { return [] }
        return try await connection.query(
            "SELECT id FROM people WHERE position = ANY(\(positions.map(\.rawValue))) ORDER BY id", logger: logger
        ).decode(UUID.self).reduce(into: []) { $0.append($1) }
    }

    /// The posts these people held, oldest first, each with its organisation's kind and name.
    public func positionHistory(of ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: [PositionHeld]] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: [PositionHeld]] = [:]
        for row in try await connection.rows(PositionHistoryByPerson.self, ids: ids, logger: logger) {
            let (person, position, organisation, kind, name, started, ended) =
                try row.decode((UUID, String, UUID?, String?, String?, String?, String?).self)
            result[person, default: []].append(PositionHeld(
                position: Position(rawValue: position) ?? .other, organisationID: organisation,
                organisationKind: kind.flatMap(OrganisationKind.init(rawValue:)), organisationName: name,
                startedOn: started.flatMap(CalendarDate.init(iso8601:)), endedOn: ended.flatMap(CalendarDate.init(iso8601:))
            ))
        }
        return result
    }

    enum PositionHistoryByPerson: ReadByIDs {
        static let name = "pilnveide:position-history-by-person"
        static func sql(comparing ids: String) -> String {
            """
            SELECT h.person_id, h.position, h.organisation_id, o.kind, o.name, h.started_on::text, h.ended_on::text
            FROM position_history h LEFT JOIN organisations o ON o.id = h.organisation_id
            WHERE h.person_id \(ids)
              AND (h.ended_on IS NULL OR h.started_on IS NULL OR h.ended_on >= h.started_on)  -- not posts a correction emptied
            ORDER BY h.person_id, h.started_on NULLS FIRST, h.id
            """
        }
    }

    /// People by lower-cased e-mail, for files that name people by their address.
    public func ids(byEmail emails: [String], on connection: PostgresConnection) async throws -> [String: UUID] {
        let lowered = emails.map { $0.lowercased() }
        var result: [String: UUID] = [:]
        for try await (email, id) in try await connection.query(
            "SELECT lower(email), id FROM people WHERE lower(email) = ANY(\(lowered))", logger: logger
        ).decode((String, UUID).self) { result[email] = id }
        return result
    }

    public func list(
        _ filter: PersonFilter, scope: DirectoryAccess.PeopleScope, page: PageRequest, on connection: PostgresConnection
    ) async throws -> (items: [Person], total: Int) {
        let pattern = likePattern(filter.text)
        let scopeOrganisation: UUID? = if case .organisation(let id) = scope { id } else { nil }
        let rows = try await connection.query(
            """
            SELECT p.id, p.given_name, p.family_name, p.personal_code, p.email, p.phone, p.position, p.organisation_id,
                   p.position_started_on::text, p.created_at, p.updated_at, count(*) OVER ()
            FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
            WHERE (\(scopeOrganisation)::uuid IS NULL OR p.organisation_id = \(scopeOrganisation))
              AND (\(filter.organisationID)::uuid IS NULL OR p.organisation_id = \(filter.organisationID))
              AND (\(filter.position?.rawValue)::text IS NULL OR p.position = \(filter.position?.rawValue))
              AND (\(filter.region?.rawValue)::text IS NULL OR o.region = \(filter.region?.rawValue))
              AND (\(pattern)::text IS NULL OR lower(p.given_name) LIKE \(pattern)
                   OR lower(p.family_name) LIKE \(pattern) OR lower(p.email) LIKE \(pattern)
                   OR lower(p.given_name || ' ' || p.family_name) LIKE \(pattern))
            ORDER BY lower(p.family_name), lower(p.given_name), p.id
            LIMIT \(page.limit) OFFSET \(page.offset)
            """,
            logger: logger
        )
        var items: [Person] = []
        var total = 0
        for try await row in rows {
            let (id, given, family, code, email, phone, position, organisation, started, createdAt, updatedAt, count) =
                try row.decode(
                    (UUID, String, String, String?, String?, String?, String, UUID?, String?, Date, Date, Int).self
                )
            items.append(
                Self.person(id, given, family, code, email, phone, position, organisation, started, createdAt, updatedAt)
            )
            total = count
        }
        if items.isEmpty && page.offset > 0 {
            // Past the end: the window function had no row to report the total on.
            let all = try await list(filter, scope: scope, page: try PageRequest(limit: 1, offset: 0), on: connection)
            total = all.total
        }
        return (items, total)
    }

    func insert(_ valid: PersonDraft.Valid, on connection: PostgresConnection) async throws -> Person {
        let rows = try await connection.query(
            """
            INSERT INTO people (given_name, family_name, personal_code, email, phone, position, organisation_id,
                                position_started_on)
            VALUES (\(valid.givenName), \(valid.familyName), \(valid.personalCode?.digits), \(valid.email),
                    \(valid.phone), \(valid.position.rawValue), \(valid.organisationID),
                    \(valid.positionStartedOn?.description)::date)
            RETURNING id, given_name, family_name, personal_code, email, phone, position, organisation_id,
                      position_started_on::text, created_at, updated_at
            """,
            logger: logger
        )
        return try await Self.decode(rows)[0]
    }

    func update(id: UUID, _ valid: PersonDraft.Valid, on connection: PostgresConnection) async throws -> Person {
        let rows = try await connection.query(
            """
            UPDATE people
            SET given_name = \(valid.givenName), family_name = \(valid.familyName),
                personal_code = \(valid.personalCode?.digits), email = \(valid.email), phone = \(valid.phone),
                position = \(valid.position.rawValue), organisation_id = \(valid.organisationID),
                position_started_on = \(valid.positionStartedOn?.description)::date, updated_at = now()
            WHERE id = \(id)
            RETURNING id, given_name, family_name, personal_code, email, phone, position, organisation_id,
                      position_started_on::text, created_at, updated_at
            """,
            logger: logger
        )
        return try await Self.decode(rows)[0]
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [Person] {
        var result: [Person] = []
        for try await row in rows { result.append(try person(from: row)) }
        return result
    }

    static func person(from row: PostgresRow) throws -> Person {
        let (id, given, family, code, email, phone, position, organisation, started, createdAt, updatedAt) =
            try row.decode((UUID, String, String, String?, String?, String?, String, UUID?, String?, Date, Date).self)
        return person(id, given, family, code, email, phone, position, organisation, started, createdAt, updatedAt)
    }

    private static func person(
        _ id: UUID, _ given: String, _ family: String, _ code: String?, _ email: String?, _ phone: String?,
        _ position: String, _ organisation: UUID?, _ started: String?, _ createdAt: Date, _ updatedAt: Date
    ) -> Person {
        Person(
            id: id, givenName: given, familyName: family, personalCode: code.flatMap { try? PersonalCode($0) },
            email: email, phone: phone, position: Position(rawValue: position) ?? .other,
            organisationID: organisation, positionStartedOn: started.flatMap(CalendarDate.init(iso8601:)),
            createdAt: createdAt, updatedAt: updatedAt
        )
    }
}
