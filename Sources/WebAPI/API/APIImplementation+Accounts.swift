import APIContract
import Core
import Directory
import Foundation
import OpenAPIRuntime

extension APIImplementation {
    // MARK: Administering accounts

    package func listAccounts(_ input: Operations.ListAccounts.Input) async throws -> Operations.ListAccounts.Output {
        let caller = try requireCaller()
        let query = input.query
        let page = try await accounts.accounts(
            AccountFilter(
                text: query.q, status: query.status.flatMap { Account.Status(rawValue: $0.rawValue) },
                role: query.role.flatMap { Role(rawValue: $0.rawValue) }
            ),
            page: try PageRequest(limit: query.limit, offset: query.offset), by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(
            items: page.items.map(Components.Schemas.Account.init), total: page.total, limit: page.request.limit, offset: page.request.offset
        ))))
    }

    package func inviteAccount(_ input: Operations.InviteAccount.Input) async throws -> Operations.InviteAccount.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        // A person named in the body who does not exist is 404, as one in the path would be.
        guard let personID = UUID(uuidString: body.personId) else { throw Problem.notFound("no person has id \(body.personId)") }
        let account = try await accounts.invite(
            personID: personID, email: body.email, roles: try Self.roles(body.roles ?? []),
            by: .caller(caller)
        )
        return .created(.init(body: .json(.init(account))))
    }

    package func getAccount(_ input: Operations.GetAccount.Input) async throws -> Operations.GetAccount.Output {
        let caller = try requireCaller()
        let account = try await accounts.account(id: try id(input.path.accountId, of: "account"), by: .caller(caller))
        return .ok(.init(body: .json(.init(account))))
    }

    package func setAccountRoles(_ input: Operations.SetAccountRoles.Input) async throws -> Operations.SetAccountRoles.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let account = try await accounts.setRoles(
            accountID: try id(input.path.accountId, of: "account"), roles: try Self.roles(body.roles),
            by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(account))))
    }

    package func disableAccount(_ input: Operations.DisableAccount.Input) async throws -> Operations.DisableAccount.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let reason = body.reason
        let account = try await accounts.disable(accountID: try id(input.path.accountId, of: "account"), reason: reason, by: .caller(caller))
        return .ok(.init(body: .json(.init(account))))
    }

    package func enableAccount(_ input: Operations.EnableAccount.Input) async throws -> Operations.EnableAccount.Output {
        let caller = try requireCaller()
        let account = try await accounts.enable(accountID: try id(input.path.accountId, of: "account"), by: .caller(caller))
        return .ok(.init(body: .json(.init(account))))
    }

    // MARK: Passwords

    package func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws -> Operations.RequestPasswordReset.Output {
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        try await accounts.requestPasswordReset(email: body.email, clientAddress: try request.clientAddress)
        return .accepted(.init())
    }

    package func setPasswordWithLink(_ input: Operations.SetPasswordWithLink.Input) async throws -> Operations.SetPasswordWithLink.Output {
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        try await accounts.setPassword(linkSecret: body.token, password: body.password)
        return .noContent(.init())
    }

    package func changeOwnPassword(_ input: Operations.ChangeOwnPassword.Input) async throws -> Operations.ChangeOwnPassword.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        try await accounts.changeOwnPassword(
            current: body.currentPassword, new: body.newPassword, keeping: try request.bearerToken, address: try request.clientAddress,
            by: caller
        )
        return .noContent(.init())
    }

    /// The roles a request names, no more than the document allows (its `maxItems`, which the generated code does
    /// not check), each once.
    static func roles(_ named: [Components.Schemas.Role]) throws -> Set<Role> {
        guard named.count <= 5 else { throw ServiceError.validation([FieldProblem("roles", "name at most 5 roles, not \(named.count)")]) }
        return Set(named.compactMap { Role(rawValue: $0.rawValue) })
    }
}
