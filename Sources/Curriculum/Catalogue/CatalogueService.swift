import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// The course catalogue: loading `Courses/` into the database, reading it, approving and retiring versions.
/// The admin CLI and the API both call this; each write is one transaction with its audit record.
public struct CatalogueService: Sendable {
    let database: Database
    let store: CatalogueStore
    let audit: AuditTrail
    let usage: any CourseVersionUsage
    let feedback: any FeedbackReferenceCheck
    /// Versions in brief, as `heads` last read them, while no version has changed.
    let headCopies: CachedReads<UUID, CourseVersionHead>

    /// `usage` answers which groups deliver a version and `feedback` whether cited feedback exists;
    /// scheduling and the feedback module own those, so they are passed in.
    public init(
        database: Database, store: CatalogueStore, audit: AuditTrail, usage: any CourseVersionUsage, feedback: any FeedbackReferenceCheck
    ) {
        self.database = database
        self.store = store
        self.audit = audit
        self.usage = usage
        self.feedback = feedback
        // Every group shown names its course: a few hundred versions at most, each a few hundred bytes.
        headCopies = CachedReads(changes: database.changes, tables: ["course_versions"], capacity: 5_000)
    }

    // MARK: Import

    /// Loads a checked catalogue in one transaction. A file whose course is unchanged changes nothing; a
    /// higher version becomes a new version; a changed draft is updated in place. A changed version that is
    /// approved, or that groups use, is refused with the file and the groups named, and then nothing at all
    /// is imported. With `dryRun` the same work is done and rolled back, and the report says what would change.
    public func importCatalogue(_ catalogue: CourseCatalogue, dryRun: Bool = false, by actor: Principal) async throws -> CatalogueImportReport {
        guard actor.isAdministrator else {
            throw ServiceError.forbidden("only inspectorate administrators may import the catalogue")
        }
        do {
            return try await database.transaction(changing: "course_versions") { connection in
                try await store.lockImports(on: connection)
                let report = try await apply(catalogue, by: actor, dryRun: dryRun, on: connection)
                if dryRun { throw RollBack(report: report) }
                return report
            }
        } catch let rollBack as RollBack {
            return rollBack.report
        }
    }

    private struct RollBack: Error { let report: CatalogueImportReport }

    private func apply(
        _ catalogue: CourseCatalogue, by actor: Principal, dryRun: Bool, on connection: PostgresConnection
    ) async throws -> CatalogueImportReport {
        let latest = try await store.latestVersions(codes: catalogue.definitions.map(\.code), on: connection)
        // Courses first, so programmes may refer to the courses they include.
        let ordered = catalogue.files.sorted { ($0.definition.kind == .course ? 0 : 1, $0.file) < ($1.definition.kind == .course ? 0 : 1, $1.file) }
        var entries: [CatalogueImportReport.Entry] = []
        var refusals: [FileProblem] = []
        for file in ordered {
            let course = file.definition
            func entry(_ change: CatalogueImportReport.Change) {
                entries.append(.init(file: file.file, code: course.code, version: course.version, change: change))
            }
            func refuse(_ message: String, at field: String = "version") {
                refusals.append(FileProblem(file: file.file, line: file.line(field), message: message))
            }
            guard let existing = latest[course.code] else {
                try await store.insertCourse(course, on: connection)
                try await store.insertVersion(course, checksum: file.contentChecksum, file: file.file, by: actor.auditLabel, on: connection)
                entry(.newCourse)
                continue
            }
            if existing.kind != course.kind {
                refuse("\(course.code) is a \(existing.kind.rawValue) in the catalogue; a course cannot change its kind", at: "kind")
                continue
            }
            if course.version < existing.version {
                refuse("version \(course.version) of \(course.code) is older than version \(existing.version) in the catalogue; versions only increase")
                continue
            }
            if course.version > existing.version {
                try await store.insertVersion(course, checksum: file.contentChecksum, file: file.file, by: actor.auditLabel, on: connection)
                entry(.newVersion(previous: existing.version))
                continue
            }
            var change: CatalogueImportReport.Change?
            // Approving and scheduling on this version wait for the import, and it sees their results.
            let status = try await store.lockVersion(id: existing.id, on: connection)
            if file.contentChecksum != existing.checksum {
                let groups = try await usage.groupCodes(deliveringVersion: existing.id, on: connection)
                if !groups.isEmpty {
                    refuse("version \(course.version) of \(course.code) is used by groups \(groups.joined(separator: ", ")) and cannot change; give the changed course version \(existing.version + 1)")
                    continue
                }
                guard status == .draft,
                      try await store.replaceDraft(id: existing.id, with: course, checksum: file.contentChecksum, file: file.file, on: connection)
                else {
                    refuse("version \(course.version) of \(course.code) is \(status.rawValue) and cannot change in place; give the changed course version \(existing.version + 1)")
                    continue
                }
                change = .updatedInPlace
            }
            // A file may move its version forward (reviewed like code); never back.
            if course.status > status {
                _ = try await store.advance(code: course.code, version: course.version, to: course.status,
                                            by: actor.auditLabel, on: connection)
                change = change ?? .statusAdvanced(from: status, to: course.status)
            }
            entry(change ?? .unchanged)
        }
        refusals += try await missingFeedback(in: catalogue, on: connection)
        if !refusals.isEmpty { throw FileProblems(refusals) }
        if !dryRun {
            for entry in entries where entry.change != .unchanged {
                try await audit.record(
                    "course.imported", subjectType: "course_version", subjectID: "\(entry.code)@\(entry.version)", by: actor,
                    details: ["change": entry.description, "file": entry.file], on: connection
                )
            }
        }
        return CatalogueImportReport(entries: entries, dryRun: dryRun)
    }

    /// A change log may cite only feedback that exists: each cited group or lecturer's report that does not
    /// is a problem at its line.
    private func missingFeedback(in catalogue: CourseCatalogue, on connection: PostgresConnection) async throws -> [FileProblem] {
        var cited: [(FeedbackReference, file: CourseFile, path: String)] = []
        for file in catalogue.files {
            for (entryIndex, entry) in file.definition.changeLog.enumerated() {
                for (index, text) in entry.feedback.enumerated() {
                    if let reference = FeedbackReference(text) { cited.append((reference, file, "change_log[\(entryIndex)].feedback[\(index)]")) }
                }
            }
        }
        guard !cited.isEmpty else { return [] }
        let missing = Set(try await feedback.missing(cited.map(\.0), on: connection))
        return cited.filter { missing.contains($0.0) }.map { reference, file, path in
            let what = switch reference {
            case .group(let code): "no group has code \(code)"
            case .lecturerReport(let id): "no lecturer's report has id \(id.lowercasedString)"
            }
            return FileProblem(file: file.file, line: file.line(path), message: "the change log cites \(reference), but \(what)")
        }
    }

    // MARK: Reading (every signed-in user)

    /// Each course with its current version (`CurrentVersion`, on `now`'s day in Riga), filtered and paged.
    public func courses(_ filter: CourseFilter, page: PageRequest, now: Date = Date()) async throws -> Page<CourseSummary> {
        try Validation.checkSearchText(filter.text)
        let all = try await database.withConnection { connection in
            try await store.versionSummaries(on: connection)
        }
        let today = CalendarDate.today(now: now)
        let text = filter.text?.trimmingCharacters(in: .whitespaces).lowercased()
        let matching = Dictionary(grouping: all, by: \.code).values
            .compactMap { CurrentVersion.pick(from: $0, on: today) }
            .filter { course in
                (filter.kind.map { $0 == course.kind } ?? true)
                    && (filter.status.map { $0 == course.status } ?? true)
                    && (filter.audience.map { course.audiences.contains($0) } ?? true)
                    && (text.map { $0.isEmpty || course.title.lv.lowercased().contains($0) || course.title.en.lowercased().contains($0) } ?? true)
            }
            .sorted { $0.code < $1.code }
        let items = Array(matching.dropFirst(page.offset).prefix(page.limit))
        return Page(items: items, total: matching.count, request: page)
    }

    public func course(code: String, now: Date = Date()) async throws -> CourseDetail {
        let versions = try await database.withConnection { connection in
            try await store.versions(code: code, on: connection)
        }
        guard let current = CurrentVersion.pick(from: versions, on: CalendarDate.today(now: now)) else {
            throw ServiceError.notFound("no course has code \(code)")
        }
        return CourseDetail(
            current: current,
            versions: versions.map {
                .init(version: $0.definition.version, status: $0.status, effectiveFrom: $0.definition.effectiveFrom,
                      effectiveUntil: $0.definition.effectiveUntil, approvedAt: $0.approvedAt, retiredAt: $0.retiredAt)
            }
        )
    }

    public func version(code: String, version: Int) async throws -> StoredCourseVersion {
        try await database.withConnection { connection in
            try await self.version(code: code, version: version, on: connection)
        }
    }

    /// The same on the caller's connection. Inside a transaction this is the only safe way: taking a second
    /// pooled connection while holding locks can exhaust the pool when many requests wait on the same lock.
    public func version(code: String, version: Int, on connection: PostgresConnection) async throws -> StoredCourseVersion {
        guard let found = try await store.version(code: code, version: version, on: connection) else {
            throw ServiceError.notFound("course \(code) has no version \(version)")
        }
        return found
    }

    // MARK: Approving and retiring (inspectorate administrators)

    public func approve(code: String, version: Int, by actor: Principal) async throws -> StoredCourseVersion {
        try await advance(code: code, version: version, to: .approved, by: actor)
    }

    public func retire(code: String, version: Int, by actor: Principal) async throws -> StoredCourseVersion {
        try await advance(code: code, version: version, to: .retired, by: actor)
    }

    private func advance(
        code: String, version: Int, to status: CourseDefinition.Status, by actor: Principal
    ) async throws -> StoredCourseVersion {
        guard actor.isAdministrator else {
            throw ServiceError.forbidden("only inspectorate administrators may \(status == .approved ? "approve" : "retire") course versions")
        }
        return try await database.transaction(changing: "course_versions") { connection in
            guard let current = try await store.lockVersion(code: code, version: version, on: connection) else {
                throw ServiceError.notFound("course \(code) has no version \(version)")
            }
            guard current < status else {
                throw ServiceError.conflict("version \(version) of \(code) is \(current.rawValue) already; it cannot become \(status.rawValue)")
            }
            _ = try await store.advance(code: code, version: version, to: status, by: actor.auditLabel, on: connection)
            try await audit.record(
                status == .approved ? "course.approved" : "course.retired", subjectType: "course_version",
                subjectID: "\(code)@\(version)", by: actor, on: connection
            )
            return try await store.version(code: code, version: version, on: connection)!
        }
    }
}
