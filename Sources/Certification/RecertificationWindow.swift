import Core

/// How long a certificate lasts and when its holder may recertify: the arithmetic of one certification
/// cycle, with the numbers coming from a versioned certification scheme (never from code).
///
/// A certificate issued on day D under a validity of N months expires at the end of the day before D + N
/// months; the recertification window opens a set number of months before that.
public struct RecertificationWindow: Sendable, Hashable {
    public let validityMonths: Int
    public let opensMonthsBeforeExpiry: Int

    public init?(validityMonths: Int, opensMonthsBeforeExpiry: Int) {
        guard validityMonths > 0, (0...validityMonths).contains(opensMonthsBeforeExpiry) else { return nil }
        self.validityMonths = validityMonths
        self.opensMonthsBeforeExpiry = opensMonthsBeforeExpiry
    }

    /// The last day the certificate is valid.
    public func validUntil(issuedOn issued: CalendarDate) -> CalendarDate {
        let anniversary = issued.adding(months: validityMonths)
        return anniversary.adding(days: -1)
    }

    /// The first day the holder may recertify.
    public func opensOn(validUntil: CalendarDate) -> CalendarDate {
        validUntil.adding(months: -opensMonthsBeforeExpiry)
    }

    public enum Phase: Sendable, Equatable {
        case certified
        case windowOpen
        case expired
    }

    public func phase(on day: CalendarDate, validUntil: CalendarDate) -> Phase {
        if day > validUntil { return .expired }
        return day >= opensOn(validUntil: validUntil) ? .windowOpen : .certified
    }
}
