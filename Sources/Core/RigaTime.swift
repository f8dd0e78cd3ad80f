import Foundation

/// Times as people in Latvia write them, and the instants they mean.
///
/// Sessions are entered in Europe/Riga wall-clock time and stored in UTC. Twice a year the wall clock is
/// ambiguous: on the last Sunday of March 03:00–03:59 does not exist (clocks go from 03:00 to 04:00), and on
/// the last Sunday of October 03:00–03:59 happens twice. Such times are refused unless written with their
/// UTC offset (`2027-10-31T03:30+03:00`), rather than silently moved.
public enum RigaTime {
    public static let zone = TimeZone(identifier: "Europe/Riga")!

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    /// `YYYY-MM-DDTHH:MM[:SS]` in Riga time, optionally with `Z` or `±HH:MM`.
    public static func instant(from text: String) throws(TimeError) -> Date {
        // [0-9], not \d: \d also matches other scripts' digits, which Int() does not read.
        let pattern = #"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}:[0-9]{2})?$"#
        guard let match = text.range(of: pattern, options: .regularExpression), match == text.startIndex..<text.endIndex else {
            throw .malformed(text)
        }
        let digits = text.split(whereSeparator: { "-T:+Z".contains($0) }).prefix(6).compactMap { Int($0) }
        guard digits.count >= 5 else { throw .malformed(text) }
        var components = DateComponents()
        (components.year, components.month, components.day) = (digits[0], digits[1], digits[2])
        (components.hour, components.minute) = (digits[3], digits[4])
        components.second = text.count >= 19 && text[text.index(text.startIndex, offsetBy: 16)] == ":" && digits.count > 5 ? digits[5] : 0
        guard components.isValidDate(in: Calendar(identifier: .gregorian)), (0...23).contains(digits[3]), (0...59).contains(digits[4]) else {
            throw .malformed(text)
        }
        if let offset = offsetSeconds(text) {
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            guard let wall = utc.date(from: components) else { throw .malformed(text) }
            return wall.addingTimeInterval(-TimeInterval(offset))
        }
        // Every instant that Riga's clock shows as these components: none (a gap) or two (an overlap) are errors.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard let wall = utc.date(from: components) else { throw .malformed(text) }
        let candidates = [2, 3].map { wall.addingTimeInterval(-TimeInterval($0 * 3600)) }
            .filter { zone.secondsFromGMT(for: $0) == Int(wall.timeIntervalSince($0)) }
        switch candidates.count {
        case 1: return candidates[0]
        case 0: throw .doesNotExist(text)
        default: throw .ambiguous(text)
        }
    }

    /// The first instant of a day in Riga (midnight exists every day: the clocks change at 03:00 and 04:00).
    public static func startOfDay(_ day: CalendarDate) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    /// An instant as Riga's clock shows it, with the offset: `2027-03-28T09:00:00+03:00`.
    public static func localText(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }

    private static func offsetSeconds(_ text: String) -> Int? {
        if text.hasSuffix("Z") { return 0 }
        guard text.count >= 6 else { return nil }
        let suffix = text.suffix(6)
        guard let sign = suffix.first, sign == "+" || sign == "-" else { return nil }
        let parts = suffix.dropFirst().split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        return (sign == "+" ? 1 : -1) * (parts[0] * 3600 + parts[1] * 60)
    }
}

public enum TimeError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case doesNotExist(String)
    case ambiguous(String)

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not a time written YYYY-MM-DDTHH:MM (Riga time, or with a UTC offset)"
        case .doesNotExist(let text): "\(text) does not exist in Riga: the clocks jump from 03:00 to 04:00 that night"
        case .ambiguous(let text): "\(text) happens twice in Riga as the clocks go back; write it with its offset (+03:00 for the first, +02:00 for the second)"
        }
    }
}
