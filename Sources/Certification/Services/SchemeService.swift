import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// Loading `Courses/certification/` into the database: a new version is added, an unchanged file changes
/// nothing, a changed draft is updated in place, an approved version whose documentation alone changed (its
/// citation, its assumptions' notes) is amended, and an approved version whose rule changed is refused (it needs
/// a new version number), all in one transaction with its audit records.
public struct SchemeService: Sendable {
    let database: Database
    let store: SchemeStore
    let audit: AuditTrail

    public init(database: Database, store: SchemeStore, audit: AuditTrail) {
        self.database = database
        self.store = store
        self.audit = audit
    }

    public struct ImportEntry: Sendable, Equatable, CustomStringConvertible {
        public enum Change: String, Sendable { case new, unchanged, updatedDraft = "updated draft", statusAdvanced = "status advanced",
                                               documentationAmended = "documentation amended" }
        public let code: String
        public let version: Int
        public let change: Change
        /// What the version cited before its documentation was amended, for the audit trail.
        var previousSource: CertificationScheme.Source? = nil

        public var description: String { "\(code) version \(version): \(change.rawValue)" }
    }

    public func importSchemes(_ catalogue: SchemeCatalogue, dryRun: Bool = false, by actor: Principal) async throws -> [ImportEntry] {
        guard actor.isAdministrator else { throw ServiceError.forbidden("only inspectorate administrators import certification schemes") }
        struct RollBack: Error { let entries: [ImportEntry] }
        do {
            return try await database.transaction(changing: "certification_scheme_versions") { connection in
                try await store.lockImports(on: connection)
                let stored = try await store.versions(on: connection)
                var entries: [ImportEntry] = []
                var refusals: [FileProblem] = []
                for file in catalogue.files {
                    let scheme = file.scheme
                    let versions = stored.filter { $0.scheme.code == scheme.code }
                    if let newest = versions.last?.scheme.version, scheme.version < newest {
                        refusals.append(.init(file: file.file, line: file.line("version"),
                                              message: "version \(scheme.version) of \(scheme.code) is older than version \(newest) in the database; versions only increase"))
                        continue
                    }
                    guard let existing = versions.first(where: { $0.scheme.version == scheme.version }) else {
                        try await store.insert(scheme, checksum: file.contentChecksum, file: file.file, by: actor.auditLabel, on: connection)
                        entries.append(.init(code: scheme.code, version: scheme.version, change: .new))
                        continue
                    }
                    if existing.checksum != file.contentChecksum {
                        if existing.scheme.status != .draft, existing.scheme.hasSameRule(as: scheme), scheme.status >= existing.scheme.status {
                            try await store.amendDocumentation(id: existing.id, with: scheme, checksum: file.contentChecksum, file: file.file,
                                                               on: connection)
                            if scheme.status > existing.scheme.status { try await store.setStatus(id: existing.id, to: scheme.status, on: connection) }
                            entries.append(.init(code: scheme.code, version: scheme.version, change: .documentationAmended,
                                                 previousSource: existing.scheme.source))
                            continue
                        }
                        guard existing.scheme.status == .draft else {
                            refusals.append(.init(file: file.file, line: file.line("version"),
                                                  message: "version \(scheme.version) of \(scheme.code) is \(existing.scheme.status.rawValue) and its rule cannot change in place (only its source, assumptions and note may be corrected); give the changed scheme version \(scheme.version + 1)"))
                            continue
                        }
                        try await store.replaceDraft(id: existing.id, with: scheme, checksum: file.contentChecksum, file: file.file, on: connection)
                        entries.append(.init(code: scheme.code, version: scheme.version, change: .updatedDraft))
                    } else if scheme.status > existing.scheme.status {
                        try await store.setStatus(id: existing.id, to: scheme.status, on: connection)
                        entries.append(.init(code: scheme.code, version: scheme.version, change: .statusAdvanced))
                    } else {
                        entries.append(.init(code: scheme.code, version: scheme.version, change: .unchanged))
                    }
                }
                if !refusals.isEmpty { throw FileProblems(refusals) }
                if dryRun { throw RollBack(entries: entries) }
                for entry in entries where entry.change != .unchanged {
                    var details = ["change": entry.change.rawValue]
                    if let previous = entry.previousSource {
                        details["previous_source_document"] = previous.document
                        details["previous_source_statement"] = previous.statement
                    }
                    try await audit.record("certification_scheme.imported", subjectType: "certification_scheme",
                                           subjectID: "\(entry.code)@\(entry.version)", by: actor, details: details, on: connection)
                }
                return entries
            }
        } catch let rollBack as RollBack {
            return rollBack.entries
        }
    }

    /// The versions of every scheme, as stored.
    public func schemes() async throws -> [CertificationScheme] {
        try await database.withConnection { connection in try await store.versions(on: connection).map(\.scheme) }
    }
}
