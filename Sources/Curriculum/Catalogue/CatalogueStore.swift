import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for the catalogue. Every method runs on the connection it is given, so callers choose the transaction.
public struct CatalogueStore: Sendable {
    let logger: Logger
    /// Course files decoded before, by code and version: groups' pages, enrolments and attendance read them each time.
    private let decoded = DecodedByChecksum<String, CourseDefinition>()

    public init(logger: Logger) { self.logger = logger }

    /// Serialises catalogue imports for the rest of the transaction; any fixed number all importers share.
    private static let importLock: Int64 = 0x4361_7461_6C6F_6775  // "Catalogu"

    func lockImports(on connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.importLock))", logger: logger)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    struct Latest: Sendable {
        let id: UUID
        let kind: CourseDefinition.Kind
        let version: Int
        let status: CourseDefinition.Status
        let checksum: String
    }

    /// The newest version of each of these courses, in one query.
    func latestVersions(codes: [String], on connection: PostgresConnection) async throws -> [String: Latest] {
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (v.course_code) v.course_code, v.id, c.kind, v.version, v.status, v.content_checksum
            FROM course_versions v JOIN courses c ON c.code = v.course_code
            WHERE v.course_code = ANY(\(codes))
            ORDER BY v.course_code, v.version DESC
            """,
            logger: logger
        )
        var result: [String: Latest] = [:]
        for try await (code, id, kind, version, status, checksum) in rows.decode((String, UUID, String, Int, String, String).self) {
            result[code] = Latest(id: id, kind: CourseDefinition.Kind(rawValue: kind)!, version: version,
                                  status: CourseDefinition.Status(rawValue: status)!, checksum: checksum)
        }
        return result
    }

    func insertCourse(_ definition: CourseDefinition, on connection: PostgresConnection) async throws {
        try await connection.query(
            "INSERT INTO courses (code, kind) VALUES (\(definition.code), \(definition.kind.rawValue))", logger: logger
        )
    }

    func insertVersion(
        _ definition: CourseDefinition, checksum: String, file: String, by actor: String, on connection: PostgresConnection
    ) async throws {
        // A file may bring a version in as approved or retired (reviewed like code); who imported it is recorded.
        let approvedBy = definition.status >= .approved ? actor : nil
        let retiredBy = definition.status == .retired ? actor : nil
        let json = String(decoding: try Self.encoder.encode(definition), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO course_versions (course_code, version, status, title_lv, title_en, academic_hours,
                academic_hour_minutes, audiences, effective_from, effective_until, definition, content_checksum,
                source_file, approved_at, approved_by, retired_at, retired_by)
            VALUES (\(definition.code), \(definition.version), \(definition.status.rawValue), \(definition.title.lv),
                \(definition.title.en), \(definition.academicHours), \(definition.academicHourMinutes),
                \(definition.audiences.map(\.rawValue)), \(definition.effectiveFrom.description)::date,
                \(definition.effectiveUntil?.description)::date, \(json)::jsonb, \(checksum), \(file),
                CASE WHEN \(approvedBy)::text IS NULL THEN NULL ELSE now() END, \(approvedBy),
                CASE WHEN \(retiredBy)::text IS NULL THEN NULL ELSE now() END, \(retiredBy))
            """,
            logger: logger
        )
    }

    /// Replaces a draft's content (its status is the database's and stays); false when it is no longer a draft.
    func replaceDraft(
        id: UUID, with definition: CourseDefinition, checksum: String, file: String, on connection: PostgresConnection
    ) async throws -> Bool {
        let json = String(decoding: try Self.encoder.encode(definition), as: UTF8.self)
        return try await connection.query(
            """
            UPDATE course_versions
            SET title_lv = \(definition.title.lv), title_en = \(definition.title.en),
                academic_hours = \(definition.academicHours), academic_hour_minutes = \(definition.academicHourMinutes),
                audiences = \(definition.audiences.map(\.rawValue)),
                effective_from = \(definition.effectiveFrom.description)::date,
                effective_until = \(definition.effectiveUntil?.description)::date,
                definition = \(json)::jsonb, content_checksum = \(checksum), source_file = \(file),
                updated_at = now()
            WHERE id = \(id) AND status = 'draft'
            RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    /// Locks a version's row and reads its status again: approving it, importing over it and scheduling a
    /// group on it then happen one after the other.
    func lockVersion(id: UUID, on connection: PostgresConnection) async throws -> CourseDefinition.Status {
        try await CourseDefinition.Status(rawValue: connection.query(
            "SELECT status FROM course_versions WHERE id = \(id) FOR UPDATE", logger: logger
        ).collect()[0].decode(String.self))!
    }

    /// Moves a version to `status`, recording who did it and when; only forward (draft → approved → retired).
    func advance(
        code: String, version: Int, to status: CourseDefinition.Status, by actor: String, on connection: PostgresConnection
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE course_versions
            SET status = \(status.rawValue), updated_at = now(),
                approved_at = CASE WHEN \(status.rawValue) = 'approved' THEN now() ELSE approved_at END,
                approved_by = CASE WHEN \(status.rawValue) = 'approved' THEN \(actor) ELSE approved_by END,
                retired_at = CASE WHEN \(status.rawValue) = 'retired' THEN now() ELSE retired_at END,
                retired_by = CASE WHEN \(status.rawValue) = 'retired' THEN \(actor) ELSE retired_by END
            WHERE course_code = \(code) AND version = \(version)
              AND array_position(ARRAY['draft', 'approved', 'retired'], status)
                  < array_position(ARRAY['draft', 'approved', 'retired'], \(status.rawValue)::text)
            RETURNING id
            """,
            logger: logger
        )
        return try await rows.collect().count == 1
    }

    func lockVersion(code: String, version: Int, on connection: PostgresConnection) async throws -> CourseDefinition.Status? {
        let rows = try await connection.query(
            "SELECT status FROM course_versions WHERE course_code = \(code) AND version = \(version) FOR UPDATE",
            logger: logger
        )
        for try await status in rows.decode(String.self) { return CourseDefinition.Status(rawValue: status) }
        return nil
    }

    /// Every version of every course, in brief (the list picks each course's current one by `CurrentVersion`).
    func versionSummaries(on connection: PostgresConnection) async throws -> [CourseSummary] {
        let rows = try await connection.query(
            """
            SELECT c.code, c.kind, v.version, v.status, v.title_lv, v.title_en, v.academic_hours, v.audiences,
                   v.effective_from::text, v.effective_until::text
            FROM courses c JOIN course_versions v ON v.course_code = c.code
            ORDER BY c.code, v.version DESC
            """,
            logger: logger
        )
        var items: [CourseSummary] = []
        for try await (code, kind, version, status, titleLV, titleEN, hours, audiences, from, until) in rows.decode(
            (String, String, Int, String, String, String, Int, [String], String, String?).self
        ) {
            items.append(CourseSummary(
                code: code, kind: CourseDefinition.Kind(rawValue: kind)!, version: version,
                status: CourseDefinition.Status(rawValue: status)!, title: .init(lv: titleLV, en: titleEN),
                academicHours: hours, audiences: audiences.compactMap(Position.init(rawValue:)),
                effectiveFrom: CalendarDate(iso8601: from)!, effectiveUntil: until.flatMap(CalendarDate.init(iso8601:))
            ))
        }
        return items
    }

    /// Versions by id, in brief: for modules that refer to course versions by id.
    func heads(ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: CourseVersionHead] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: CourseVersionHead] = [:]
        for try await (id, code, version, titleLV, titleEN) in try await connection.query(
            "SELECT id, course_code, version, title_lv, title_en FROM course_versions WHERE id = ANY(\(ids))",
            logger: logger
        ).decode((UUID, String, Int, String, String).self) {
            result[id] = CourseVersionHead(id: id, code: code, version: version, title: .init(lv: titleLV, en: titleEN))
        }
        return result
    }

    func versionIDs(code: String, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            "SELECT id FROM course_versions WHERE course_code = \(code) ORDER BY version", logger: logger
        ).decode(UUID.self).reduce(into: []) { $0.append($1) }
    }

    /// Holds a version's row against change (approving, retiring, importing over it wait) and reads its status.
    func holdVersion(id: UUID, on connection: PostgresConnection) async throws -> CourseDefinition.Status? {
        for try await status in try await connection.query(
            "SELECT status FROM course_versions WHERE id = \(id) FOR SHARE", logger: logger
        ).decode(String.self) { return CourseDefinition.Status(rawValue: status) }
        return nil
    }

    /// Every version whose course file states a pilot rule, oldest course code and version first.
    func versionsWithPilotRule(on connection: PostgresConnection) async throws -> [StoredCourseVersion] {
        try await Self.decode(connection.query(
            """
            SELECT id, definition::text, status, source_file, imported_at, approved_at, approved_by, retired_at, retired_by
            FROM course_versions WHERE definition ? 'pilot' ORDER BY course_code, version
            """,
            logger: logger
        ))
    }

    /// Every version of a course, newest first.
    func versions(code: String, on connection: PostgresConnection) async throws -> [StoredCourseVersion] {
        try await Self.decode(connection.query(
            """
            SELECT id, definition::text, status, source_file, imported_at, approved_at, approved_by, retired_at, retired_by
            FROM course_versions WHERE course_code = \(code) ORDER BY version DESC
            """,
            logger: logger
        ))
    }

    func version(code: String, version: Int, on connection: PostgresConnection) async throws -> StoredCourseVersion? {
        guard let storedVersion = Int32(exactly: version) else { return nil }  // no version is numbered beyond the column's range
        let key = "\(code) \(version)"
        let known = decoded.entry(key)
        var bindings = PostgresBindings()
        bindings.append(code)
        bindings.append(storedVersion)
        bindings.append(known?.checksum ?? "")
        guard let row = try await connection.run(VersionUnlessKnown.self, bindings, logger: logger).first else { return nil }
        let (id, json, checksum, status, file, imported, approvedAt, approvedBy, retiredAt, retiredBy) =
            try row.decode((UUID, String?, String, String, String, Date, Date?, String?, Date?, String?).self)
        let definition = try decoded.value(key, checksum: checksum, json: json, known: known) {
            try JSONDecoder().decode(CourseDefinition.self, from: Data($0.utf8))
        }
        return StoredCourseVersion(
            id: id, definition: definition, status: CourseDefinition.Status(rawValue: status)!, sourceFile: file,
            importedAt: imported, approvedAt: approvedAt, approvedBy: approvedBy, retiredAt: retiredAt, retiredBy: retiredBy
        )
    }

    /// One version, its definition only when its checksum is not `$3` (the one decoded before).
    enum VersionUnlessKnown: PreparedSQL {
        static let name = "pilnveide:course-version"
        static let sql = """
            SELECT id, CASE WHEN content_checksum = $3 THEN NULL ELSE definition::text END, content_checksum, status, source_file,
                   imported_at, approved_at, approved_by, retired_at, retired_by
            FROM course_versions WHERE course_code = $1 AND version = $2
            """
        static let bindingDataTypes: [PostgresDataType] = [.text, .int4, .text]
    }

    private static func decode(_ rows: PostgresRowSequence) async throws -> [StoredCourseVersion] {
        var result: [StoredCourseVersion] = []
        for try await (id, json, status, file, imported, approvedAt, approvedBy, retiredAt, retiredBy) in rows.decode(
            (UUID, String, String, String, Date, Date?, String?, Date?, String?).self
        ) {
            let definition = try JSONDecoder().decode(CourseDefinition.self, from: Data(json.utf8))
            result.append(StoredCourseVersion(
                id: id, definition: definition, status: CourseDefinition.Status(rawValue: status)!, sourceFile: file,
                importedAt: imported, approvedAt: approvedAt, approvedBy: approvedBy, retiredAt: retiredAt, retiredBy: retiredBy
            ))
        }
        return result
    }
}
