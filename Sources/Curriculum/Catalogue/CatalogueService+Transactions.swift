import Core
import Foundation
import PostgresNIO

/// Which groups deliver a course version. Scheduling owns groups and answers this; the catalogue asks it
/// before changing a version in place, and never reads scheduling's tables itself.
public protocol CourseVersionUsage: Sendable {
    func groupCodes(deliveringVersion versionID: UUID, on connection: PostgresConnection) async throws -> [String]
}

/// A course version in brief, as other modules refer to it.
public struct CourseVersionHead: Sendable, Equatable {
    public let id: UUID
    public let code: String
    public let version: Int
    public let title: CourseDefinition.Title
}

/// What other modules ask of the catalogue inside their own transactions: they never read its tables.
extension CatalogueService {
    /// Versions in brief by id, from copies while no version has changed.
    public func heads(ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: CourseVersionHead] {
        try await headCopies.values(for: Array(Set(ids))) { try await store.heads(ids: $0, on: connection) }
    }

    /// Every version id of a course (none when there is no such course).
    public func versionIDs(code: String, on connection: PostgresConnection) async throws -> [UUID] {
        try await store.versionIDs(code: code, on: connection)
    }

    /// Holds an approved version as approved until the caller's transaction ends (a retirement waits), or
    /// refuses when it is no longer approved.
    public func holdApproved(_ version: StoredCourseVersion, on connection: PostgresConnection) async throws {
        let status = try await store.holdVersion(id: version.id, on: connection)
        guard status == .approved else {
            throw ServiceError.conflict(
                "version \(version.definition.version) of \(version.definition.code) was just \(status?.rawValue ?? "removed")"
            )
        }
    }

    /// Every version whose course states a pilot rule, by course code and version.
    public func versionsWithPilotRule(on connection: PostgresConnection) async throws -> [StoredCourseVersion] {
        try await store.versionsWithPilotRule(on: connection)
    }
}
