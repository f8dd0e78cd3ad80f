import Core
import Foundation

/// Which reminder a status calls for on a day: plain rules, so the reminder pass only has to deliver them.
///
/// Each reminder belongs to one cycle (named by the day it is about: the expiry, or the initial deadline), and
/// its key says so: sent once per person, scheme and cycle however often the pass runs. When the pass first sees
/// a status late, it sends the most pressing reminder only (30 days before expiry, not also the 90).
public struct CertificationReminder: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case initialDueSoon = "initial_due_soon"
        case initialOverdue = "initial_overdue"
        case windowOpened = "window_opened"
        case expiresIn90Days = "expires_in_90_days"
        case expiresIn30Days = "expires_in_30_days"
        case inGrace = "in_grace"
        case expired
    }

    public let kind: Kind
    /// The day the reminder is about; part of its key.
    public let about: CalendarDate
    public let subject: String
    public let body: String

    public func key(person: UUID, scheme: String) -> String {
        "certification:\(kind.rawValue):\(person.lowercasedString):\(scheme):\(about)"
    }

    public static func due(_ status: CertificationStatus, on today: CalendarDate) -> CertificationReminder? {
        let code = status.schemeCode
        // Subjects are Latvian first, each language with its own way of writing a day.
        func lv(_ day: CalendarDate) -> String { DateText.short(day, in: .lv) }
        func en(_ day: CalendarDate) -> String { DateText.short(day, in: .en) }
        let missing = status.missing.isEmpty ? "" : " Missing: \(status.missing.joined(separator: "; "))."
        switch status.state {
        case .notStarted, .inProgress:
            guard let deadline = status.deadline, deadline <= today.adding(days: 30) else { return nil }
            return .init(kind: .initialDueSoon, about: deadline,
                         subject: "\(code): līdz \(lv(deadline)) / due by \(en(deadline))",
                         body: "Your initial requirement under \(code) is due by \(deadline).\(missing)")
        case .expired:
            if let validUntil = status.validUntil {
                return .init(kind: .expired, about: validUntil, subject: "\(code): beidzies \(lv(validUntil)) / expired on \(en(validUntil))",
                             body: "Your certification under \(code) expired on \(validUntil).\(missing)")
            }
            guard let deadline = status.deadline else { return nil }
            return .init(kind: .initialOverdue, about: deadline, subject: "\(code): termiņš \(lv(deadline)) pagājis / overdue since \(en(deadline))",
                         body: "Your initial requirement under \(code) was due by \(deadline).\(missing)")
        case .inGrace:
            guard let validUntil = status.validUntil else { return nil }
            return .init(kind: .inGrace, about: validUntil,
                         subject: "\(code): pagarinājuma laiks līdz \(lv(status.graceEndsOn ?? validUntil)) / in grace until \(en(status.graceEndsOn ?? validUntil))",
                         body: "Your certification under \(code) expired on \(validUntil); the grace period ends on \(status.graceEndsOn ?? validUntil).\(missing)")
        case .certified, .windowOpen:
            guard let validUntil = status.validUntil else { return nil }
            if validUntil <= today.adding(days: 30) {
                return .init(kind: .expiresIn30Days, about: validUntil, subject: "\(code): derīgs līdz \(lv(validUntil)) / valid until \(en(validUntil))",
                             body: "Your certification under \(code) expires on \(validUntil), in 30 days or less.\(missing)")
            }
            if validUntil <= today.adding(days: 90) {
                return .init(kind: .expiresIn90Days, about: validUntil, subject: "\(code): derīgs līdz \(lv(validUntil)) / valid until \(en(validUntil))",
                             body: "Your certification under \(code) expires on \(validUntil), in 90 days or less.\(missing)")
            }
            guard status.state == .windowOpen else { return nil }
            return .init(kind: .windowOpened, about: validUntil, subject: "\(code): var atjaunot / recertification is open",
                         body: "You may recertify under \(code) now; your certification is valid until \(validUntil).\(missing)")
        case .suspended, .revoked:
            return nil
        }
    }
}

extension CertificationReminder {
    /// What the reminder's message (`certification_reminder`) shows: which reminder, the scheme, its days in both
    /// languages, and what is still missing, in both.
    public func noticeValues(_ status: CertificationStatus, name: String) -> [String: Any] {
        func both(_ day: CalendarDate?) -> [String: String] { day.map(DateText.both) ?? ["lv": "—", "en": "—"] }
        var values: [String: Any] = [
            "name": name, "scheme": status.schemeCode,
            "deadline": both(status.deadline), "validUntil": both(status.validUntil), "graceEnds": both(status.graceEndsOn ?? status.validUntil),
            "hasMissing": !status.missingItems.isEmpty,
            "missing": ["lv": status.missing(in: .lv), "en": status.missing(in: .en)],
        ]
        switch kind {
        case .expiresIn30Days, .expiresIn90Days: values["expires_soon"] = true
        default: values[kind.rawValue] = true
        }
        return values
    }
}
