import Core
import Foundation

/// What a scheme version not yet in force would mean on a day, beside the scheme in force it would replace.
public struct ImpactPreview: Sendable, Equatable {
    /// How a status counts for the ministry: met, being worked on, or not met.
    public enum Standing: String, Sendable, CaseIterable {
        case compliant, due
        case nonCompliant = "non_compliant"
        /// The scheme does not apply to them.
        case notCovered = "not_covered"

        public init(_ status: CertificationStatus?) {
            switch status?.state {
            case nil: self = .notCovered
            case .certified?, .windowOpen?: self = .compliant
            case .notStarted?, .inProgress?, .inGrace?: self = .due
            case .expired?, .suspended?, .revoked?: self = .nonCompliant
            }
        }
    }

    /// Why someone stands otherwise under the proposed scheme than under the one in force.
    public enum Cause: String, Sendable, CaseIterable {
        /// The proposed scheme's transition for people in post when it takes effect: a carried certification, a
        /// first cycle, or a deadline it set, with no requirement of the new rule met since.
        case transition
        /// The new rule itself: its requirement, validity or window, or whom it covers.
        case rule
    }

    public struct Person: Sendable, Equatable {
        public let personID: UUID
        public let name: String
        public let organisationID: UUID?
        public let region: PlanningRegion?
        public let position: Position
        public let proposed: CertificationStatus?
        public let current: CertificationStatus?

        /// Nil when they stand the same under both.
        public var movedBecauseOf: Cause? {
            guard Standing(proposed) != Standing(current) else { return nil }
            return proposed?.restsOnTransition == true ? .transition : .rule
        }
    }

    /// How many stand so under each scheme; of those under the proposed one, how many stand otherwise under the
    /// scheme in force, by cause.
    public struct Count: Sendable, Equatable {
        public var proposed = 0
        public var current = 0
        public var movedByTransition = 0
        public var movedByRule = 0

        public init(proposed: Int = 0, current: Int = 0, movedByTransition: Int = 0, movedByRule: Int = 0) {
            (self.proposed, self.current, self.movedByTransition, self.movedByRule) = (proposed, current, movedByTransition, movedByRule)
        }
    }

    /// People by where they work and how they stand under each scheme.
    public struct Group: Sendable, Equatable, Hashable {
        public let region: PlanningRegion?
        public let organisationID: UUID?
        public let position: Position
        public let proposed: Standing
        public let current: Standing

        public init(region: PlanningRegion?, organisationID: UUID?, position: Position, proposed: Standing, current: Standing) {
            self.region = region
            self.organisationID = organisationID
            self.position = position
            self.proposed = proposed
            self.current = current
        }
    }

    public let schemeCode: String
    public let schemeVersion: Int
    /// The scheme in force it is compared with, if any.
    public let comparedWith: String?
    public let comparedVersion: Int?
    public let on: CalendarDate
    public let totals: [Standing: Count]
    public let groups: [Group: Int]
    /// Everyone either scheme covers, by name; the caller pages them.
    public let people: [Person]

    public static func == (lhs: ImpactPreview, rhs: ImpactPreview) -> Bool {
        lhs.schemeCode == rhs.schemeCode && lhs.schemeVersion == rhs.schemeVersion && lhs.on == rhs.on && lhs.people == rhs.people
    }
}
