import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// Organisations and people: reading, creating, changing and importing them, under the rules of
/// `DirectoryAccess`. Each write is one transaction with its audit record.
public struct DirectoryService: Sendable {
    let database: Database
    let organisations: OrganisationStore
    let people: PersonStore
    let audit: AuditTrail

    /// People and organisations as shown statuses last read them, while neither table has changed.
    let personCopies: CachedReads<UUID, Person>
    let organisationCopies: CachedReads<UUID, Organisation>

    public init(database: Database, organisations: OrganisationStore, people: PersonStore, audit: AuditTrail) {
        self.database = database
        self.organisations = organisations
        self.people = people
        self.audit = audit
        // A few hundred bytes each: everyone whose status is asked for on a busy day, and every organisation.
        personCopies = CachedReads(changes: database.changes, tables: ["people"], capacity: 20_000)
        organisationCopies = CachedReads(changes: database.changes, tables: ["organisations"], capacity: 5_000)
    }

    // MARK: Organisations

    /// Organisations are a public directory: every signed-in user may read them.
    public func organisations(_ filter: OrganisationFilter, page: PageRequest) async throws -> Page<Organisation> {
        try Validation.checkSearchText(filter.text)
        let (items, total) = try await database.withConnection { connection in
            try await organisations.list(filter, page: page, on: connection)
        }
        return Page(items: items, total: total, request: page)
    }

    public func organisation(id: UUID) async throws -> Organisation {
        let found = try await database.withConnection { connection in
            try await organisations.find(id: id, on: connection)
        }
        guard let found else { throw ServiceError.notFound("no organisation has id \(id)") }
        return found
    }

    public func createOrganisation(_ draft: OrganisationDraft, by actor: Principal) async throws -> Organisation {
        guard DirectoryAccess.mayManageOrganisations(actor) else {
            throw ServiceError.forbidden("only inspectorate administrators may create organisations")
        }
        let valid = try draft.validated()
        return try await database.transaction { connection in
            let created = try await insertOrganisation(valid, on: connection)
            try await audit.record(
                "organisation.created", subjectType: "organisation", subjectID: created.id.uuidString, by: actor,
                details: ["name": created.name], on: connection
            )
            return created
        }
    }

    public func updateOrganisation(id: UUID, _ changes: OrganisationChanges, by actor: Principal) async throws -> Organisation {
        guard DirectoryAccess.mayManageOrganisations(actor) else {
            throw ServiceError.forbidden("only inspectorate administrators may change organisations")
        }
        return try await database.transaction(changing: "organisations") { connection in
            try await organisations.lock(id: id, on: connection)
            guard let current = try await organisations.find(id: id, on: connection) else {
                throw ServiceError.notFound("no organisation has id \(id)")
            }
            let valid = try changes.applied(to: current)
            let updated: Organisation
            do {
                updated = try await organisations.update(id: id, valid, on: connection)
            } catch let error where error.violatedUniqueConstraint == "organisations_name_key" {
                throw ServiceError.conflict("an organisation named '\(valid.name)' already exists")
            }
            try await audit.record(
                "organisation.updated", subjectType: "organisation", subjectID: id.uuidString, by: actor,
                details: changedFields(["name": changes.name, "municipality": changes.municipality, "region": changes.region]),
                on: connection
            )
            return updated
        }
    }

    func insertOrganisation(_ valid: OrganisationDraft.Valid, on connection: PostgresConnection) async throws -> Organisation {
        do {
            return try await organisations.insert(valid, on: connection)
        } catch let error where error.violatedUniqueConstraint == "organisations_name_key" {
            throw ServiceError.conflict("an organisation named '\(valid.name)' already exists")
        }
    }

    // MARK: People

    public func people(_ filter: PersonFilter, page: PageRequest, by actor: Principal) async throws -> Page<PersonView> {
        let scope = try DirectoryAccess.peopleScope(for: actor)
        try Validation.checkSearchText(filter.text)
        if case .organisation(let court) = scope, let requested = filter.organisationID, requested != court {
            throw ServiceError.forbidden("a chairperson may list only their own court's people")
        }
        let (items, total) = try await database.withConnection { connection in
            try await people.list(filter, scope: scope, page: page, on: connection)
        }
        return Page(items: items.map { DirectoryAccess.view(of: $0, for: actor) }, total: total, request: page)
    }

    public func person(id: UUID, by actor: Principal) async throws -> PersonView {
        let found = try await database.withConnection { connection in
            try await people.find(id: id, on: connection)
        }
        guard let found else { throw ServiceError.notFound("no person has id \(id)") }
        guard DirectoryAccess.mayRead(found, actor: actor) else {
            throw ServiceError.forbidden("you may not read this person's record")
        }
        return DirectoryAccess.view(of: found, for: actor)
    }

    /// The posts a person held, oldest first, for whoever may read the person.
    public func positionHistory(of id: UUID, by actor: Principal) async throws -> [PositionHeld] {
        try await database.withConnection { connection in
            guard let found = try await people.find(id: id, on: connection) else { throw ServiceError.notFound("no person has id \(id)") }
            guard DirectoryAccess.mayRead(found, actor: actor) else { throw ServiceError.forbidden("you may not read this person's record") }
            return try await people.positionHistory(of: [id], on: connection)[id] ?? []
        }
    }

    public func createPerson(_ draft: PersonDraft, by actor: Principal) async throws -> PersonView {
        guard DirectoryAccess.mayManagePeople(actor) else {
            throw ServiceError.forbidden("only the inspectorate may create people")
        }
        let valid = try draft.validated()
        let created = try await database.transaction { connection in
            try await requireOrganisation(valid.organisationID, on: connection)
            let created = try await insertPerson(valid, on: connection)
            try await audit.record(
                "person.created", subjectType: "person", subjectID: created.id.uuidString, by: actor, on: connection
            )
            return created
        }
        return DirectoryAccess.view(of: created, for: actor)
    }

    public func updatePerson(id: UUID, _ changes: PersonChanges, by actor: Principal) async throws -> PersonView {
        let updated = try await database.transaction(changing: "people") { connection in
            // Lock the row so two concurrent edits apply one after the other, not over each other.
            guard let current = try await lockedPerson(id: id, on: connection) else {
                throw ServiceError.notFound("no person has id \(id)")
            }
            guard DirectoryAccess.mayRead(current, actor: actor), DirectoryAccess.mayEditContact(of: current, actor: actor)
            else { throw ServiceError.forbidden("you may not change this person's record") }
            if !DirectoryAccess.mayManagePeople(actor), !changes.nonContactFields.isEmpty {
                throw ServiceError.forbidden(
                    "you may change only your own e-mail and phone, not \(changes.nonContactFields.joined(separator: ", "))"
                )
            }
            let valid = try changes.applied(to: current)
            try await requireOrganisation(valid.organisationID, on: connection)
            let updated: Person
            do {
                updated = try await people.update(id: id, valid, on: connection)
            } catch let error where error.violatedUniqueConstraint != nil {
                throw Self.personConflict(error.violatedUniqueConstraint!)
            }
            try await audit.record(
                "person.updated", subjectType: "person", subjectID: id.uuidString, by: actor,
                details: changedFields([
                    "givenName": changes.givenName, "familyName": changes.familyName,
                    "personalCode": changes.personalCode.map { _ in "(changed)" }, "email": changes.email,
                    "phone": changes.phone, "position": changes.position,
                    "organisationId": changes.organisationID?.uuidString,
                    // The date used, also when a move without one was dated today.
                    "positionStartedOn": changes.positionStartedOn
                        ?? (valid.positionStartedOn != current.positionStartedOn ? valid.positionStartedOn?.description : nil),
                ]),
                on: connection
            )
            return updated
        }
        return DirectoryAccess.view(of: updated, for: actor)
    }

    func insertPerson(_ valid: PersonDraft.Valid, on connection: PostgresConnection) async throws -> Person {
        do {
            return try await people.insert(valid, on: connection)
        } catch let error where error.violatedUniqueConstraint != nil {
            throw Self.personConflict(error.violatedUniqueConstraint!)
        }
    }

    private func lockedPerson(id: UUID, on connection: PostgresConnection) async throws -> Person? {
        try await people.lock([id], on: connection)
        return try await people.find(id: id, on: connection)
    }

    private func requireOrganisation(_ id: UUID?, on connection: PostgresConnection) async throws {
        guard let id else { return }
        guard try await organisations.find(id: id, on: connection) != nil else {
            throw ServiceError.notFound("organisationId: no organisation has id \(id)")
        }
    }

    static func personConflict(_ constraint: String) -> ServiceError {
        switch constraint {
        case "people_personal_code_key": .conflict("another person has this personal code")
        case "people_email_key": .conflict("another person has this e-mail address")
        default: .conflict("the change conflicts with another record (\(constraint))")
        }
    }

    /// The fields a change set, for the audit trail (callers pass "(changed)" for personal codes, never the code).
    private func changedFields(_ fields: [String: String?]) -> [String: String] {
        fields.compactMapValues { $0 }
    }
}
