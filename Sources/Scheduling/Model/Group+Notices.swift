import Core
import Foundation

extension Group {
    /// What the messages about a group show of it, both languages side by side.
    var noticeValues: [String: Any] {
        let first = firstSessionStartsAt
        return [
            "group": code,
            "course": ["lv": courseTitle.lv, "en": courseTitle.en],
            "booked": booked, "minimum": minimumParticipants,
            "firstSession": ["lv": first.map { DateText.time($0, in: .lv) } ?? "—", "en": first.map { DateText.time($0, in: .en) } ?? "—"],
        ]
    }
}
