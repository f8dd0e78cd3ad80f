import Core
import Crypto
import Database
import Foundation
import PostgresNIO

/// Choosing a password: from an invitation's or a reset's one-time link, "forgot my password", and changing one's
/// own. The API, the set-password page and the CLI call these alike.
extension AccountService {
    /// The problem for a link that cannot be used, whatever the reason (unknown, used, revoked, expired, or its
    /// account disabled): the holder can do the same about each — ask for a new one.
    static let linkRefused = ServiceError.validation([
        FieldProblem("token", "the link is unknown, expired or used already; ask for a new one with \"forgot my password\""),
    ])

    /// "Forgot my password": sends a reset link to the address if an enabled account has it. The answer (returning)
    /// is the same whether or not one does, and takes `PasswordResetPolicy.answerTakes` at least either way.
    /// Limited per address typed and per client network (`ServiceError.rateLimited`).
    public func requestPasswordReset(email rawEmail: String, clientAddress: String) async throws {
        let started = ContinuousClock.now
        var validation = Validation()
        let email = validation.email(rawEmail, "email", required: true)?.lowercased()
        try validation.check()
        let network = ClientNetwork.of(String(clientAddress.prefix(64)))
        // The address typed is counted by its hash: the counts table need not hold anyone's e-mail.
        let emailKey = SHA256.hash(data: Data(email!.utf8)).map { String(format: "%02x", $0) }.joined()
        for (rule, key, what) in [(resets.perNetwork, network, "this network"), (resets.perEmail, emailKey, "this e-mail address")] {
            if case .limited(let retryAfter) = try await limiter.hit(rule, address: key) {
                throw ServiceError.rateLimited(
                    retryAfter: retryAfter,
                    reason: "too many password resets asked for from \(what) (at most \(rule.requests) in \(rule.window.components.seconds / 60) minutes)"
                )
            }
        }
        let link = OneTimeLink.generate()
        try await database.transaction { connection in
            guard let credentials = try await accounts.credentials(email: email!, on: connection), !credentials.disabled,
                  let caller = try await accounts.caller(accountID: credentials.accountID, on: connection),
                  let person = try await people.find(id: caller.personID, on: connection)
            else { return }
            try await send(link, .reset, accountID: caller.accountID, email: caller.email, personID: person.id, givenName: person.givenName, on: connection)
            try await audit.recordAnonymous(
                "account.password_reset_sent", subjectType: "account", subjectID: caller.accountID.uuidString, label: network, on: connection
            )
        }
        try await Task.sleep(until: started + resets.answerTakes, clock: .continuous)
    }

    /// The link a secret opens, if it is still open and its account enabled; nothing is changed.
    public func openLink(secret: String) async throws -> OpenLink? {
        guard OneTimeLink.isWellFormed(secret) else { return nil }
        return try await database.withConnection { try await links.open(hash: OneTimeLink.hash(of: secret), on: $0) }
    }

    /// Sets the password of the link's account and uses the link up. Every token of the account ends and its other
    /// links are revoked; a reset also sends the notice of a changed password. Returns the link used.
    @discardableResult
    public func setPassword(linkSecret secret: String, password: String) async throws -> OpenLink {
        guard let open = try await openLink(secret: secret) else { throw Self.linkRefused }
        try passwordPolicy.check(password, email: open.email)
        let hash = try await hasher.hash(password)
        return try await database.transaction(changing: "accounts", "access_tokens") { connection in
            // Checked again as it is taken: of two uses at once, only one finds it open.
            guard let taken = try await links.take(hash: OneTimeLink.hash(of: secret), on: connection),
                  let caller = try await accounts.caller(accountID: taken.accountID, on: connection)
            else { throw Self.linkRefused }
            try await accounts.setPassword(accountID: taken.accountID, passwordHash: hash, on: connection)
            try await accounts.revokeAllTokens(accountID: taken.accountID, on: connection)
            try await links.revokeOpen(accountID: taken.accountID, on: connection)
            try await audit.record(
                "account.password_set", subjectType: "account", subjectID: taken.accountID.uuidString, by: .caller(caller),
                details: ["link": taken.purpose.rawValue], on: connection
            )
            if taken.purpose == .reset {
                try await notifyPasswordChanged(caller, dedupeKey: "account-password-changed:\(taken.id.lowercasedString)", on: connection)
            }
            return taken
        }
    }

    /// Changes the caller's own password, which needs the current one (checked under the sign-in throttle, so a
    /// token cannot be used to guess it). Every other token of the account ends — all of them when `keeping` is nil —
    /// and a notice goes to the account's address.
    public func changeOwnPassword(
        current: String, new password: String, keeping token: String?, address: String, by caller: Caller, now: Date = Date()
    ) async throws {
        var validation = Validation()
        if current.isEmpty { validation.add("currentPassword", "is required") }
        if current.count > PasswordPolicy.maximumLength { validation.add("currentPassword", "is not the current password") }
        for problem in passwordPolicy.problems(password, email: caller.email) { validation.add("newPassword", problem.text(in: .en)) }
        try validation.check()
        let address = String(address.prefix(64))
        let (attempt, failures, stored) = try await database.withConnection { connection in
            let attempt = try await accounts.beginAttempt(email: caller.email, address: address, on: connection)
            let failures = try await accounts.recentFailures(
                email: caller.email, address: address, since: throttle.windowStart(now: now), excluding: attempt, throttle: throttle, on: connection
            )
            return (attempt, failures, try await accounts.passwordHash(accountID: caller.accountID, on: connection))
        }
        if case .locked(let until, let reason) = throttle.decide(email: failures.email, address: failures.address) {
            try await database.withConnection { try await accounts.forgetAttempt($0, id: attempt) }
            throw ServiceError.signInLocked(until: until, reason: reason)
        }
        guard try await hasher.verify(current, against: stored ?? decoyHash), stored != nil else {
            throw ServiceError.validation([FieldProblem("currentPassword", "is not the current password")])
        }
        let hash = try await hasher.hash(password)
        try await database.transaction(changing: "accounts", "access_tokens") { connection in
            try await accounts.markSucceeded(attempt: attempt, on: connection)
            try await accounts.setPassword(accountID: caller.accountID, passwordHash: hash, on: connection)
            if let token {
                try await accounts.revokeOtherTokens(accountID: caller.accountID, keeping: AccessToken.hash(of: token), on: connection)
            } else {
                try await accounts.revokeAllTokens(accountID: caller.accountID, on: connection)
            }
            try await links.revokeOpen(accountID: caller.accountID, on: connection)
            try await audit.record(
                "account.password_changed", subjectType: "account", subjectID: caller.accountID.uuidString, by: .caller(caller), on: connection
            )
            try await notifyPasswordChanged(caller, dedupeKey: "account-password-changed:\(UUID().lowercasedString)", on: connection)
        }
    }

    private func notifyPasswordChanged(_ caller: Caller, dedupeKey: String, on connection: PostgresConnection) async throws {
        let givenName = try await people.find(id: caller.personID, on: connection)?.givenName ?? ""
        let message = AccountMessage.passwordChanged(givenName: givenName, email: caller.email)
        _ = try await outbox.enqueue(
            kind: message.kind, person: caller.personID, recipient: caller.email, subject: message.subject, body: message.body,
            html: message.html, dedupeKey: dedupeKey, on: connection
        )
    }
}
