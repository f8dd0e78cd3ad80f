import APIContract
import Core
import Directory
import Foundation
import OpenAPIRuntime

extension APIImplementation {
    // MARK: Organisations

    package func listOrganisations(_ input: Operations.ListOrganisations.Input) async throws -> Operations.ListOrganisations.Output {
        _ = try requireCaller()
        let query = input.query
        let page = try await directory.organisations(
            OrganisationFilter(
                kind: query.kind.flatMap { OrganisationKind(rawValue: $0.rawValue) },
                region: query.region.flatMap { PlanningRegion(rawValue: $0.rawValue) },
                text: query.q
            ),
            page: try PageRequest(limit: query.limit, offset: query.offset)
        )
        return .ok(.init(body: .json(.init(
            items: page.items.map(Components.Schemas.Organisation.init), total: page.total,
            limit: page.request.limit, offset: page.request.offset
        ))))
    }

    package func createOrganisation(_ input: Operations.CreateOrganisation.Input) async throws -> Operations.CreateOrganisation.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let created = try await directory.createOrganisation(
            OrganisationDraft(kind: body.kind.rawValue, name: body.name, municipality: body.municipality,
                              region: body.region?.rawValue),
            by: .caller(caller)
        )
        return .created(.init(body: .json(.init(created))))
    }

    package func getOrganisation(_ input: Operations.GetOrganisation.Input) async throws -> Operations.GetOrganisation.Output {
        _ = try requireCaller()
        let organisation = try await directory.organisation(id: try id(input.path.organisationId, of: "organisation"))
        return .ok(.init(body: .json(.init(organisation))))
    }

    package func updateOrganisation(_ input: Operations.UpdateOrganisation.Input) async throws -> Operations.UpdateOrganisation.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let updated = try await directory.updateOrganisation(
            id: try id(input.path.organisationId, of: "organisation"),
            OrganisationChanges(name: body.name, municipality: body.municipality, region: body.region?.rawValue),
            by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(updated))))
    }

    // MARK: People

    package func listPeople(_ input: Operations.ListPeople.Input) async throws -> Operations.ListPeople.Output {
        let caller = try requireCaller()
        let query = input.query
        let page = try await directory.people(
            PersonFilter(
                organisationID: try optionalID(query.organisationId, field: "organisationId"),
                position: query.position.flatMap { Position(rawValue: $0.rawValue) },
                region: query.region.flatMap { PlanningRegion(rawValue: $0.rawValue) },
                text: query.q
            ),
            page: try PageRequest(limit: query.limit, offset: query.offset),
            by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(
            items: page.items.map(Components.Schemas.Person.init), total: page.total,
            limit: page.request.limit, offset: page.request.offset
        ))))
    }

    package func createPerson(_ input: Operations.CreatePerson.Input) async throws -> Operations.CreatePerson.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let created = try await directory.createPerson(
            PersonDraft(
                givenName: body.givenName, familyName: body.familyName, personalCode: body.personalCode,
                email: body.email, phone: body.phone, position: body.position.rawValue,
                organisationID: try optionalID(body.organisationId, field: "organisationId"),
                positionStartedOn: try dateField(body.positionStartedOn, field: "positionStartedOn")
            ),
            by: .caller(caller)
        )
        return .created(.init(body: .json(.init(created))))
    }

    package func getPerson(_ input: Operations.GetPerson.Input) async throws -> Operations.GetPerson.Output {
        let caller = try requireCaller()
        let person = try await directory.person(id: try id(input.path.personId, of: "person"), by: .caller(caller))
        return .ok(.init(body: .json(.init(person))))
    }

    package func listPositionHistory(_ input: Operations.ListPositionHistory.Input) async throws -> Operations.ListPositionHistory.Output {
        let caller = try requireCaller()
        let held = try await directory.positionHistory(of: try id(input.path.personId, of: "person"), by: .caller(caller))
        return .ok(.init(body: .json(held.map(Components.Schemas.PositionHeld.init))))
    }

    package func updatePerson(_ input: Operations.UpdatePerson.Input) async throws -> Operations.UpdatePerson.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let updated = try await directory.updatePerson(
            id: try id(input.path.personId, of: "person"),
            PersonChanges(
                givenName: body.givenName, familyName: body.familyName, personalCode: body.personalCode,
                email: body.email, phone: body.phone, position: body.position?.rawValue,
                organisationID: try optionalID(body.organisationId, field: "organisationId"),
                positionStartedOn: try dateField(body.positionStartedOn, field: "positionStartedOn")
            ),
            by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(updated))))
    }
}
