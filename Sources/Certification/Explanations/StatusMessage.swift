import Core
import Curriculum
import Foundation

/// One sentence of a status's explanation, or one thing still missing, as a code and its values: rendered in
/// Latvian or English from `StatusMessage.catalogue`, and given to API clients as it is so they can render it
/// their own way. Deciding code builds these; it never writes sentences.
public struct StatusMessage: Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        case recordCountsInitial = "record_counts_initial"
        case recordCountsRecertification = "record_counts_recertification"
        case decisionRecorded = "decision_recorded"
        case initialDue = "initial_due"
        case initialNotMet = "initial_not_met"
        case carriedCertification = "carried_certification"
        case carriedNotStarted = "carried_not_started"
        case carriedInProgress = "carried_in_progress"
        case carriedOverdue = "carried_overdue"
        case firstCycle = "first_cycle"
        case recertifiedLate = "recertified_late"
        case certifiedUntil = "certified_until"
        case certifiedUntilPassed = "certified_until_passed"
        case progressSoFar = "progress_so_far"
        case suspended
        case suspendedWithCertificate = "suspended_with_certificate"
        case revoked
        case revokedWithCertificate = "revoked_with_certificate"
        case certificateWithdrawnReplaced = "certificate_withdrawn_replaced"
        case certificateWithdrawnNotReplaced = "certificate_withdrawn_not_replaced"
        // What is missing.
        case missingCourse = "missing_course"
        case missingHoursFrom = "missing_hours_from"
        case missingHoursEligible = "missing_hours_eligible"
        case missingCategoryHours = "missing_category_hours"
        case missingDecision = "missing_decision"
        case missingDecisionRefused = "missing_decision_refused"
        // By when, after each thing missing.
        case dueBy = "due_by"
        case dueOverdueInitial = "due_overdue_initial"
        case dueGraceEnd = "due_grace_end"
        case dueExpired = "due_expired"
    }

    /// A value as each language writes it.
    public enum Value: Sendable, Equatable {
        case text(String)
        case day(CalendarDate)
        case hours(HoursCredit)
        case number(Int)
        /// A catalogue course, or training done elsewhere (nil).
        case course(String?)
        case list([String])

        /// As given to API clients: days in ISO 8601, hours and numbers as digits.
        public var plain: String {
            switch self {
            case .text(let text): text
            case .day(let day): day.description
            case .hours(let hours): hours.description
            case .number(let number): "\(number)"
            case .course(let code): code ?? ""
            case .list(let items): items.joined(separator: "; ")
            }
        }

        func text(in language: Language) -> String {
            switch (self, language) {
            // English keeps ISO days in explanations (readers compare them with the API's); Latvian writes 10.11.2026.
            case (.day(let day), .lv): DateText.short(day, in: .lv)
            case (.hours(let hours), .lv): hours.description.replacingOccurrences(of: ".", with: ",")
            case (.course(nil), .lv): "mācības citur"
            case (.course(nil), .en): "training elsewhere"
            case (.list(let items), .lv): items.joined(separator: "; ")
            default: plain
            }
        }
    }

    public let code: Code
    public let values: [String: Value]

    public init(_ code: Code, _ values: [String: Value] = [:]) {
        self.code = code
        self.values = values
    }

    /// The sentence in `language`, from the catalogue.
    public func text(in language: Language) -> String {
        // One pass over the sentence: a value that itself holds "{date}" (a reason typed by a person) stays as typed.
        var text = ""
        var rest = Substring(Self.catalogue(code)[language])
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            text += values[name].map { $0.text(in: language) } ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        // A Latvian day ends with its own dot: a sentence ending on one needs no second.
        if text.hasSuffix("..") { text.removeLast() }
        return text
    }

    /// A thing missing with the day it is due by: "8 more academic hours from eligible courses by 2030-12-31".
    static func missing(_ item: StatusMessage, due: StatusMessage?, in language: Language) -> String {
        due.map { "\(item.text(in: language)) \($0.text(in: language))" } ?? item.text(in: language)
    }
}

/// A sentence in both languages.
public struct Bilingual: Sendable, Equatable {
    public let lv: String
    public let en: String

    public subscript(language: Language) -> String { language == .lv ? lv : en }
}
