import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for organisations. Every method runs on the connection it is given, so callers choose the transaction.
public struct OrganisationStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    private static let columns = "id, kind, name, municipality, region, created_at, updated_at"

    public func find(id: UUID, on connection: PostgresConnection) async throws -> Organisation? {
        let rows = try await connection.query(
            "SELECT id, kind, name, municipality, region, created_at, updated_at FROM organisations WHERE id = \(id)",
            logger: logger
        )
        return try await Self.decode(rows).first
    }

    public func find(ids: [UUID], on connection: PostgresConnection) async throws -> [Organisation] {
        guard !ids.isEmpty else { return [] }
        return try await connection.rows(OrganisationsByID.self, ids: ids, logger: logger).map(Self.organisation(from:))
    }

    enum OrganisationsByID: ReadByIDs {
        static let name = "pilnveide:organisations-by-id"
        static func sql(comparing ids: String) -> String { "SELECT id, kind, name, municipality, region, created_at, updated_at FROM organisations WHERE id \(ids)" }
    }

    /// Locks an organisation's row, so concurrent edits apply one after the other, not over each other.
    func lock(id: UUID, on connection: PostgresConnection) async throws {
        try await connection.query("SELECT 1 FROM organisations WHERE id = \(id) FOR UPDATE", logger: logger)
    }

    public func find(name: String, on connection: PostgresConnection) async throws -> Organisation? {
        let rows = try await connection.query(
            """
            SELECT id, kind, name, municipality, region, created_at, updated_at
            FROM organisations WHERE lower(name) = lower(\(name))
            """,
            logger: logger
        )
        return try await Self.decode(rows).first
    }

    /// Organisations by lower-cased name, for imports that refer to organisations by name.
    public func idsByName(_ names: [String], on connection: PostgresConnection) async throws -> [String: UUID] {
        let lowered = names.map { $0.lowercased() }
        let rows = try await connection.query(
            "SELECT lower(name), id FROM organisations WHERE lower(name) = ANY(\(lowered))",
            logger: logger
        )
        var result: [String: UUID] = [:]
        for try await (name, id) in rows.decode((String, UUID).self) { result[name] = id }
        return result
    }

    public func list(
        _ filter: OrganisationFilter, page: PageRequest, on connection: PostgresConnection
    ) async throws -> (items: [Organisation], total: Int) {
        let pattern = likePattern(filter.text)
        let rows = try await connection.query(
            """
            SELECT id, kind, name, municipality, region, created_at, updated_at, count(*) OVER ()
            FROM organisations
            WHERE (\(filter.kind?.rawValue)::text IS NULL OR kind = \(filter.kind?.rawValue))
              AND (\(filter.region?.rawValue)::text IS NULL OR region = \(filter.region?.rawValue))
              AND (\(pattern)::text IS NULL OR lower(name) LIKE \(pattern) OR lower(municipality) LIKE \(pattern))
            ORDER BY lower(name), id
            LIMIT \(page.limit) OFFSET \(page.offset)
            """,
            logger: logger
        )
        var items: [Organisation] = []
        var total = 0
        for try await row in rows {
            let (id, kind, name, municipality, region, createdAt, updatedAt, count) = try row.decode(
                (UUID, String, String, String?, String?, Date, Date, Int).self
            )
            items.append(Self.organisation(id, kind, name, municipality, region, createdAt, updatedAt))
            total = count
        }
        if items.isEmpty && page.offset > 0 {
            // Past the end: the window function had no row to report the total on.
            total = try await list(filter, page: try PageRequest(limit: 1, offset: 0), on: connection).total
        }
        return (items, total)
    }

    func insert(_ valid: OrganisationDraft.Valid, on connection: PostgresConnection) async throws -> Organisation {
        let rows = try await connection.query(
            """
            INSERT INTO organisations (kind, name, municipality, region)
            VALUES (\(valid.kind.rawValue), \(valid.name), \(valid.municipality), \(valid.region?.rawValue))
            RETURNING id, kind, name, municipality, region, created_at, updated_at
            """,
            logger: logger
        )
        return try await Self.decode(rows)[0]
    }

    func update(
        id: UUID, _ valid: OrganisationDraft.Valid, on connection: PostgresConnection
    ) async throws -> Organisation {
        let rows = try await connection.query(
            """
            UPDATE organisations
            SET kind = \(valid.kind.rawValue), name = \(valid.name), municipality = \(valid.municipality),
                region = \(valid.region?.rawValue), updated_at = now()
            WHERE id = \(id)
            RETURNING id, kind, name, municipality, region, created_at, updated_at
            """,
            logger: logger
        )
        return try await Self.decode(rows)[0]
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [Organisation] {
        var result: [Organisation] = []
        for try await row in rows { result.append(try organisation(from: row)) }
        return result
    }

    static func organisation(from row: PostgresRow) throws -> Organisation {
        let (id, kind, name, municipality, region, createdAt, updatedAt) =
            try row.decode((UUID, String, String, String?, String?, Date, Date).self)
        return organisation(id, kind, name, municipality, region, createdAt, updatedAt)
    }

    private static func organisation(
        _ id: UUID, _ kind: String, _ name: String, _ municipality: String?, _ region: String?,
        _ createdAt: Date, _ updatedAt: Date
    ) -> Organisation {
        Organisation(
            id: id, kind: OrganisationKind(rawValue: kind) ?? .other, name: name, municipality: municipality,
            region: region.flatMap(PlanningRegion.init(rawValue:)), createdAt: createdAt, updatedAt: updatedAt
        )
    }
}
