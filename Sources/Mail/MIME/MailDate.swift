import Foundation

/// Dates in UTC: for the `Date:` header (RFC 5322 §3.3), `Fri, 15 Jan 2027 08:00:00 +0000`, and for file names,
/// `20270115T080000Z`. Mail clients show the header in the reader's own zone, so the zone written changes
/// nothing a reader sees, and UTC needs no time-zone data on the server.
enum MailDate {
    static func format(_ date: Date) -> String {
        let parts = components(of: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[(parts.weekday ?? 1) - 1]), \(pad(parts.day)) \(months[(parts.month ?? 1) - 1]) \(pad(parts.year, 4)) "
            + "\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second)) +0000"
    }

    static func compact(_ date: Date) -> String {
        let parts = components(of: date)
        return pad(parts.year, 4) + pad(parts.month) + pad(parts.day) + "T" + pad(parts.hour) + pad(parts.minute) + pad(parts.second) + "Z"
    }

    private static func components(of date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
    }

    private static func pad(_ value: Int?, _ width: Int = 2) -> String {
        let text = String(value ?? 0)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
