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
