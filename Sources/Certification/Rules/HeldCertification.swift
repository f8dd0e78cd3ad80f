import Core

/// The certification a person holds: its last day, the window and grace it was granted with, which scheme version
/// granted it, from which day training counts towards renewing it, and no earlier than which day the first renewal
/// under this scheme may come (a carried certification's renewal cannot predate the rule that renews it).
package struct HeldCertification: Sendable, Equatable {
    package var validUntil: CalendarDate
    package var window: RecertificationWindow
    package var grantedBy: (code: String, version: Int)
    package var countsFrom: CalendarDate
    package var renewsFrom: CalendarDate?

    package init(validUntil: CalendarDate, window: RecertificationWindow, grantedBy: (code: String, version: Int), countsFrom: CalendarDate,
                 renewsFrom: CalendarDate?) {
        self.validUntil = validUntil
        self.window = window
        self.grantedBy = grantedBy
        self.countsFrom = countsFrom
        self.renewsFrom = renewsFrom
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.validUntil == rhs.validUntil && lhs.window == rhs.window && lhs.grantedBy == rhs.grantedBy
            && lhs.countsFrom == rhs.countsFrom && lhs.renewsFrom == rhs.renewsFrom
    }

    /// Where the certification stands on `today`: the state, the day it next changes by itself, and what is due by when.
    package func standing(on today: CalendarDate) -> (state: CertificationStatus.State, nextChange: CalendarDate?, due: StatusMessage) {
        let opens = window.opensOn(validUntil: validUntil)
        switch window.phase(on: today, validUntil: validUntil) {
        case .certified:
            return (.certified, opens > today ? opens : validUntil.adding(days: 1), StatusMessage(.dueBy, ["date": .day(validUntil)]))
        case .windowOpen:
            return (.windowOpen, validUntil.adding(days: 1), StatusMessage(.dueBy, ["date": .day(validUntil)]))
        case .inGrace:
            let graceEnds = window.graceEndsOn(validUntil: validUntil)
            return (.inGrace, graceEnds.adding(days: 1), StatusMessage(.dueGraceEnd, ["date": .day(graceEnds)]))
        case .expired:
            return (.expired, nil, StatusMessage(.dueExpired, ["date": .day(validUntil)]))
        }
    }
}
