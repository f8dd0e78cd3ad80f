import Core
import Curriculum
import Foundation

/// Training done elsewhere, as the inspectorate records it: what, by whom, how long, when, and where the
/// evidence is.
public struct ExternalTrainingDraft: Sendable {
    public var personID: UUID
    public var provider: String?
    public var title: String?
    public var academicHours: Double?
    public var startedOn: String?
    public var completedOn: String?
    public var evidenceReference: String?

    public init(
        personID: UUID, provider: String?, title: String?, academicHours: Double?, startedOn: String? = nil,
        completedOn: String?, evidenceReference: String?
    ) {
        self.personID = personID
        self.provider = provider
        self.title = title
        self.academicHours = academicHours
        self.startedOn = startedOn
        self.completedOn = completedOn
        self.evidenceReference = evidenceReference
    }

    struct Valid {
        let personID: UUID
        let provider: String
        let title: String
        let hours: HoursCredit
        let startsOn: CalendarDate
        let endsOn: CalendarDate
        let evidenceReference: String

        var key: String {
            ExternalTrainingDraft.key(person: personID, provider: provider, title: title, endsOn: endsOn.description, evidence: evidenceReference)
        }
    }

    /// What makes two records the same training: the person, provider, title, completion date and evidence.
    static func key(person: UUID, provider: String, title: String, endsOn: String, evidence: String) -> String {
        [person.uuidString, provider.lowercased(), title.lowercased(), endsOn, evidence.lowercased()].joined(separator: "\u{1F}")
    }

    /// Checks every field; `today` (Riga) bounds the dates, since training cannot be completed in the future.
    func validated(today: CalendarDate) throws(ServiceError) -> Valid {
        var validation = Validation()
        let provider = validation.requiredText(provider, "provider", maxLength: 300)
        let title = validation.requiredText(title, "title", maxLength: 300)
        let evidence = validation.requiredText(evidenceReference, "evidenceReference", maxLength: 500)
        var hours: HoursCredit?
        if let academicHours {
            hours = HoursCredit(exactly: academicHours)
            if hours == nil || academicHours <= 0 || academicHours > 2000 {
                validation.add("academicHours", "must be more than 0 and at most 2000, in quarter hours (such as 8, 7.5 or 2.25)")
                hours = nil
            }
        } else {
            validation.add("academicHours", "is required")
        }
        let endsOn = Self.date(completedOn, "completedOn", required: true, &validation)
        let startsOn = Self.date(startedOn, "startedOn", required: false, &validation)
        if let endsOn, endsOn > today { validation.add("completedOn", "is in the future") }
        if let startsOn, let endsOn, startsOn > endsOn { validation.add("startedOn", "is after completedOn") }
        try validation.check()
        return Valid(personID: personID, provider: provider!, title: title!, hours: hours!, startsOn: startsOn ?? endsOn!,
                     endsOn: endsOn!, evidenceReference: evidence!)
    }

    private static func date(_ text: String?, _ field: String, required: Bool, _ validation: inout Validation) -> CalendarDate? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            if required { validation.add(field, "is required") }
            return nil
        }
        guard let date = CalendarDate(iso8601: text) else {
            validation.add(field, "must be a date written YYYY-MM-DD")
            return nil
        }
        return date
    }
}
