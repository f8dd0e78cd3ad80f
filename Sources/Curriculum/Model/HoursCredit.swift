/// An amount of academic hours credited to someone, exact to a quarter hour: partial presence may be
/// credited in halves or quarters when a course says so, and sums must not drift as floating point would.
public struct HoursCredit: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let quarters: Int

    public init(quarters: Int) { self.quarters = quarters }
    public init(hours: Int) { self.quarters = hours * 4 }

    /// The nearest quarter below `hours` (`10.3` → 10.25); nil for negative or non-finite input.
    public init?(exactly hours: Double) {
        guard hours.isFinite, hours >= 0, (hours * 4).rounded() == hours * 4 else { return nil }
        self.quarters = Int(hours * 4)
    }

    public static let zero = HoursCredit(quarters: 0)

    public var hours: Double { Double(quarters) / 4 }

    public static func + (lhs: HoursCredit, rhs: HoursCredit) -> HoursCredit { .init(quarters: lhs.quarters + rhs.quarters) }
    public static func < (lhs: HoursCredit, rhs: HoursCredit) -> Bool { lhs.quarters < rhs.quarters }

    /// "10", "10.5", "10.25": how people write hours.
    public var description: String {
        let whole = quarters / 4
        switch quarters % 4 {
        case 1: return "\(whole).25"
        case 2: return "\(whole).5"
        case 3: return "\(whole).75"
        default: return "\(whole)"
        }
    }
}

extension Sequence where Element == HoursCredit {
    public func sum() -> HoursCredit { reduce(.zero, +) }
}
