import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// Signing in and out, resolving bearer tokens, and managing accounts. Used by the API and the admin CLI alike.
public struct AccountService: Sendable {
    public struct SignIn: Sendable {
        public let token: AccessToken
        public let expiresAt: Date
        public let caller: Caller
    }

    let database: Database
    let hasher: PasswordHasher
    let throttle: SignInThrottle
    let tokenLifetime: Duration
    let accounts: AccountStore
    let people: PersonStore
    let organisations: OrganisationStore
    let audit: AuditTrail
    /// Verified against when no account has the e-mail, so an unknown account costs as much as a wrong password.
    let decoyHash: String
    /// Live tokens' callers by token hash: every signed-in request asks for its caller, who changes only when one
    /// of `AccountStore.callerTables` does.
    let liveTokens: CachedReads<[UInt8], AccountStore.LiveToken>
    let links: AccountLinkStore
    let outbox: OutboxStore
    let limiter: RateLimiter
    let resets: PasswordResetPolicy
    /// The platform's public address, which the links in messages start with.
    let publicURL: String
    /// What every new password must be, whichever way it is set.
    public let passwordPolicy: PasswordPolicy

    public init(
        database: Database,
        accounts: AccountStore,
        people: PersonStore,
        organisations: OrganisationStore,
        audit: AuditTrail,
        hasher: PasswordHasher = PasswordHasher(),
        throttle: SignInThrottle = SignInThrottle(),
        tokenLifetime: Duration = .seconds(8 * 3600),
        links: AccountLinkStore? = nil,
        outbox: OutboxStore? = nil,
        resets: PasswordResetPolicy = .init(),
        publicURL: String = "http://127.0.0.1:8080",
        passwordPolicy: PasswordPolicy = .standard
    ) async throws {
        self.database = database
        self.hasher = hasher
        self.throttle = throttle
        self.tokenLifetime = tokenLifetime
        self.accounts = accounts
        self.people = people
        self.organisations = organisations
        self.audit = audit
        self.links = links ?? AccountLinkStore(logger: database.logger)
        self.outbox = outbox ?? OutboxStore(logger: database.logger)
        self.limiter = RateLimiter(database: database)
        self.resets = resets
        self.publicURL = publicURL
        self.passwordPolicy = passwordPolicy
        self.decoyHash = try await hasher.hash(AccessToken.generate().value)
        // About 300 bytes each: every token of a busy day.
        liveTokens = CachedReads(changes: database.changes, tables: AccountStore.callerTables, capacity: 20_000)
    }

    /// Checks the password and issues a token. Wrong e-mail and wrong password fail alike, after the same work.
    public func signIn(email rawEmail: String, password: String, address: String, now: Date = Date()) async throws -> SignIn {
        var validation = Validation()
        let email = validation.requiredText(rawEmail, "email", maxLength: 254)?.lowercased()
        if password.isEmpty { validation.add("password", "is required") }
        if password.count > PasswordPolicy.maximumLength {
            validation.add("password", "must be at most \(PasswordPolicy.maximumLength) characters long")
        }
        try validation.check()
        let address = String(address.prefix(64))
        // The attempt is on record as a failure before anything is checked (see `beginAttempt`).
        let (attempt, failures, credentials) = try await database.withConnection { connection in
            let attempt = try await accounts.beginAttempt(email: email!, address: address, on: connection)
            let failures = try await accounts.recentFailures(
                email: email!, address: address, since: throttle.windowStart(now: now), excluding: attempt,
                throttle: throttle, on: connection
            )
            return (attempt, failures, try await accounts.credentials(email: email!, on: connection))
        }
        switch throttle.decide(email: failures.email, address: failures.address) {
        case .locked(let until, let reason):
            // Refused unchecked, so not a failure: otherwise every retry while locked would move `until` on,
            // and a burst of right-password sign-ins (a double click, a client retrying) would lock itself out.
            try await database.withConnection { try await accounts.forgetAttempt($0, id: attempt) }
            throw ServiceError.signInLocked(until: until, reason: reason)
        case .allowed(let delay):
            // Many failures from this address lately: slow this attempt down (it waits without holding a thread).
            if delay > .zero { try await Task.sleep(for: delay) }
        }
        // An invited account has no password yet: the decoy is checked instead, so it costs the same and fails.
        let matches = try await hasher.verify(password, against: credentials?.passwordHash ?? decoyHash)
            && credentials?.passwordHash != nil
        guard let credentials, matches, !credentials.disabled else {
            throw ServiceError.unauthenticated("the e-mail address or the password is wrong")
        }
        let token = AccessToken.generate()
        let expiresAt = now.addingTimeInterval(tokenLifetime.timeInterval)
        let caller = try await database.transaction { connection in
            try await accounts.markSucceeded(attempt: attempt, on: connection)
            try await accounts.insertToken(
                hash: token.hash, accountID: credentials.accountID, expiresAt: expiresAt, on: connection
            )
            return try await accounts.caller(accountID: credentials.accountID, on: connection)
        }
        guard let caller else { throw ServiceError.unauthenticated("the account no longer exists") }
        return SignIn(token: token, expiresAt: expiresAt, caller: caller)
    }

    /// Revokes the token presented; true if it was live.
    @discardableResult
    public func signOut(token: String) async throws -> Bool {
        try await database.transaction(changing: "access_tokens") { connection in
            try await accounts.revokeToken(hash: AccessToken.hash(of: token), on: connection)
        }
    }

    /// The caller behind a bearer token, or nil when it is unknown, expired or revoked.
    public func authenticate(token: String, now: Date = Date()) async throws -> Caller? {
        let hash = AccessToken.hash(of: token)
        let live = try await liveTokens.value(for: hash) {
            try await database.withConnection { connection in try await accounts.caller(tokenHash: hash, on: connection) }
        }
        // A copy outlives its token's expiry; the database's answer never does.
        guard let live, live.expiresAt > now else { return nil }
        return live.caller
    }

    /// Creates an account for an existing person with a password given now (the admin CLI's `users create`); the API
    /// invites instead (`invite`), so no one but the person ever knows the password.
    public func createAccount(
        email rawEmail: String, personID: UUID, roles: Set<Role>, password: String, by actor: Principal
    ) async throws -> Caller {
        var validation = Validation()
        let email = validation.email(rawEmail, "email", required: true)?.lowercased()
        try validation.check()
        try passwordPolicy.check(password, email: email)
        let hash = try await hasher.hash(password)
        return try await database.transaction { connection in
            guard try await people.find(id: personID, on: connection) != nil else {
                throw ServiceError.notFound("no person has id \(personID)")
            }
            let accountID = try await insertAccount(personID: personID, email: email!, passwordHash: hash, roles: roles, on: connection)
            try await audit.record(
                "account.created", subjectType: "account", subjectID: accountID.uuidString, by: actor,
                details: ["email": email!, "roles": roles.union([.participant]).map(\.rawValue).sorted().joined(separator: ",")],
                on: connection
            )
            return try await accounts.caller(accountID: accountID, on: connection)!
        }
    }

    /// Replaces an account's password and signs it out everywhere.
    public func setPassword(email rawEmail: String, password: String, by actor: Principal) async throws {
        let email = rawEmail.trimmingCharacters(in: .whitespacesAndNewlines)
        try passwordPolicy.check(password, email: email)
        let hash = try await hasher.hash(password)
        try await database.transaction(changing: "accounts", "access_tokens") { connection in
            guard let accountID = try await accounts.setPassword(email: email, passwordHash: hash, on: connection) else {
                throw ServiceError.notFound("no account has e-mail \(email)")
            }
            try await accounts.revokeAllTokens(accountID: accountID, on: connection)
            try await links.revokeOpen(accountID: accountID, on: connection)
            try await audit.record(
                "account.password_set", subjectType: "account", subjectID: accountID.uuidString, by: actor, on: connection
            )
        }
    }

    /// Inserts an account, a person's second or an address's second being a conflict.
    func insertAccount(
        personID: UUID, email: String, passwordHash: String?, roles: Set<Role>, on connection: PostgresConnection
    ) async throws -> UUID {
        do {
            return try await accounts.insertAccount(personID: personID, email: email, passwordHash: passwordHash, roles: roles, on: connection)
        } catch let error where error.violatedUniqueConstraint != nil {
            throw ServiceError.conflict(
                error.violatedUniqueConstraint == "accounts_person_id_key"
                    ? "this person already has an account" : "an account with e-mail \(email) already exists"
            )
        }
    }

    public func hasInspectorateAdministrator() async throws -> Bool {
        try await database.withConnection { connection in
            try await accounts.hasAccount(withRole: .inspectorateAdministrator, on: connection)
        }
    }

    /// Creates the first inspectorate administrator, with the inspectorate and a person for them, unless an
    /// administrator exists already. Returns nil when one did.
    public func createFirstAdministrator(
        email: String, password: String, inspectorateName: String, by actor: Principal
    ) async throws -> Caller? {
        if try await hasInspectorateAdministrator() { return nil }
        try passwordPolicy.check(password, email: email)
        let hash = try await hasher.hash(password)
        return try await database.transaction { connection in
            // Serialise concurrent first starts; the second finds the first's administrator.
            try await accounts.lockRoles(on: connection)
            if try await accounts.hasAccount(withRole: .inspectorateAdministrator, on: connection) { return nil }
            let inspectorate: Organisation
            if let existing = try await organisations.find(name: inspectorateName, on: connection) {
                inspectorate = existing
            } else {
                inspectorate = try await organisations.insert(
                    try OrganisationDraft(kind: OrganisationKind.inspectorate.rawValue, name: inspectorateName,
                                          municipality: nil, region: nil).validated(),
                    on: connection
                )
            }
            let person = try await people.insert(
                try PersonDraft(
                    givenName: "Sistēmas", familyName: "Administrators", email: email,
                    position: Position.inspectorateSpecialist.rawValue, organisationID: inspectorate.id
                ).validated(),
                on: connection
            )
            let accountID = try await accounts.insertAccount(
                personID: person.id, email: email.lowercased(), passwordHash: hash,
                roles: [.inspectorateAdministrator], on: connection
            )
            try await audit.record(
                "account.created", subjectType: "account", subjectID: accountID.uuidString, by: actor,
                details: ["email": email, "roles": "inspectorate_administrator,participant", "first": "true"],
                on: connection
            )
            return try await accounts.caller(accountID: accountID, on: connection)
        }
    }
}
