import APIContract
import Core
import Directory
import Foundation
import OpenAPIRuntime
import Scheduling

extension APIImplementation {

    package func listQualifications(_ input: Operations.ListQualifications.Input) async throws -> Operations.ListQualifications.Output {
        let caller = try requireCaller()
        let list = try await qualifications.qualifications(of: try id(input.path.personId, of: "person"), by: .caller(caller))
        return .ok(.init(body: .json(list.map(Components.Schemas.Qualification.init))))
    }

    package func grantQualification(_ input: Operations.GrantQualification.Input) async throws -> Operations.GrantQualification.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let granted = try await qualifications.grant(
            personID: try requiredID(body.personId, field: "personId"), courseCode: body.courseCode,
            fromVersion: body.fromVersion, provisional: body.provisional ?? false, reason: body.reason, by: .caller(caller)
        )
        return .created(.init(body: .json(.init(granted))))
    }

    package func withdrawQualification(_ input: Operations.WithdrawQualification.Input) async throws -> Operations.WithdrawQualification.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let withdrawn = try await qualifications.withdraw(
            try id(input.path.qualificationId, of: "qualification"), reason: body.reason, by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(withdrawn))))
    }

    package func signOffQualification(_ input: Operations.SignOffQualification.Input) async throws -> Operations.SignOffQualification.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let signed = try await qualifications.signOff(
            try id(input.path.qualificationId, of: "qualification"),
            deliveredIn: try requiredID(body.groupId, field: "groupId"), by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(signed))))
    }
}
