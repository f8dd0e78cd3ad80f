import Foundation

/// XML Schema `dateTimeStamp`, the form of `created`, `expires`, `validFrom` and `validUntil`: a date, `T`, a time
/// and a mandatory zone. Issued strings are made once (seconds, `Z`) and stored: they are signed as text.
public enum DateTimeStamp {
    public static func string(_ date: Date) -> String {
        var formatter = Date.ISO8601FormatStyle(timeZone: .gmt)
        formatter = formatter.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted)
        return date.formatted(formatter)
    }

    /// The instant a stamp names, or nil when it is not a dateTimeStamp (a zone-less time is refused: the safe policy).
    public static func date(_ text: String) -> Date? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        var components = DateComponents()
        components.year = Int(match.1)
        components.month = Int(match.2)
        components.day = Int(match.3)
        components.hour = Int(match.4)
        components.minute = Int(match.5)
        components.second = Int(match.6)
        let zone = String(match.8)
        if zone == "Z" {
            components.timeZone = TimeZone(secondsFromGMT: 0)
        } else {
            let sign = zone.hasPrefix("-") ? -1 : 1
            let hours = Int(zone.dropFirst().prefix(2))!, minutes = Int(zone.suffix(2))!
            guard hours < 24, minutes < 60 else { return nil }
            components.timeZone = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = components.timeZone!
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        let fraction = match.7.map { Double("0" + $0) ?? 0 } ?? 0
        return date.addingTimeInterval(fraction)
    }
}
