import APIContract
import Core
import Directory
import Foundation
import OpenAPIRuntime
import Scheduling

extension APIImplementation {

    package func listEnrolments(_ input: Operations.ListEnrolments.Input) async throws -> Operations.ListEnrolments.Output {
        let caller = try requireCaller()
        let list = try await enrolments.enrolments(in: try id(input.path.groupId, of: "group"), by: .caller(caller))
        return .ok(.init(body: .json(list.map(Components.Schemas.Enrolment.init))))
    }

    package func enrol(_ input: Operations.Enrol.Input) async throws -> Operations.Enrol.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let enrolment = try await enrolments.enrol(
            personID: try optionalID(body.personId, field: "personId"), in: try id(input.path.groupId, of: "group"),
            overrideReason: body.overrideReason, by: .caller(caller)
        )
        return .created(.init(body: .json(.init(enrolment))))
    }

    package func getEnrolment(_ input: Operations.GetEnrolment.Input) async throws -> Operations.GetEnrolment.Output {
        let caller = try requireCaller()
        let enrolment = try await enrolments.enrolment(id: try id(input.path.enrolmentId, of: "enrolment"), by: .caller(caller))
        return .ok(.init(body: .json(.init(enrolment))))
    }

    package func cancelEnrolment(_ input: Operations.CancelEnrolment.Input) async throws -> Operations.CancelEnrolment.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let enrolment = try await enrolments.cancel(
            try id(input.path.enrolmentId, of: "enrolment"), reason: body.reason, overrideReason: body.overrideReason,
            by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(enrolment))))
    }

    package func approveEnrolment(_ input: Operations.ApproveEnrolment.Input) async throws -> Operations.ApproveEnrolment.Output {
        let caller = try requireCaller()
        let enrolment = try await enrolments.approve(try id(input.path.enrolmentId, of: "enrolment"), by: .caller(caller))
        return .ok(.init(body: .json(.init(enrolment))))
    }

    package func listMyEnrolments(_ input: Operations.ListMyEnrolments.Input) async throws -> Operations.ListMyEnrolments.Output {
        let caller = try requireCaller()
        return .ok(.init(body: .json(try await enrolments.myEnrolments(by: .caller(caller)).map(Components.Schemas.Enrolment.init))))
    }

    package func listCourtEnrolments(_ input: Operations.ListCourtEnrolments.Input) async throws -> Operations.ListCourtEnrolments.Output {
        let caller = try requireCaller()
        let list = try await enrolments.courtEnrolments(
            organisation: try optionalID(input.query.organisationId, field: "organisationId"), by: .caller(caller)
        )
        return .ok(.init(body: .json(list.map(Components.Schemas.Enrolment.init))))
    }
}
