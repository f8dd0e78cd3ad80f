import Core

/// The arithmetic of certification cycles: how long a certification lasts, when its holder may recertify, how
/// long a grace period follows, and how the next expiry is computed — with every number coming from a
/// versioned certification scheme, never from code.
///
/// A certification from day D for N months lasts to the day before its anniversary, D + N months. When that
/// anniversary does not exist (29 February in a common year, 31 August + 6 months), it is the first day of the
/// next month, so the certification lasts to the end of the shorter month: from 2024-02-29 for 5 years is
/// valid until 2029-02-28.
public struct RecertificationWindow: Sendable, Hashable {
    /// How the next expiry is computed when someone recertifies.
    public enum ExpiryBasis: Sendable, Hashable {
        /// The validity counts from the day the requirement was completed.
        case completion
        /// Recertifying in time (before expiry) continues from the previous expiry, so finishing early loses
        /// nothing; recertifying after expiry restarts from completion.
        case previousExpiry
        /// Every certification ends on a calendar day (e.g. 31 December): the first such day on or after the
        /// end of the validity counted from completion.
        case fixedDate(month: Int, day: Int)
    }

    public let validityMonths: Int
    public let opensMonthsBeforeExpiry: Int
    public let graceMonths: Int
    public let basis: ExpiryBasis

    public init?(validityMonths: Int, opensMonthsBeforeExpiry: Int, graceMonths: Int = 0, basis: ExpiryBasis = .completion) {
        guard validityMonths > 0, (0...validityMonths).contains(opensMonthsBeforeExpiry), (0...120).contains(graceMonths) else { return nil }
        if case .fixedDate(let month, let day) = basis {
            // 29 February would not come every year; the last day of any month does.
            guard (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: 2023)).contains(day) else { return nil }
        }
        self.validityMonths = validityMonths
        self.opensMonthsBeforeExpiry = opensMonthsBeforeExpiry
        self.graceMonths = graceMonths
        self.basis = basis
    }

    /// The last day of a validity of `months` from `start`.
    static func lastDay(from start: CalendarDate, months: Int) -> CalendarDate {
        let anniversary = start.adding(months: months)
        // Clamped to a shorter month: the true anniversary is the 1st of the next month.
        return anniversary.day < start.day ? anniversary : anniversary.adding(days: -1)
    }

    /// The last valid day of a first certification, completed on `completed`.
    public func validUntil(issuedOn completed: CalendarDate) -> CalendarDate {
        let end = Self.lastDay(from: completed, months: validityMonths)
        guard case .fixedDate(let month, let day) = basis else { return end }
        let thisYear = CalendarDate(year: end.year, month: month, day: day)!
        return thisYear >= end ? thisYear : CalendarDate(year: end.year + 1, month: month, day: day)!
    }

    /// The last valid day after recertifying on `completed`, the previous certification having lasted to
    /// `previous`. Recertifying after expiry always restarts from completion.
    public func nextValidUntil(previous: CalendarDate, recertifiedOn completed: CalendarDate) -> CalendarDate {
        guard completed <= previous else { return validUntil(issuedOn: completed) }
        switch basis {
        case .completion, .fixedDate: return validUntil(issuedOn: completed)
        case .previousExpiry: return Self.lastDay(from: previous.adding(days: 1), months: validityMonths)
        }
    }

    /// The first day the holder may recertify.
    public func opensOn(validUntil: CalendarDate) -> CalendarDate {
        validUntil.adding(months: -opensMonthsBeforeExpiry)
    }

    /// The last day of grace after expiry (the expiry itself when there is no grace).
    public func graceEndsOn(validUntil: CalendarDate) -> CalendarDate {
        graceMonths == 0 ? validUntil : Self.lastDay(from: validUntil.adding(days: 1), months: graceMonths)
    }

    public enum Phase: Sendable, Equatable {
        case certified
        case windowOpen
        /// Expired, but still within the grace period the scheme allows.
        case inGrace
        case expired
    }

    public func phase(on day: CalendarDate, validUntil: CalendarDate) -> Phase {
        if day > validUntil { return day <= graceEndsOn(validUntil: validUntil) && graceMonths > 0 ? .inGrace : .expired }
        return day >= opensOn(validUntil: validUntil) ? .windowOpen : .certified
    }
}
