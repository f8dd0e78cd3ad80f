import Foundation

/// How a day is written for a reader, in one place for pages, messages and printed documents: Latvian
/// `10.11.2026.` (with the ordinal's dot after the year), or `2026. gada 10. novembris` where a sentence reads
/// better; English `10 November 2026`. Data meant for machines (the API, CSV exports, signed credentials) keeps
/// ISO 8601 (`CalendarDate.description`).
public enum DateText {
    /// The short form: `10.11.2026.` in Latvian, `10 November 2026` in English.
    public static func short(_ day: CalendarDate, in language: Language) -> String {
        switch language {
        case .lv: "\(twoDigits(day.day)).\(twoDigits(day.month)).\(day.year)."
        case .en: long(day, in: .en)
        }
    }

    /// The written-out form: `2026. gada 10. novembris` in Latvian, `10 November 2026` in English.
    public static func long(_ day: CalendarDate, in language: Language) -> String {
        switch language {
        case .lv: "\(day.year). gada \(day.day). \(latvianMonths[day.month - 1])"
        case .en: "\(day.day) \(englishMonths[day.month - 1]) \(day.year)"
        }
    }

    /// A moment as a reader in Riga sees it: `10.03.2027. plkst. 09:30` in Latvian, `10 March 2027, 09:30` in English.
    public static func time(_ instant: Date, in language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RigaTime.zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        let day = CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        let clock = "\(twoDigits(parts.hour!)):\(twoDigits(parts.minute!))"
        switch language {
        case .lv: return "\(short(day, in: .lv)) plkst. \(clock)"
        case .en: return "\(short(day, in: .en)), \(clock)"
        }
    }

    /// Both languages' short forms, for a template that shows each in its own part (`{{validUntil.lv}}`).
    public static func both(_ day: CalendarDate) -> [String: String] {
        ["lv": short(day, in: .lv), "en": short(day, in: .en)]
    }

    static let latvianMonths = [
        "janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris",
    ]
    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
