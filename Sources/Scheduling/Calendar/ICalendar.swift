import Core
import Foundation

/// One session as a calendar event.
public struct CalendarEvent: Sendable, Equatable {
    /// Stable across updates, so a calendar application replaces the event instead of adding another.
    public let uid: String
    /// Raised on every change, so applications take the newer version.
    public let sequence: Int
    public let startsAt: Date
    public let endsAt: Date
    public let summary: String
    public let location: String?
    public let description: String?
    public let cancelled: Bool
    public let lastModified: Date

    public init(uid: String, sequence: Int, startsAt: Date, endsAt: Date, summary: String, location: String?,
                description: String?, cancelled: Bool, lastModified: Date) {
        self.uid = uid
        self.sequence = sequence
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.summary = summary
        self.location = location
        self.description = description
        self.cancelled = cancelled
        self.lastModified = lastModified
    }
}

/// Writes an iCalendar (RFC 5545) feed that standard calendar applications can subscribe to. Times carry
/// the Europe/Riga time zone, defined in the feed itself so no application has to guess it.
public enum ICalendar {
    public static func feed(name: String, events: [CalendarEvent], now: Date = Date()) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Pilnveide//Pilnveide 1.0//LV",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(name))",
            "X-WR-TIMEZONE:Europe/Riga",
            // Latvia's rule since 1997 (EU summer time): last Sunday of March 03:00 → 04:00, last Sunday of
            // October 04:00 → 03:00.
            "BEGIN:VTIMEZONE",
            "TZID:Europe/Riga",
            "BEGIN:DAYLIGHT",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0300",
            "TZNAME:EEST",
            "DTSTART:19970330T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            "END:DAYLIGHT",
            "BEGIN:STANDARD",
            "TZOFFSETFROM:+0300",
            "TZOFFSETTO:+0200",
            "TZNAME:EET",
            "DTSTART:19971026T040000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(event.uid)",
                "DTSTAMP:\(utc(now))",
                "LAST-MODIFIED:\(utc(event.lastModified))",
                "SEQUENCE:\(event.sequence)",
                "DTSTART;TZID=Europe/Riga:\(riga(event.startsAt))",
                "DTEND;TZID=Europe/Riga:\(riga(event.endsAt))",
                "SUMMARY:\(escape(event.summary))",
            ]
            if let location = event.location { lines.append("LOCATION:\(escape(location))") }
            if let description = event.description { lines.append("DESCRIPTION:\(escape(description))") }
            lines += ["STATUS:\(event.cancelled ? "CANCELLED" : "CONFIRMED")", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545, 3.3.11).
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets continue on lines that begin with a space, never splitting a character.
    static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        var limit = 75
        for character in line {
            let size = String(character).utf8.count
            if count + size > limit {
                result += "\r\n "
                count = 0
                limit = 74  // the leading space counts
            }
            result.append(character)
            count += size
        }
        return result
    }

    private static func utc(_ date: Date) -> String {
        format(date, zone: TimeZone(identifier: "UTC")!) + "Z"
    }

    private static func riga(_ date: Date) -> String { format(date, zone: RigaTime.zone) }

    private static func format(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
