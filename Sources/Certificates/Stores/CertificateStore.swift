import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for certificates: numbers, status-list indexes, the certificates themselves and their basis, and state.
public struct CertificateStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// The next number of `year`, under the counter row's lock until the transaction ends: a rollback gives it back.
    func nextSequence(year: Int, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            """
            INSERT INTO certificate_number_counters (year, last_number) VALUES (\(year), 1)
            ON CONFLICT (year) DO UPDATE SET last_number = certificate_number_counters.last_number + 1
            RETURNING last_number
            """,
            logger: logger
        ).collect()[0].decode(Int.self)
    }

    /// Which of these numbers are taken already.
    func existingNumbers(_ numbers: [String], on connection: PostgresConnection) async throws -> Set<String> {
        guard !numbers.isEmpty else { return [] }
        return try await connection.query(
            "SELECT upper(number) FROM certificates WHERE upper(number) = ANY(\(numbers.map { $0.uppercased() }))", logger: logger
        ).decode(String.self).reduce(into: []) { $0.insert($1) }
    }

    /// A random free index in a list that is less than half full (a new list when none is), the list's row locked.
    func allocateStatusIndex(entries: Int, on connection: PostgresConnection) async throws -> (list: Int, index: Int) {
        func openList() async throws -> [PostgresRow] {
            try await connection.query(
                "SELECT id FROM certificate_status_lists WHERE allocated < \(entries / 2) ORDER BY id LIMIT 1 FOR UPDATE", logger: logger
            ).collect()
        }
        var rows = try await openList()
        if rows.isEmpty {
            // Two issuers finding no open list at once (the very first issue, say) would both make list N + 1: one
            // makes it, the other waits for that to commit and then finds it.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('certificate-status-lists'))", logger: logger)
            rows = try await openList()
        }
        if rows.isEmpty {
            rows = try await connection.query(
                """
                INSERT INTO certificate_status_lists (id, purpose, bits)
                SELECT coalesce(max(id), 0) + 1, 'revocation', decode(repeat('00', \(entries / 8)::int), 'hex') FROM certificate_status_lists
                RETURNING id
                """,
                logger: logger
            ).collect()
        }
        let list = try rows[0].decode(Int.self)
        // At most half the indexes are taken, so a handful of random candidates finds a free one.
        while true {
            let candidates = (0..<16).map { _ in Int.random(in: 0..<entries) }
            let taken = try await connection.query(
                "SELECT status_list_index FROM certificates WHERE status_list_id = \(list) AND status_list_index = ANY(\(candidates))",
                logger: logger
            ).decode(Int.self).reduce(into: Set<Int>()) { $0.insert($1) }
            if let free = candidates.first(where: { !taken.contains($0) }) {
                try await connection.query("UPDATE certificate_status_lists SET allocated = allocated + 1 WHERE id = \(list)", logger: logger)
                return (list, free)
            }
        }
    }

    /// Stores a certificate and the records it rests on. The number's year and sequence are kept only for
    /// certificates this platform numbered (imported ones keep numbers of their own).
    func insert(
        _ certificate: Certificate, issuedByAccount: UUID?, idempotencyKey: String?, fingerprint: String?, credential: String?,
        on connection: PostgresConnection
    ) async throws {
        let numbering = certificate.origin == .issued ? CertificateNumber(certificate.number) : nil
        try await connection.query(
            """
            INSERT INTO certificates (id, number, year, sequence, verification_code, person_id, holder_name, scheme_code, scheme_version,
                                      scheme_title, valid_from, valid_until, academic_hours, origin, issued_at, issued_by, issued_by_account,
                                      override_reason, idempotency_key, request_fingerprint, status_list_id, status_list_index, credential)
            VALUES (\(certificate.id), \(certificate.number), \(numbering?.year), \(numbering?.sequence), \(certificate.verificationCode),
                    \(certificate.personID), \(certificate.holderName), \(certificate.schemeCode), \(certificate.schemeVersion),
                    \(certificate.schemeTitle), \(certificate.validFrom.description)::date, \(certificate.validUntil?.description)::date,
                    \(certificate.academicHours), \(certificate.origin.rawValue), \(certificate.issuedAt), \(certificate.issuedBy),
                    \(issuedByAccount), \(certificate.overrideReason), \(idempotencyKey), \(fingerprint), \(certificate.statusListID),
                    \(certificate.statusListIndex), \(credential))
            """,
            logger: logger
        )
        let basis = certificate.basis
        guard !basis.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO certificate_records (certificate_id, record_id, title, course_code, academic_hours, completed_on)
            SELECT \(certificate.id), NULLIF(record, '')::uuid, title, NULLIF(course, ''), hours, completed::date
            FROM unnest(\(basis.map { $0.recordID?.uuidString ?? "" })::text[], \(basis.map(\.title))::text[],
                        \(basis.map { $0.courseCode ?? "" })::text[], \(basis.map(\.academicHours))::float8[],
                        \(basis.map(\.completedOn.description))::text[]) AS t(record, title, course, hours, completed)
            """,
            logger: logger
        )
    }

    /// These people's certificates under the scheme that still stand on `day` (active or suspended, not superseded,
    /// not lapsed). Every active or suspended one not yet superseded is locked, in id order, lapsed ones too: those
    /// are the rows `supersede` will change, so no other lock is taken on them later in the transaction.
    func standing(people: [UUID], scheme: String, asOf day: CalendarDate, on connection: PostgresConnection) async throws -> [UUID: [Certificate]] {
        guard !people.isEmpty else { return [:] }
        let rows = try await certificates(
            """
            \(unescaped: Self.select)
            WHERE c.person_id = ANY(\(people)) AND c.scheme_code = \(scheme) AND c.state IN ('active', 'suspended') AND c.superseded_by IS NULL
            ORDER BY c.id FOR UPDATE OF c
            """,
            on: connection
        )
        return Dictionary(grouping: rows.filter { $0.validUntil.map { $0 >= day } ?? true }, by: \.personID)
    }

    /// Earlier certificates of the person under the scheme that still stand (active or suspended) are superseded by `newer`.
    func supersede(person: UUID, scheme: String, by newer: UUID, on connection: PostgresConnection) async throws -> [String] {
        try await connection.query(
            """
            UPDATE certificates SET superseded_by = \(newer)
            WHERE person_id = \(person) AND scheme_code = \(scheme) AND id <> \(newer) AND superseded_by IS NULL AND state IN ('active', 'suspended')
            RETURNING number
            """,
            logger: logger
        ).decode(String.self).reduce(into: []) { $0.append($1) }
    }

    /// When a state changed: now, on a known day, or `.unknown` (a change made before the platform, its date not kept).
    enum ChangeTime { case now, unknown, at(Date) }

    /// What the request that issued it asked for, to tell a retry from another request under the same key.
    func requestFingerprint(of id: UUID, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("SELECT request_fingerprint FROM certificates WHERE id = \(id)", logger: logger)
            .collect().first?.decode(String?.self)
    }

    func setState(_ id: UUID, to state: Certificate.RecordedState, reason: String, kind: Certificate.Withdrawal? = nil, at time: ChangeTime = .now,
                  on connection: PostgresConnection) async throws {
        let at: Date? = switch time {
        case .now: Date()
        case .unknown: nil
        case .at(let date): date
        }
        try await connection.query(
            "UPDATE certificates SET state = \(state.rawValue), state_reason = \(reason), state_changed_at = \(at), state_kind = \(kind?.rawValue) WHERE id = \(id)",
            logger: logger
        )
    }

    /// Sets a revoked certificate's bit (index 0 is the most significant bit of the first byte; PostgreSQL's
    /// `set_bit` counts from the least significant) and moves the list's version on.
    func setRevokedBit(list: Int, index: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE certificate_status_lists SET bits = set_bit(bits, \(index / 8 * 8 + 7 - index % 8), 1), version = version + 1, updated_at = now()
            WHERE id = \(list)
            """,
            logger: logger
        )
    }

    struct StatusListRow {
        let bits: [UInt8]
        let version: Int
        let credential: String?
        let credentialVersion: Int?
        let updatedAt: Date
    }

    func statusList(_ id: Int, on connection: PostgresConnection) async throws -> StatusListRow? {
        for try await (bits, version, credential, credentialVersion, updatedAt) in try await connection.query(
            "SELECT bits, version, credential, credential_version, updated_at FROM certificate_status_lists WHERE id = \(id)", logger: logger
        ).decode((ByteBuffer, Int, String?, Int?, Date).self) {
            return StatusListRow(bits: Array(bits.readableBytesView), version: version, credential: credential,
                                 credentialVersion: credentialVersion, updatedAt: updatedAt)
        }
        return nil
    }

    /// Keeps the signed list made from `version`, unless a newer one was kept meanwhile.
    func cacheStatusList(_ id: Int, version: Int, credential: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE certificate_status_lists SET credential = \(credential), credential_version = \(version)
            WHERE id = \(id) AND version = \(version) AND (credential_version IS NULL OR credential_version < \(version))
            """,
            logger: logger
        )
    }

    // MARK: Reading

    enum Lookup {
        case number(String), code(String), id(UUID), idempotency(account: UUID, key: String)
    }

    /// By a number as written or in capitals, or a verification code: what people type or scan. Never locked: only read; without its signed credential.
    func find(reference: String, basis: Bool, on connection: PostgresConnection) async throws -> Certificate? {
        let found = try await connection.prepared(ByReference(reference: reference), logger: logger)
        return basis ? try await withBasis(found, on: connection).first : found.first
    }

    /// - Parameter basis: false where the records it rests on are not shown (public verification), saving a query.
    func find(_ lookup: Lookup, forUpdate: Bool = false, basis: Bool = true, on connection: PostgresConnection) async throws -> Certificate? {
        let lock = forUpdate ? " FOR UPDATE OF c" : ""
        // One statement per kind of lookup, each on its own unique index.
        let query: PostgresQuery = switch lookup {
        case .number(let number): "\(unescaped: Self.select) WHERE c.number = \(number)\(unescaped: lock)"
        case .code(let code): "\(unescaped: Self.select) WHERE c.verification_code = \(code)\(unescaped: lock)"
        case .id(let id): "\(unescaped: Self.select) WHERE c.id = \(id)\(unescaped: lock)"
        case .idempotency(let account, let key):
            "\(unescaped: Self.select) WHERE c.issued_by_account = \(account) AND c.idempotency_key = \(key)\(unescaped: lock)"
        }
        return try await certificates(query, basis: basis, on: connection).first
    }

    /// What people type or scan, looked up by public verification, the most frequent request anyone can make: prepared
    /// once per connection so it is not planned again each time. A number as written first, then in capitals, then a
    /// code: at most one of each (numbers are unique in capitals).
    struct ByReference: PostgresPreparedStatement {
        static let name = "pilnveide:certificate-by-reference"
        static let sql = """
            \(CertificateStore.select(credential: false)) WHERE c.number IN ($1, $2) OR c.verification_code = $1
            ORDER BY c.number = $1 DESC, c.number = $2 DESC LIMIT 1
            """
        static let bindingDataTypes: [PostgresDataType] = [.text, .text]

        let reference: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(reference)
            bindings.append(reference.uppercased())
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Certificate { try CertificateStore.certificate(from: row) }
    }

    func list(person: UUID, on connection: PostgresConnection) async throws -> [Certificate] {
        try await certificates("\(unescaped: Self.select) WHERE c.person_id = \(person) ORDER BY c.issued_at DESC, c.number DESC", on: connection)
    }

    /// Certificates with the number that superseded them; their basis comes in one more query.
    static let select = select(credential: true)

    /// - Parameter credential: false where the signed credential is not shown (public verification): it is the
    ///   largest column, about 2 KB a row, and the certificate's `credential` is then nil.
    static func select(credential: Bool) -> String {
        """
        SELECT c.id, c.number, c.verification_code, c.person_id, c.holder_name, c.scheme_code, c.scheme_version, c.scheme_title,
               c.valid_from::text, c.valid_until::text, c.academic_hours::float8, c.origin, c.issued_at, c.issued_by, c.override_reason,
               c.state, c.state_reason, c.state_changed_at, s.number, c.status_list_id, c.status_list_index, \(credential ? "c.credential" : "NULL::text"),
               c.state_kind
        FROM certificates c LEFT JOIN certificates s ON s.id = c.superseded_by
        """
    }

    private func certificates(_ query: PostgresQuery, basis: Bool = true, on connection: PostgresConnection) async throws -> [Certificate] {
        var rows: [Certificate] = []
        for try await row in try await connection.query(query, logger: logger) {
            rows.append(try Self.certificate(from: row))
        }
        return basis ? try await withBasis(rows, on: connection) : rows
    }

    /// One row of `select`, without its basis.
    static func certificate(from row: PostgresRow) throws -> Certificate {
        let (id, number, code, person, holder, scheme, version, title, from, until, hours) =
            try row.decode((UUID, String, String, UUID, String, String, Int, String, String, String?, Double).self)
        let columns = row.makeRandomAccess()
        let origin = try columns[11].decode(String.self)
        let issuedAt = try columns[12].decode(Date.self)
        let issuedBy = try columns[13].decode(String.self)
        let overrideReason = try columns[14].decode(String?.self)
        let state = try columns[15].decode(String.self)
        let stateReason = try columns[16].decode(String?.self)
        let stateChangedAt = try columns[17].decode(Date?.self)
        let supersededBy = try columns[18].decode(String?.self)
        let listID = try columns[19].decode(Int.self)
        let listIndex = try columns[20].decode(Int.self)
        let credential = try columns[21].decode(String?.self)
        let stateKind = try columns[22].decode(String?.self).flatMap(Certificate.Withdrawal.init(rawValue:))
        return Certificate(
            id: id, number: number, verificationCode: code, personID: person, holderName: holder, schemeCode: scheme, schemeVersion: version,
            schemeTitle: title, validFrom: CalendarDate(iso8601: from)!, validUntil: until.flatMap(CalendarDate.init(iso8601:)),
            academicHours: hours, basis: [], origin: Certificate.Origin(rawValue: origin) ?? .issued, issuedAt: issuedAt, issuedBy: issuedBy,
            overrideReason: overrideReason, recordedState: Certificate.RecordedState(rawValue: state) ?? .active, stateReason: stateReason,
            stateChangedAt: stateChangedAt, supersededBy: supersededBy, statusListID: listID, statusListIndex: listIndex, credential: credential,
            stateKind: stateKind
        )
    }

    /// The records each certificate rests on, in one query for all of them.
    private func withBasis(_ rows: [Certificate], on connection: PostgresConnection) async throws -> [Certificate] {
        guard !rows.isEmpty else { return [] }
        var basis: [UUID: [Certificate.Basis]] = [:]
        for try await (certificate, record, title, course, hours, completed) in try await connection.query(
            """
            SELECT certificate_id, record_id, title, course_code, academic_hours::float8, completed_on::text FROM certificate_records
            WHERE certificate_id = ANY(\(rows.map(\.id))) ORDER BY completed_on, title
            """,
            logger: logger
        ).decode((UUID, UUID?, String, String?, Double, String).self) {
            basis[certificate, default: []].append(.init(recordID: record, title: title, courseCode: course, academicHours: hours,
                                                         completedOn: CalendarDate(iso8601: completed)!))
        }
        return rows.map { certificate in
            var certificate = certificate
            certificate.basis = basis[certificate.id] ?? []
            return certificate
        }
    }
}
