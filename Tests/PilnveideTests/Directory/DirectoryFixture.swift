import App
import Core
import Database
import Directory
import Foundation
import Platform
import TestSupport

/// A small directory in a suite's database: the inspectorate, two orphan's courts and people in each, with
/// accounts. Passwords are all `Pareiza-parole-1`.
struct DirectoryFixture {
    static let password = "Pareiza-parole-1"

    let inspectorate: Organisation
    let courtA: Organisation
    let courtB: Organisation
    let administrator: Caller
    let officer: Caller
    let chairpersonA: Caller
    let memberA: Caller
    let memberB: Caller
    let trainer: Caller

    /// Creates it under names made unique by `tag`, so suites sharing a database do not collide.
    static func make(in database: Database, tag: String = String(UUID().uuidString.prefix(8))) async throws -> DirectoryFixture {
        let services = try await Services(database: database)
        let directory = services.directory
        let accounts = services.accounts
        let actor = Principal.operator_("fixture")

        func organisation(_ kind: OrganisationKind, _ name: String, _ region: PlanningRegion?) async throws -> Organisation {
            try await directory.createOrganisation(
                OrganisationDraft(kind: kind.rawValue, name: "\(name) \(tag)", municipality: region == nil ? nil : name,
                                  region: region?.rawValue),
                by: actor
            )
        }
        func account(_ given: String, _ position: Position, _ organisation: Organisation, _ roles: Set<Role>) async throws -> Caller {
            let email = "\(given.lowercased())-\(tag.lowercased())@example.lv"
            let person = try await directory.createPerson(
                PersonDraft(givenName: given, familyName: "Bērziņa", email: email, position: position.rawValue,
                            organisationID: organisation.id),
                by: actor
            )
            return try await accounts.createAccount(
                email: email, personID: person.person.id, roles: roles, password: password, by: actor
            )
        }

        let inspectorate = try await organisation(.inspectorate, "Inspekcija", nil)
        let courtA = try await organisation(.orphansCourt, "Rīgas bāriņtiesa", .riga)
        let courtB = try await organisation(.orphansCourt, "Liepājas bāriņtiesa", .kurzeme)
        return DirectoryFixture(
            inspectorate: inspectorate, courtA: courtA, courtB: courtB,
            administrator: try await account("Anna", .inspectorateSpecialist, inspectorate, [.inspectorateAdministrator]),
            officer: try await account("Oskars", .inspectorateSpecialist, inspectorate, [.inspectorateOfficer]),
            chairpersonA: try await account("Čaklā", .orphansCourtChairperson, courtA, [.orphansCourtChairperson]),
            memberA: try await account("Māra", .orphansCourtMember, courtA, []),
            memberB: try await account("Baiba", .orphansCourtMember, courtB, []),
            trainer: try await account("Toms", .trainer, inspectorate, [.trainer])
        )
    }
}
