import App
import Core
import Database
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import PostgresNIO
import Testing
import TestSupport

/// Accounts administered through the API: invitations, one-time links, "forgot my password", changing one's own
/// password, roles and disabling — with real PostgreSQL, HTTP, Argon2 and the messages the outbox holds.
@Suite(.freshDatabase) struct AccountsAPITests {
    static let newPassword = "Zaļā-pļava-pie-upes-7"

    /// A person in the directory with no account yet.
    func person(_ given: String, email: String?) async throws -> UUID {
        let services = try await Services(database: try FreshDatabase.current.database)
        let court = try await services.directory.createOrganisation(
            OrganisationDraft(kind: "orphans_court", name: "Cēsu bāriņtiesa \(UUID().uuidString.prefix(6))", municipality: "Cēsis", region: "vidzeme"),
            by: .operator_("test")
        )
        return try await services.directory.createPerson(
            PersonDraft(givenName: given, familyName: "Kalniņa", email: email, position: "orphans_court_member", organisationID: court.id),
            by: .operator_("test")
        ).person.id
    }

    /// The newest message of `kind` to `recipient`: its body, and the link's token in it.
    func message(_ kind: String, to recipient: String) async throws -> (body: String, html: String?, token: String?) {
        let rows = try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(
                "SELECT body, html_body FROM notification_outbox WHERE kind = \(kind) AND recipient = \(recipient) ORDER BY id DESC LIMIT 1",
                logger: TestDatabase.logger
            ).decode((String, String?).self).reduce(into: []) { $0.append($1) }
        }
        let (body, html) = try #require(rows.first, "no \(kind) message to \(recipient)")
        let token = body.firstMatch(of: /set-password\?token=([A-Za-z0-9_-]{43})/).map { String($0.1) }
        return (body, html, token)
    }

    func messages(_ kind: String, to recipient: String) async throws -> Int {
        try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(
                "SELECT count(*) FROM notification_outbox WHERE kind = \(kind) AND recipient = \(recipient)", logger: TestDatabase.logger
            ).collect()[0].decode(Int.self)
        }
    }

    func auditActions(subject: String) async throws -> [String] {
        try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(
                "SELECT action FROM audit_events WHERE subject_type = 'account' AND subject_id = \(subject.uppercased()) ORDER BY id",
                logger: TestDatabase.logger
            ).decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }

    func signIn(_ api: APIClient, _ email: String, _ password: String) async throws -> APIResponse {
        try await api.request(.post, "/v1/auth/login", json: try jsonBody(["email": email, "password": password]))
    }

    func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.")
        return fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    func postPage(_ api: APIClient, _ fields: [String: String]) async throws -> APIResponse {
        try await api.request(.post, "/set-password", json: form(fields), contentType: "application/x-www-form-urlencoded")
    }

    @Test func anInvitedPersonSetsAPasswordFromTheLinkOnThePageAndSignsIn() async throws {
        try await withAPI(configure: { $0.issuer = .init(publicURL: "https://pilnveide.example.lv") }) { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            let personID = try await person("Līva", email: "liva.kalnina@example.lv")
            let created = try await api.request(
                .post, "/v1/accounts", token: admin,
                json: try jsonBody(["personId": personID.lowercasedString, "roles": ["trainer"]])
            )
            #expect(created.status == .created, "\(created.text)")
            #expect(created["status"] == "invited")
            #expect(created["email"] == "liva.kalnina@example.lv")
            #expect(try created.json["roles"] as? [String] == ["participant", "trainer"])
            #expect(!created.text.contains("token"))
            let accountID = try #require(created["id"])

            // Nothing signs in to an invited account.
            try await signIn(api, "liva.kalnina@example.lv", Self.newPassword).expectProblem(.unauthorized, type: "unauthenticated")

            let invitation = try await message("account.invitation", to: "liva.kalnina@example.lv")
            let token = try #require(invitation.token)
            #expect(invitation.body.contains("https://pilnveide.example.lv/set-password?token=\(token)"))
            #expect(invitation.body.hasPrefix("Labdien, Līva!"))
            #expect(invitation.body.contains("Hello Līva,"))
            #expect(invitation.body.range(of: "Labdien")!.lowerBound < invitation.body.range(of: "Hello")!.lowerBound)
            #expect(invitation.html?.contains("<a href=\"https://pilnveide.example.lv/set-password?token=\(token)\">") == true)

            // The page, in Latvian by default and in English when asked; no script, no referrer.
            let page = try await api.request(.get, "/set-password?token=\(token)")
            #expect(page.status == .ok)
            #expect(page.text.contains("<html lang=\"lv\">") && page.text.contains("Paroles izvēle"))
            #expect(page.text.contains("liva.kalnina@example.lv"))
            #expect(!page.text.contains("<script"))
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(page.headers[.contentSecurityPolicy]?.contains("form-action 'self'") == true)
            #expect(page.headers[.cacheControl] == "no-store")
            let english = try await api.request(.get, "/set-password?token=\(token)", headers: [.acceptLanguage: "en-GB, lv;q=0.5"])
            #expect(english.text.contains("<html lang=\"en\">") && english.text.contains("Choose your password"))
            #expect(try await api.request(.get, "/set-password?token=\(token)&lang=en").text.contains("Choose your password"))

            // A weak password and a mismatch are shown on the form, in the page's language; the link stays open.
            let weak = try await postPage(api, ["token": token, "password": "parole123456", "confirmation": "parole123456", "lang": "lv"])
            #expect(weak.status == .unprocessableContent)
            #expect(weak.text.contains("visbiežāk lietotajām parolēm"))
            let differ = try await postPage(api, ["token": token, "password": Self.newPassword, "confirmation": "cits", "lang": "en"])
            #expect(differ.text.contains("The two passwords differ."))
            let named = try await postPage(api, ["token": token, "password": "liva.kalnina-2026", "confirmation": "liva.kalnina-2026", "lang": "en"])
            #expect(named.text.contains("must not contain the name part of the e-mail address"))

            let done = try await postPage(api, ["token": token, "password": Self.newPassword, "confirmation": Self.newPassword, "lang": "lv"])
            #expect(done.status == .ok, "\(done.text)")
            #expect(done.text.contains("Parole saglabāta"))
            let signedIn = try await signIn(api, "liva.kalnina@example.lv", Self.newPassword)
            #expect(signedIn.status == .ok, "\(signedIn.text)")
            let me = try await api.request(.get, "/v1/me", token: signedIn["token"])
            #expect(try me.json["roles"] as? [String] == ["participant", "trainer"])
            #expect(try await api.request(.get, "/v1/accounts/\(accountID)", token: admin)["status"] == "active")
            // No more roles than the document allows, even the same one named again and again (found by fuzzing).
            try await api.request(.put, "/v1/accounts/\(accountID)/roles", token: admin,
                                  json: try jsonBody(["roles": Array(repeating: "participant", count: 6)]))
                .expectProblem(.unprocessableContent, type: "validation")

            // Used once: the page and the API refuse it again.
            #expect(try await api.request(.get, "/set-password?token=\(token)").status == .notFound)
            let again = try await postPage(api, ["token": token, "password": "Vēl-cita-parole-88", "confirmation": "Vēl-cita-parole-88"])
            #expect(again.status == .notFound)
            #expect(again.text.contains("Saite vairs nav derīga"))
            let viaAPI = try await api.request(.post, "/v1/auth/set-password", json: try jsonBody(["token": token, "password": "Vēl-cita-parole-88"]))
            try viaAPI.expectProblem(.unprocessableContent, type: "validation")
            #expect(try viaAPI.json["errors"].map { "\($0)" }?.contains("token") == true)
            #expect(try await signIn(api, "liva.kalnina@example.lv", Self.newPassword).status == .ok)

            #expect(try await auditActions(subject: accountID) == ["account.created", "account.password_set"])
        }
    }

    @Test func theAPISetsAPasswordWithALinkAndRefusesItTwiceOrExpired() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            let personID = try await person("Dace", email: nil)
            // The person has no address in the directory: the invitation needs one.
            let missing = try await api.request(.post, "/v1/accounts", token: admin, json: try jsonBody(["personId": personID.lowercasedString]))
            try missing.expectProblem(.unprocessableContent, type: "validation")
            let created = try await api.request(
                .post, "/v1/accounts", token: admin, json: try jsonBody(["personId": personID.lowercasedString, "email": "Dace.K@example.lv"])
            )
            #expect(created.status == .created, "\(created.text)")
            #expect(created["email"] == "dace.k@example.lv")
            let again = try await api.request(
                .post, "/v1/accounts", token: admin, json: try jsonBody(["personId": personID.lowercasedString, "email": "cita@example.lv"])
            )
            try again.expectProblem(.conflict, type: "conflict")

            let token = try #require(try await message("account.invitation", to: "dace.k@example.lv").token)
            let set = try await api.request(.post, "/v1/auth/set-password", json: try jsonBody(["token": token, "password": Self.newPassword]))
            #expect(set.status == .noContent, "\(set.text)")
            #expect(try await signIn(api, "dace.k@example.lv", Self.newPassword).status == .ok)
            try await api.request(.post, "/v1/auth/set-password", json: try jsonBody(["token": token, "password": "Cita-zaļa-pļava-8"]))
                .expectProblem(.unprocessableContent, type: "validation")

            // A reset link whose 72 hours are over.
            #expect(try await api.request(.post, "/v1/auth/password-reset", json: #"{"email": "dace.k@example.lv"}"#).status == .accepted)
            let reset = try #require(try await message("account.password_reset", to: "dace.k@example.lv").token)
            _ = try await FreshDatabase.current.database.withConnection { connection in
                try await connection.query(
                    """
                    UPDATE account_links SET created_at = now() - interval '73 hours', expires_at = now() - interval '1 hour'
                    WHERE secret_hash = \(ByteBuffer(bytes: OneTimeLink.hash(of: reset)))
                    """,
                    logger: TestDatabase.logger
                )
            }
            #expect(try await api.request(.get, "/set-password?token=\(reset)").status == .notFound)
            try await api.request(.post, "/v1/auth/set-password", json: try jsonBody(["token": reset, "password": "Cita-zaļa-pļava-8"]))
                .expectProblem(.unprocessableContent, type: "validation")
            #expect(try await signIn(api, "dace.k@example.lv", Self.newPassword).status == .ok)
        }
    }

    @Test func aResetForAnUnknownAddressGetsTheSameAnswerInTheSameTime() async throws {
        try await withAPI { api, fixture in
            let clock = ContinuousClock()
            func timed(_ email: String) async throws -> (APIResponse, Duration) {
                let started = clock.now
                let response = try await api.request(.post, "/v1/auth/password-reset", json: try jsonBody(["email": email]))
                return (response, clock.now - started)
            }
            var known: [Duration] = []
            var unknown: [Duration] = []
            for index in 0..<5 {
                let (a, ta) = try await timed(fixture.memberA.email)
                let (b, tb) = try await timed("neviens-\(index)@example.lv")
                #expect(a.status == .accepted && b.status == .accepted)
                #expect(a.text == b.text)
                #expect(a.headers[.contentType] == b.headers[.contentType])
                known.append(ta)
                unknown.append(tb)
            }
            // Both padded to the policy's half second; coarsely the same: the quickest of each within a second (the
            // quickest, since a busy machine only ever adds time, to either; a full test run on two cores adds plenty).
            #expect(known.allSatisfy { $0 >= .milliseconds(500) } && unknown.allSatisfy { $0 >= .milliseconds(500) })
            let quickest = { (values: [Duration]) in values.min()! }
            let gap = quickest(known) > quickest(unknown) ? quickest(known) - quickest(unknown) : quickest(unknown) - quickest(known)
            #expect(gap < .seconds(1), "known \(known), unknown \(unknown)")
            #expect(try await messages("account.password_reset", to: fixture.memberA.email) == 5)
            #expect(try await messages("account.password_reset", to: "neviens-0@example.lv") == 0)
            // Only the newest link works.
            let newest = try #require(try await message("account.password_reset", to: fixture.memberA.email).token)
            #expect(try await api.request(.get, "/set-password?token=\(newest)").status == .ok)
            let actions = try await auditActions(subject: fixture.memberA.accountID.uuidString)
            #expect(actions.filter { $0 == "account.password_reset_sent" }.count == 5)

            // A reset by link ends every sign-in and sends the notice.
            let before = try await api.token(for: fixture.memberA)
            #expect(try await api.request(.post, "/v1/auth/set-password", json: try jsonBody(["token": newest, "password": Self.newPassword])).status == .noContent)
            try await api.request(.get, "/v1/me", token: before).expectProblem(.unauthorized, type: "unauthenticated")
            #expect(try await messages("account.password_changed", to: fixture.memberA.email) == 1)
        }
    }

    @Test func resetsAreLimitedPerAddressAndPerNetwork() async throws {
        try await withAPI(configure: {
            // Buckets of this test's own: the suite's other tests ask for resets from this address too.
            $0.passwordResets.perEmail = .init(bucket: "password-reset-email-limits", requests: 2, window: .seconds(3600))
            $0.passwordResets.perNetwork = .init(bucket: "password-reset-network-limits", requests: 4, window: .seconds(3600))
            $0.passwordResets.answerTakes = .milliseconds(50)
        }) { api, fixture in
            for _ in 0..<2 {
                #expect(try await api.request(.post, "/v1/auth/password-reset", json: try jsonBody(["email": fixture.memberB.email])).status == .accepted)
            }
            let limited = try await api.request(.post, "/v1/auth/password-reset", json: try jsonBody(["email": fixture.memberB.email]))
            try limited.expectProblem(.tooManyRequests, type: "rate-limited")
            #expect(limited.headers[.retryAfter].flatMap { Int($0) }.map { (1...3600).contains($0) } == true)
            // An unknown address is limited alike: the refusal tells nothing.
            #expect(try await api.request(.post, "/v1/auth/password-reset", json: #"{"email": "nav@example.lv"}"#).status == .accepted)
            // Four from this network so far (three counted before the refusal, and that one): the network is spent.
            let network = try await api.request(.post, "/v1/auth/password-reset", json: #"{"email": "cits@example.lv"}"#)
            try network.expectProblem(.tooManyRequests, type: "rate-limited")
            #expect(network["detail"]?.contains("network") == true)
            #expect(try await messages("account.password_reset", to: fixture.memberB.email) == 2)
        }
    }

    @Test func aDisabledAccountsTokenIs401AtOnceHereAndOnAnotherServer() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            let token = try await api.token(for: fixture.trainer)
            #expect(try await api.request(.get, "/v1/me", token: token).status == .ok)

            // A second server process on the same database, which has the token's caller in its copies.
            let handle = try FreshDatabase.current
            let settings = AppSettings(host: "127.0.0.1", port: 0, database: handle.settings, migrationsDirectory: TestDatabase.migrationsDirectory)
            let other = try await buildApplication(settings, logger: TestDatabase.logger)
            try await other.test(.live) { client in
                let elsewhere = APIClient(client: client)
                for _ in 0..<3 { #expect(try await elsewhere.request(.get, "/v1/me", token: token).status == .ok) }

                let disabled = try await api.request(
                    .post, "/v1/accounts/\(fixture.trainer.accountID.lowercasedString)/disable", token: admin, json: #"{"reason": "aizgāja no darba"}"#
                )
                #expect(disabled.status == .ok, "\(disabled.text)")
                #expect(disabled["status"] == "disabled")
                try await api.request(.get, "/v1/me", token: token).expectProblem(.unauthorized, type: "unauthenticated")
                // The other process hears of it from the change feed, within moments.
                var refused = false
                for _ in 0..<200 where !refused {
                    refused = try await elsewhere.request(.get, "/v1/me", token: token).status == .unauthorized
                    if !refused { try await Task.sleep(for: .milliseconds(25)) }
                }
                #expect(refused)
            }
            try await signIn(api, fixture.trainer.email, DirectoryFixture.password).expectProblem(.unauthorized, type: "unauthenticated")
            // Its reset gets the same answer, and no link.
            #expect(try await api.request(.post, "/v1/auth/password-reset", json: try jsonBody(["email": fixture.trainer.email])).status == .accepted)
            #expect(try await messages("account.password_reset", to: fixture.trainer.email) == 0)

            let enabled = try await api.request(.post, "/v1/accounts/\(fixture.trainer.accountID.lowercasedString)/enable", token: admin)
            #expect(enabled["status"] == "active")
            try await api.request(.get, "/v1/me", token: token).expectProblem(.unauthorized, type: "unauthenticated")
            #expect(try await signIn(api, fixture.trainer.email, DirectoryFixture.password).status == .ok)
            #expect(try await auditActions(subject: fixture.trainer.accountID.uuidString).suffix(2) == ["account.disabled", "account.enabled"])
        }
    }

    @Test func rolesAreGivenAndTaken() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            let member = try await api.token(for: fixture.memberA)
            let path = "/v1/accounts/\(fixture.memberA.accountID.lowercasedString)/roles"
            let given = try await api.request(.put, path, token: admin, json: #"{"roles": ["inspectorate_officer", "trainer"]}"#)
            #expect(given.status == .ok, "\(given.text)")
            #expect(try given.json["roles"] as? [String] == ["inspectorate_officer", "participant", "trainer"])
            // The signed-in account has them from its next request.
            #expect(try await api.request(.get, "/v1/me", token: member).json["roles"] as? [String] == ["inspectorate_officer", "participant", "trainer"])
            let taken = try await api.request(.put, path, token: admin, json: #"{"roles": []}"#)
            #expect(try taken.json["roles"] as? [String] == ["participant"])

            // The suite's tests share a database: each has an administrator of its own.
            let tag = try #require(fixture.administrator.email.split(separator: "@").first?.split(separator: "-").last)
            let list = try await api.request(.get, "/v1/accounts?role=inspectorate_administrator&q=\(tag)", token: admin)
            #expect(try list.items.map { $0["email"] as? String } == [fixture.administrator.email])
            #expect(try list.items.first?["status"] as? String == "active")
            let query = try #require(fixture.memberA.email.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            #expect(try await api.request(.get, "/v1/accounts?q=\(query)", token: admin).json["total"] as? Int == 1)
            try await api.request(.get, "/v1/accounts/\(UUID().lowercasedString)", token: admin).expectProblem(.notFound, type: "not-found")

            let actions = try await auditActions(subject: fixture.memberA.accountID.uuidString)
            #expect(actions.filter { $0 == "account.roles_changed" }.count == 2)
        }
    }

    @Test func changingOnesOwnPasswordNeedsTheCurrentOneAndEndsEveryOtherToken() async throws {
        try await withAPI { api, fixture in
            let here = try await api.token(for: fixture.chairpersonA)
            let elsewhere = try await api.token(for: fixture.chairpersonA)
            let wrong = try await api.request(
                .post, "/v1/me/password", token: here, json: try jsonBody(["currentPassword": "Nepareiza-parole", "newPassword": Self.newPassword])
            )
            try wrong.expectProblem(.unprocessableContent, type: "validation")
            #expect(wrong.text.contains("currentPassword"))
            let weak = try await api.request(
                .post, "/v1/me/password", token: here, json: try jsonBody(["currentPassword": DirectoryFixture.password, "newPassword": "qwertyuiop123"])
            )
            #expect(weak.text.contains("newPassword"))
            #expect(try await messages("account.password_changed", to: fixture.chairpersonA.email) == 0)

            let changed = try await api.request(
                .post, "/v1/me/password", token: here, json: try jsonBody(["currentPassword": DirectoryFixture.password, "newPassword": Self.newPassword])
            )
            #expect(changed.status == .noContent, "\(changed.text)")
            #expect(try await api.request(.get, "/v1/me", token: here).status == .ok)
            try await api.request(.get, "/v1/me", token: elsewhere).expectProblem(.unauthorized, type: "unauthenticated")
            try await signIn(api, fixture.chairpersonA.email, DirectoryFixture.password).expectProblem(.unauthorized, type: "unauthenticated")
            #expect(try await signIn(api, fixture.chairpersonA.email, Self.newPassword).status == .ok)
            let notice = try await message("account.password_changed", to: fixture.chairpersonA.email)
            #expect(notice.body.hasPrefix("Labdien, Čaklā!") && notice.body.contains("has just been changed") && notice.token == nil)
            #expect(try await auditActions(subject: fixture.chairpersonA.accountID.uuidString).last == "account.password_changed")
        }
    }

    @Test func theRawTokenIsNeverLoggedNorReturned() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            let personID = try await person("Rūta", email: "ruta.kalnina@example.lv")
            let created = try await api.request(.post, "/v1/accounts", token: admin, json: try jsonBody(["personId": personID.lowercasedString]))
            let token = try #require(try await message("account.invitation", to: "ruta.kalnina@example.lv").token)
            #expect(!created.text.contains(token))
            // Only its hash is kept.
            let stored = try await FreshDatabase.current.database.withConnection { connection in
                try await connection.query("SELECT count(*) FROM account_links WHERE secret_hash = \(ByteBuffer(bytes: OneTimeLink.hash(of: token)))",
                                           logger: TestDatabase.logger).collect()[0].decode(Int.self)
            }
            #expect(stored == 1)
            let audit = try await api.request(.get, "/v1/audit?subjectType=account", token: admin)
            #expect(audit.status == .ok && !audit.text.contains(token))
        }
    }
}
