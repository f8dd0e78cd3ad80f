import Core
import Foundation

/// How many people are in each state, by scheme, region and position.
public struct NationalCount: Sendable, Equatable {
    /// What the counts are broken down by, besides scheme and state.
    public enum Grouping: String, Sendable, CaseIterable {
        case regionAndPosition = "region_position"
        /// Per orphan's court (or other organisation), with its region.
        case court
    }

    public let schemeCode: String
    public let region: PlanningRegion?
    public let position: Position?
    /// Set when counted per court.
    public let organisationID: UUID?
    public var organisationName: String?
    public let state: CertificationStatus.State
    public let people: Int

    public init(schemeCode: String, region: PlanningRegion?, position: Position?, organisationID: UUID? = nil,
                organisationName: String? = nil, state: CertificationStatus.State, people: Int) {
        self.schemeCode = schemeCode
        self.region = region
        self.position = position
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.state = state
        self.people = people
    }
}

/// One person under one scheme in the national lists.
public struct NationalEntry: Sendable, Equatable {
    public let personID: UUID
    public let schemeCode: String
    public let schemeVersion: Int
    public let state: CertificationStatus.State
    public let validUntil: CalendarDate?
    public let deadline: CalendarDate?
    public let organisationID: UUID?
    public let region: PlanningRegion?
    public let position: Position?
    /// The day the daily pass computed it.
    public let computedOn: CalendarDate
}

/// Which people the national lists show.
public struct NationalFilter: Sendable, Equatable {
    /// The inspectorate's lists.
    public enum List: String, Sendable, CaseIterable {
        /// Their next deadline is within `dueWithinDays` (certified with the window open, or working towards it).
        case due
        case inGrace = "in_grace"
        case expired
        /// Never certified: before their initial deadline or past it.
        case neverStarted = "never_started"

        var states: [CertificationStatus.State] {
            switch self {
            case .due: [.certified, .windowOpen, .notStarted, .inProgress]
            case .inGrace: [.inGrace]
            case .expired: [.expired]
            case .neverStarted: [.notStarted, .expired]
            }
        }
    }

    public var schemeCode: String?
    public var region: PlanningRegion?
    public var organisationID: UUID?
    public var position: Position?
    public var list: List?
    public var dueWithinDays: Int
    /// The day "due within" counts from.
    public var on: CalendarDate

    public init(
        schemeCode: String? = nil, region: PlanningRegion? = nil, organisationID: UUID? = nil, position: Position? = nil,
        list: List? = nil, dueWithinDays: Int = 90, on: CalendarDate = .today()
    ) {
        self.schemeCode = schemeCode
        self.region = region
        self.organisationID = organisationID
        self.position = position
        self.list = list
        self.dueWithinDays = dueWithinDays
        self.on = on
    }
}
