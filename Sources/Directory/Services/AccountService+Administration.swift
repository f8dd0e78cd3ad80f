import Core
import Database
import Foundation
import PostgresNIO

/// What the inspectorate administrator does with accounts: invite a person, give and take roles, disable and enable.
/// The API and the CLI call these alike; each change is one transaction with its audit event.
extension AccountService {
    /// Creates an account for a person in the directory, with no password, and sends them an invitation: a one-time
    /// link to choose one. The address is `email`, else the person's own in the directory.
    public func invite(personID: UUID, email rawEmail: String?, roles: Set<Role>, by actor: Principal) async throws -> Account {
        try requireAdministrator(actor)
        var validation = Validation()
        let given = validation.email(rawEmail, "email", required: false)?.lowercased()
        try validation.check()
        let link = OneTimeLink.generate()
        return try await database.transaction { connection in
            guard let person = try await people.find(id: personID, on: connection) else {
                throw ServiceError.notFound("no person has id \(personID)")
            }
            var email = given
            if email == nil {
                var directoryAddress = Validation()
                email = directoryAddress.email(person.email, "email", required: false)?.lowercased()
            }
            guard let email else {
                throw ServiceError.validation([FieldProblem("email", "is required: the person has no e-mail address in the directory")])
            }
            let accountID = try await insertAccount(personID: personID, email: email, passwordHash: nil, roles: roles, on: connection)
            try await audit.record(
                "account.created", subjectType: "account", subjectID: accountID.uuidString, by: actor,
                details: ["email": email, "roles": roles.union([.participant]).map(\.rawValue).sorted().joined(separator: ","), "invited": "true"],
                on: connection
            )
            try await send(link, .invitation, accountID: accountID, email: email, personID: personID, givenName: person.givenName, on: connection)
            return try await accounts.account(id: accountID, on: connection)!
        }
    }

    public func accounts(_ filter: AccountFilter, page: PageRequest, by actor: Principal) async throws -> Page<Account> {
        try requireAdministrator(actor)
        try Validation.checkSearchText(filter.text)
        let (items, total) = try await database.withConnection { connection in
            try await accounts.accounts(filter, page: page, on: connection)
        }
        return Page(items: items, total: total, request: page)
    }

    public func account(id: UUID, by actor: Principal) async throws -> Account {
        try requireAdministrator(actor)
        guard let account = try await database.withConnection({ try await accounts.account(id: id, on: $0) }) else {
            throw ServiceError.notFound("no account has id \(id)")
        }
        return account
    }

    /// Gives and takes roles: the account holds exactly `roles` afterwards (and participant, which every account is).
    /// The last enabled administrator keeps the role, so the platform is never left without one.
    public func setRoles(accountID: UUID, roles: Set<Role>, by actor: Principal) async throws -> Account {
        try requireAdministrator(actor)
        return try await database.transaction(changing: "account_roles") { connection in
            let before = try await lockedAccount(accountID, on: connection)
            let wanted = roles.union([.participant])
            if before.roles.contains(.inspectorateAdministrator), !wanted.contains(.inspectorateAdministrator), before.status != .disabled {
                try await requireAnotherAdministrator(besides: accountID, on: connection)
            }
            guard wanted != before.roles else { return before }
            try await accounts.setRoles(accountID: accountID, roles: wanted, on: connection)
            try await audit.record(
                "account.roles_changed", subjectType: "account", subjectID: accountID.uuidString, by: actor,
                details: ["from": Self.names(before.roles), "to": Self.names(wanted)], on: connection
            )
            return try await accounts.account(id: accountID, on: connection)!
        }
    }

    /// Disables an account: its tokens end at once (here, and in every other server process as soon as the change
    /// notification arrives: the caller's copy is keyed on the accounts table), its open links are revoked, and
    /// nothing signs in to it until it is enabled again. Disabling a disabled account changes nothing.
    public func disable(accountID: UUID, reason rawReason: String?, by actor: Principal) async throws -> Account {
        try requireAdministrator(actor)
        var validation = Validation()
        let reason = validation.optionalText(rawReason, "reason", maxLength: 500)
        try validation.check()
        return try await database.transaction(changing: "accounts", "access_tokens") { connection in
            let before = try await lockedAccount(accountID, on: connection)
            guard before.status != .disabled else { return before }
            if before.roles.contains(.inspectorateAdministrator) {
                try await requireAnotherAdministrator(besides: accountID, on: connection)
            }
            _ = try await accounts.setDisabled(accountID: accountID, true, on: connection)
            try await accounts.revokeAllTokens(accountID: accountID, on: connection)
            try await links.revokeOpen(accountID: accountID, on: connection)
            try await audit.record(
                "account.disabled", subjectType: "account", subjectID: accountID.uuidString, by: actor,
                details: reason.map { ["reason": $0] } ?? [:], on: connection
            )
            return try await accounts.account(id: accountID, on: connection)!
        }
    }

    /// Enables a disabled account again, with the password it had (its tokens stay ended: its person signs in anew).
    public func enable(accountID: UUID, by actor: Principal) async throws -> Account {
        try requireAdministrator(actor)
        return try await database.transaction(changing: "accounts") { connection in
            let before = try await lockedAccount(accountID, on: connection)
            guard before.status == .disabled else { return before }
            _ = try await accounts.setDisabled(accountID: accountID, false, on: connection)
            try await audit.record("account.enabled", subjectType: "account", subjectID: accountID.uuidString, by: actor, on: connection)
            return try await accounts.account(id: accountID, on: connection)!
        }
    }

    /// The account whose e-mail is `email`, for the CLI, which names accounts by address.
    public func accountID(email: String) async throws -> UUID {
        let credentials = try await database.withConnection { try await accounts.credentials(email: email, on: $0) }
        guard let credentials else { throw ServiceError.notFound("no account has e-mail \(email)") }
        return credentials.accountID
    }

    func requireAdministrator(_ actor: Principal) throws(ServiceError) {
        guard actor.isAdministrator else { throw .forbidden("accounts are administered by inspectorate administrators") }
    }

    private func lockedAccount(_ id: UUID, on connection: PostgresConnection) async throws -> Account {
        guard let account = try await accounts.account(id: id, forUpdate: true, on: connection) else {
            throw ServiceError.notFound("no account has id \(id)")
        }
        return account
    }

    private func requireAnotherAdministrator(besides accountID: UUID, on connection: PostgresConnection) async throws {
        if try await accounts.otherActiveAdministrators(excluding: accountID, on: connection) == 0 {
            throw ServiceError.conflict("this is the last enabled inspectorate administrator; make another one first")
        }
    }

    static func names(_ roles: Set<Role>) -> String { roles.map(\.rawValue).sorted().joined(separator: ",") }

    /// Records a new one-time link for the account and puts its message in the outbox, in the caller's transaction.
    func send(
        _ link: OneTimeLink, _ purpose: OneTimeLink.Purpose, accountID: UUID, email: String, personID: UUID, givenName: String,
        on connection: PostgresConnection
    ) async throws {
        let linkID = try await links.insert(
            accountID: accountID, purpose: purpose, hash: link.hash, expiresAt: Date().addingTimeInterval(OneTimeLink.lifetime.timeInterval),
            on: connection
        )
        let message = AccountMessage.link(purpose, givenName: givenName, email: email, url: OneTimeLink.url(publicURL: publicURL, secret: link.secret))
        _ = try await outbox.enqueue(
            kind: message.kind, person: personID, recipient: email, subject: message.subject, body: message.body, html: message.html,
            dedupeKey: "account-link:\(linkID.lowercasedString)", on: connection
        )
    }
}
