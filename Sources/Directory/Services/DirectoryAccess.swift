import Core
import Foundation

/// Who may see and change which part of the directory. Plain rules, no I/O, so they read and test alone.
public enum DirectoryAccess {
    /// Which people a list may return for an actor.
    public enum PeopleScope: Sendable, Equatable {
        case everyone
        /// An orphan's court chairperson sees their own court's people.
        case organisation(UUID)
    }

    public static func peopleScope(for actor: Principal) throws(ServiceError) -> PeopleScope {
        switch actor {
        case .operator_: return .everyone
        case .caller(let caller):
            if caller.isInspectorate { return .everyone }
            if caller.has(.orphansCourtChairperson), let court = caller.organisationID { return .organisation(court) }
            throw .forbidden("only the inspectorate and orphan's court chairpersons may list people")
        }
    }

    public static func mayRead(_ person: Person, actor: Principal) -> Bool {
        guard case .caller(let caller) = actor else { return true }
        if caller.isInspectorate || person.id == caller.personID { return true }
        if caller.has(.orphansCourtChairperson), let court = caller.organisationID {
            return person.organisationID == court
        }
        return false
    }

    /// The full personal code is for the inspectorate, which certifies people; everyone else sees it masked.
    public static func seesFullPersonalCode(_ actor: Principal) -> Bool {
        guard case .caller(let caller) = actor else { return true }
        return caller.isInspectorate
    }

    /// Creating people and changing any of their fields.
    public static func mayManagePeople(_ actor: Principal) -> Bool {
        guard case .caller(let caller) = actor else { return true }
        return caller.isInspectorate
    }

    /// A person may change their own e-mail and phone.
    public static func mayEditContact(of person: Person, actor: Principal) -> Bool {
        guard case .caller(let caller) = actor else { return true }
        return mayManagePeople(actor) || person.id == caller.personID
    }

    /// Inspectorate administrators keep the reference data: organisations and the course catalogue.
    public static func isAdministrator(_ actor: Principal) -> Bool { actor.isAdministrator }

    public static func mayManageOrganisations(_ actor: Principal) -> Bool { isAdministrator(actor) }

    static func view(of person: Person, for actor: Principal) -> PersonView {
        let code = person.personalCode.map { seesFullPersonalCode(actor) ? $0.formatted : $0.masked }
        return PersonView(person: person, personalCode: code)
    }
}
