import Core
import Database
import Foundation
import Logging
import PostgresNIO

struct SchemeStoreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// SQL for certification scheme versions.
public struct SchemeStore: Sendable {
    let logger: Logger
    private let decoded = DecodedByChecksum<UUID, CertificationScheme>()
    /// The list `versions` last read, while no version has changed since.
    private let copies: CachedReads<Int, [StoredVersion]>

    public init(logger: Logger, changes: ChangeFeed) {
        self.logger = logger
        copies = CachedReads(changes: changes, tables: ["certification_scheme_versions"], capacity: 1)
    }

    struct StoredVersion: Sendable {
        let id: UUID
        let scheme: CertificationScheme
        let checksum: String
    }

    /// `versions`, from a copy while none has changed since it was read: for reads that decide nothing (a person's
    /// status, a court's), asked on every one. What is decided (issuing, the certification pass) reads the table.
    func currentVersions(on connection: PostgresConnection) async throws -> [StoredVersion] {
        try await copies.value(for: 0) { try await versions(on: connection) } ?? []
    }

    /// Every stored version, oldest first per scheme.
    func versions(on connection: PostgresConnection) async throws -> [StoredVersion] {
        // The definition is sent only for versions not decoded before under the same checksum. One snapshot
        // of what is decoded serves both the query and the lookups, so the two cannot disagree.
        let known = decoded.snapshot()
        var result: [StoredVersion] = []
        for (id, status, definition, checksum) in try await connection.prepared(
            VersionsNotDecoded(ids: Array(known.keys), checksums: known.values.map(\.checksum)), logger: logger
        ) {
            var scheme = try decoded.value(id, checksum: checksum, json: definition, known: known[id]) {
                try JSONDecoder().decode(CertificationScheme.self, from: Data($0.utf8))
            }
            guard let status = CertificationScheme.Status(rawValue: status) else { throw SchemeStoreError("unknown status \(status) of \(scheme.code)") }
            scheme.status = status
            result.append(.init(id: id, scheme: scheme, checksum: checksum))
        }
        return result
    }

    /// Every version's id, status and checksum, with its definition where the (id, checksum) pair is not one of those
    /// given. Read on every status computed, so prepared once per connection.
    struct VersionsNotDecoded: PostgresPreparedStatement {
        static let name = "pilnveide:certification-scheme-versions"
        static let sql = """
            SELECT v.id, v.status, CASE WHEN k.id IS NULL THEN v.definition::text END, v.content_checksum
            FROM certification_scheme_versions v
            LEFT JOIN unnest($1::uuid[], $2::text[]) AS k(id, checksum) ON k.id = v.id AND k.checksum = v.content_checksum
            ORDER BY v.scheme_code, v.version
            """
        static let bindingDataTypes: [PostgresDataType] = [.uuidArray, .textArray]

        let ids: [UUID]
        let checksums: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(ids)
            bindings.append(checksums)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (UUID, String, String?, String) {
            try row.decode((UUID, String, String?, String).self)
        }
    }

    /// Serialises imports: two at once would both see a version missing.
    func lockImports(on connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('certification-scheme-import'))", logger: logger)
    }

    func insert(_ scheme: CertificationScheme, checksum: String, file: String, by actor: String, on connection: PostgresConnection) async throws {
        let definition = String(decoding: try JSONEncoder().encode(scheme), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO certification_scheme_versions (scheme_code, version, status, effective_from, effective_until, definition,
                                                       content_checksum, source_file, imported_by)
            VALUES (\(scheme.code), \(scheme.version), \(scheme.status.rawValue), \(scheme.effectiveFrom.description)::date,
                    \(scheme.effectiveUntil?.description)::date, \(definition)::jsonb, \(checksum), \(file), \(actor))
            """,
            logger: logger
        )
    }

    /// Replaces a draft version's definition (a draft may still change in place).
    func replaceDraft(id: UUID, with scheme: CertificationScheme, checksum: String, file: String, on connection: PostgresConnection) async throws {
        let definition = String(decoding: try JSONEncoder().encode(scheme), as: UTF8.self)
        try await connection.query(
            """
            UPDATE certification_scheme_versions
            SET status = \(scheme.status.rawValue), effective_from = \(scheme.effectiveFrom.description)::date,
                effective_until = \(scheme.effectiveUntil?.description)::date, definition = \(definition)::jsonb,
                content_checksum = \(checksum), source_file = \(file), updated_at = now()
            WHERE id = \(id) AND status = 'draft'
            """,
            logger: logger
        )
    }

    /// Replaces an approved version's definition with one whose rule is the same (the caller checked; the database
    /// checks again): a corrected citation or note.
    func amendDocumentation(id: UUID, with scheme: CertificationScheme, checksum: String, file: String, on connection: PostgresConnection) async throws {
        let definition = String(decoding: try JSONEncoder().encode(scheme), as: UTF8.self)
        try await connection.query(
            """
            UPDATE certification_scheme_versions
            SET definition = \(definition)::jsonb, content_checksum = \(checksum), source_file = \(file), updated_at = now()
            WHERE id = \(id)
            """,
            logger: logger
        )
    }

    func setStatus(id: UUID, to status: CertificationScheme.Status, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE certification_scheme_versions SET status = \(status.rawValue), updated_at = now() WHERE id = \(id)", logger: logger
        )
    }
}
