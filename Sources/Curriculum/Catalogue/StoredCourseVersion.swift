import Core
import Foundation

/// A course version as the catalogue keeps it: the definition plus its life in the database.
public struct StoredCourseVersion: Sendable, Equatable {
    public let id: UUID
    public let definition: CourseDefinition
    /// The database's status (the inspectorate approves and retires through the API), which wins over the
    /// status the definition was imported with.
    public let status: CourseDefinition.Status
    public let sourceFile: String
    public let importedAt: Date
    public let approvedAt: Date?
    public let approvedBy: String?
    public let retiredAt: Date?
    public let retiredBy: String?
}

/// One line of the catalogue list: a course and the version that is current for it.
public struct CourseSummary: Sendable, Equatable {
    public let code: String
    public let kind: CourseDefinition.Kind
    public let version: Int
    public let status: CourseDefinition.Status
    public let title: CourseDefinition.Title
    public let academicHours: Int
    public let audiences: [Position]
    public let effectiveFrom: CalendarDate
    public let effectiveUntil: CalendarDate?
}

/// A course with its current version in full and every version in brief.
public struct CourseDetail: Sendable, Equatable {
    public struct VersionEntry: Sendable, Equatable {
        public let version: Int
        public let status: CourseDefinition.Status
        public let effectiveFrom: CalendarDate
        public let effectiveUntil: CalendarDate?
        public let approvedAt: Date?
        public let retiredAt: Date?
    }

    public let current: StoredCourseVersion
    public let versions: [VersionEntry]
}

public struct CourseFilter: Sendable {
    public var kind: CourseDefinition.Kind?
    public var audience: Position?
    public var status: CourseDefinition.Status?
    /// Case-insensitive text in the Latvian or English title.
    public var text: String?

    public init(kind: CourseDefinition.Kind? = nil, audience: Position? = nil, status: CourseDefinition.Status? = nil, text: String? = nil) {
        self.kind = kind
        self.audience = audience
        self.status = status
        self.text = text
    }
}

/// What an import did (or, with `--dry-run`, would do) to each file's course.
public struct CatalogueImportReport: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case newCourse
        case newVersion(previous: Int)
        case updatedInPlace
        case statusAdvanced(from: CourseDefinition.Status, to: CourseDefinition.Status)
        case unchanged
    }

    public struct Entry: Sendable, Equatable {
        public let file: String
        public let code: String
        public let version: Int
        public let change: Change

        public var description: String {
            switch change {
            case .newCourse: "\(code) v\(version): new course (\(file))"
            case .newVersion(let previous): "\(code) v\(version): new version, after v\(previous) (\(file))"
            case .updatedInPlace: "\(code) v\(version): draft updated in place (\(file))"
            case .statusAdvanced(let from, let to): "\(code) v\(version): status \(from.rawValue) → \(to.rawValue) (\(file))"
            case .unchanged: "\(code) v\(version): unchanged"
            }
        }
    }

    public let entries: [Entry]
    public let dryRun: Bool

    public var changedCount: Int { entries.filter { $0.change != .unchanged }.count }
}
