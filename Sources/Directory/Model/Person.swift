import Core
import Foundation

public struct Person: Sendable, Equatable {
    public let id: UUID
    public var givenName: String
    public var familyName: String
    public var personalCode: PersonalCode?
    public var email: String?
    public var phone: String?
    public var position: Position
    public var organisationID: UUID?
    public var positionStartedOn: CalendarDate?
    public let createdAt: Date
    public var updatedAt: Date
}

/// A person as one caller may see them: the personal code is already full or masked for that caller.
public struct PersonView: Sendable, Equatable {
    public let person: Person
    /// `DDMMYY-*****` unless the caller's role needs the full code.
    public let personalCode: String?
}

/// Every field of a person, as the inspectorate or an import supplies it.
public struct PersonDraft: Sendable {
    public var givenName: String?
    public var familyName: String?
    public var personalCode: String?
    public var email: String?
    public var phone: String?
    public var position: String?
    public var organisationID: UUID?
    public var positionStartedOn: String?

    public init(
        givenName: String?, familyName: String?, personalCode: String? = nil, email: String? = nil,
        phone: String? = nil, position: String?, organisationID: UUID? = nil, positionStartedOn: String? = nil
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.personalCode = personalCode
        self.email = email
        self.phone = phone
        self.position = position
        self.organisationID = organisationID
        self.positionStartedOn = positionStartedOn
    }

    struct Valid: Sendable {
        let givenName: String
        let familyName: String
        let personalCode: PersonalCode?
        let email: String?
        let phone: String?
        let position: Position
        let organisationID: UUID?
        var positionStartedOn: CalendarDate?

        /// A move to another position or organisation with no start date of its own starts on `today`: keeping the
        /// old date would credit the new post with time spent in the old one (certification reads the history).
        func datingMove(from person: Person, startGiven: Bool, today: CalendarDate) -> Valid {
            guard !startGiven, position != person.position || organisationID != person.organisationID else { return self }
            var moved = self
            moved.positionStartedOn = today
            return moved
        }
    }

    func validated() throws(ServiceError) -> Valid {
        var validation = Validation()
        let givenName = validation.requiredText(givenName, "givenName")
        let familyName = validation.requiredText(familyName, "familyName")
        var code: PersonalCode?
        if let text = validation.optionalText(personalCode, "personalCode", maxLength: 12) {
            do { code = try PersonalCode(text) } catch { validation.add("personalCode", error.description) }
        }
        let email = validation.email(email, "email", required: false)
        let phone = Self.validatedPhone(phone, &validation)
        let position = position.flatMap { Position(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        if position == nil {
            validation.add("position", "must be one of \(Position.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var started: CalendarDate?
        if let text = validation.optionalText(positionStartedOn, "positionStartedOn", maxLength: 10) {
            started = CalendarDate(iso8601: text)
            if started == nil { validation.add("positionStartedOn", "must be a date written YYYY-MM-DD") }
        }
        try validation.check()
        return Valid(
            givenName: givenName!, familyName: familyName!, personalCode: code, email: email, phone: phone,
            position: position!, organisationID: organisationID, positionStartedOn: started
        )
    }

    static func validatedPhone(_ phone: String?, _ validation: inout Validation) -> String? {
        guard let text = validation.optionalText(phone, "phone", maxLength: 32) else { return nil }
        guard text.allSatisfy({ $0.isNumber || " +-()".contains($0) }), text.filter(\.isNumber).count >= 5 else {
            validation.add("phone", "must be a telephone number such as +371 20000000")
            return nil
        }
        return text
    }
}

/// Changes to a person; nil leaves a field unchanged. Only `email` and `phone` are contact data, which a
/// person may change themselves.
public struct PersonChanges: Sendable {
    public var givenName: String?
    public var familyName: String?
    public var personalCode: String?
    public var email: String?
    public var phone: String?
    public var position: String?
    public var organisationID: UUID?
    public var positionStartedOn: String?

    public init(
        givenName: String? = nil, familyName: String? = nil, personalCode: String? = nil, email: String? = nil,
        phone: String? = nil, position: String? = nil, organisationID: UUID? = nil, positionStartedOn: String? = nil
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.personalCode = personalCode
        self.email = email
        self.phone = phone
        self.position = position
        self.organisationID = organisationID
        self.positionStartedOn = positionStartedOn
    }

    /// The names of the fields set that are not contact data.
    var nonContactFields: [String] {
        [
            ("givenName", givenName != nil), ("familyName", familyName != nil), ("personalCode", personalCode != nil),
            ("position", position != nil), ("organisationId", organisationID != nil),
            ("positionStartedOn", positionStartedOn != nil),
        ].filter(\.1).map(\.0)
    }

    func applied(to person: Person, today: CalendarDate = .today()) throws(ServiceError) -> PersonDraft.Valid {
        try PersonDraft(
            givenName: givenName ?? person.givenName,
            familyName: familyName ?? person.familyName,
            personalCode: personalCode ?? person.personalCode?.digits,
            email: email ?? person.email,
            phone: phone ?? person.phone,
            position: position ?? person.position.rawValue,
            organisationID: organisationID ?? person.organisationID,
            positionStartedOn: positionStartedOn ?? person.positionStartedOn?.description
        ).validated().datingMove(from: person, startGiven: positionStartedOn != nil, today: today)
    }
}

public struct PersonFilter: Sendable {
    public var organisationID: UUID?
    public var position: Position?
    public var region: PlanningRegion?
    /// Case-insensitive text in the given name, family name or e-mail.
    public var text: String?

    public init(organisationID: UUID? = nil, position: Position? = nil, region: PlanningRegion? = nil, text: String? = nil) {
        self.organisationID = organisationID
        self.position = position
        self.region = region
        self.text = text
    }
}
