import APIContract
import Core
import Directory
import Foundation

extension Components.Schemas.Organisation {
    init(_ organisation: Organisation) {
        self.init(
            id: organisation.id.lowercasedString,
            kind: .init(rawValue: organisation.kind.rawValue)!,
            name: organisation.name,
            municipality: organisation.municipality,
            region: organisation.region.flatMap { .init(rawValue: $0.rawValue) },
            createdAt: organisation.createdAt,
            updatedAt: organisation.updatedAt
        )
    }
}

extension Components.Schemas.Person {
    init(_ view: PersonView) {
        let person = view.person
        self.init(
            id: person.id.lowercasedString,
            givenName: person.givenName,
            familyName: person.familyName,
            personalCode: view.personalCode,
            email: person.email,
            phone: person.phone,
            position: .init(rawValue: person.position.rawValue)!,
            organisationId: person.organisationID?.lowercasedString,
            positionStartedOn: person.positionStartedOn?.description,
            createdAt: person.createdAt,
            updatedAt: person.updatedAt
        )
    }
}

extension Components.Schemas.PositionHeld {
    init(_ held: PositionHeld) {
        self.init(
            position: .init(rawValue: held.position.rawValue)!,
            organisationId: held.organisationID?.lowercasedString,
            organisationKind: held.organisationKind.flatMap { .init(rawValue: $0.rawValue) },
            organisationName: held.organisationName,
            startedOn: held.startedOn?.description,
            endedOn: held.endedOn?.description
        )
    }
}

extension Components.Schemas.Me {
    init(_ caller: Caller, person: PersonView) {
        self.init(
            accountId: caller.accountID.lowercasedString,
            email: caller.email,
            roles: caller.roles.sorted().compactMap { .init(rawValue: $0.rawValue) },
            person: .init(person)
        )
    }
}
