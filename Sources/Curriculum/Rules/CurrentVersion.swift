import Core

/// What the current-version rule needs to know of a course version.
public protocol CourseVersionFacts {
    var versionNumber: Int { get }
    var versionStatus: CourseDefinition.Status { get }
    var effectiveFrom: CalendarDate { get }
    var effectiveUntil: CalendarDate? { get }
}

/// Which version of a course people see as current on a day (a day in Riga: see `CalendarDate.today`): its
/// newest approved version in force that day, else its newest approved one, else its newest that is not
/// retired, else its newest. The list and the detail of the catalogue both ask this one rule.
public enum CurrentVersion {
    public static func pick<Version: CourseVersionFacts>(from versions: [Version], on day: CalendarDate) -> Version? {
        versions.max { rank($0, on: day) < rank($1, on: day) }
    }

    private static func rank<Version: CourseVersionFacts>(_ version: Version, on day: CalendarDate) -> (Int, Int, Int, Int) {
        let approved = version.versionStatus == .approved
        let inForce = version.effectiveFrom <= day && (version.effectiveUntil.map { $0 >= day } ?? true)
        return (approved && inForce ? 1 : 0, approved ? 1 : 0, version.versionStatus != .retired ? 1 : 0, version.versionNumber)
    }
}

extension StoredCourseVersion: CourseVersionFacts {
    public var versionNumber: Int { definition.version }
    public var versionStatus: CourseDefinition.Status { status }
    public var effectiveFrom: CalendarDate { definition.effectiveFrom }
    public var effectiveUntil: CalendarDate? { definition.effectiveUntil }
}

extension CourseSummary: CourseVersionFacts {
    public var versionNumber: Int { version }
    public var versionStatus: CourseDefinition.Status { status }
}
