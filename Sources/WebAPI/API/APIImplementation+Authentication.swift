import APIContract
import Core
import Directory
import Foundation
import OpenAPIRuntime

extension APIImplementation {
    package func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let signIn = try await accounts.signIn(
            email: body.email, password: body.password, address: try request.clientAddress
        )
        let person = try await directory.person(id: signIn.caller.personID, by: .caller(signIn.caller))
        return .ok(.init(body: .json(.init(
            token: signIn.token.value, tokenType: .bearer, expiresAt: signIn.expiresAt,
            me: .init(signIn.caller, person: person)
        ))))
    }

    package func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        _ = try requireCaller()
        if let token = try request.bearerToken { try await accounts.signOut(token: token) }
        return .noContent(.init())
    }

    package func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let caller = try requireCaller()
        let person = try await directory.person(id: caller.personID, by: .caller(caller))
        return .ok(.init(body: .json(.init(caller, person: person))))
    }
}
