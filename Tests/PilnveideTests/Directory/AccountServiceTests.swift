import App
import Core
import Database
import Directory
import Foundation
import Platform
import PostgresNIO
import Testing
import TestSupport

@Suite(.freshDatabase) struct AccountServiceTests {
    @Test func signingInIssuesATokenThatIdentifiesTheCaller() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database).accounts

        let signIn = try await accounts.signIn(email: fixture.memberA.email.uppercased(), password: DirectoryFixture.password, address: "10.0.0.1")
        #expect(signIn.caller == fixture.memberA)
        #expect(signIn.token.value.count >= 43)  // 256 bits, base64url
        #expect(try await accounts.authenticate(token: signIn.token.value) == fixture.memberA)
    }

    @Test func onlyTheTokensHashIsStored() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database).accounts
        let signIn = try await accounts.signIn(email: fixture.officer.email, password: DirectoryFixture.password, address: "10.0.0.2")
        let stored = try await database.withConnection { connection in
            try await connection.query(
                "SELECT token_hash FROM access_tokens WHERE account_id = \(fixture.officer.accountID)",
                logger: TestDatabase.logger
            ).collect().map { try $0.decode(ByteBuffer.self) }
        }
        #expect(stored == [ByteBuffer(bytes: signIn.token.hash)])
        #expect(!stored.contains(ByteBuffer(string: signIn.token.value)))
    }

    @Test func aWrongPasswordAndAnUnknownEmailFailAlike() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database).accounts
        let expected = ServiceError.unauthenticated("the e-mail address or the password is wrong")
        await #expect(throws: expected) {
            try await accounts.signIn(email: fixture.memberA.email, password: "Nepareiza-parole", address: "10.0.0.3")
        }
        await #expect(throws: expected) {
            try await accounts.signIn(email: "nobody-\(UUID())@example.lv", password: "Nepareiza-parole", address: "10.0.0.3")
        }
    }

    @Test func anExpiredTokenNoLongerAuthenticates() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database, accountPolicy: .init(tokenLifetime: .seconds(3600))).accounts
        // Signed in nine hours ago with a one-hour token.
        let signIn = try await accounts.signIn(
            email: fixture.memberB.email, password: DirectoryFixture.password, address: "10.0.0.4",
            now: Date().addingTimeInterval(-9 * 3600)
        )
        #expect(signIn.expiresAt < Date())
        #expect(try await accounts.authenticate(token: signIn.token.value) == nil)
    }

    @Test func signingOutRevokesTheToken() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database).accounts
        let signIn = try await accounts.signIn(email: fixture.trainer.email, password: DirectoryFixture.password, address: "10.0.0.5")
        #expect(try await accounts.signOut(token: signIn.token.value))
        #expect(try await accounts.authenticate(token: signIn.token.value) == nil)
        #expect(try await !accounts.signOut(token: signIn.token.value))
    }

    @Test func repeatedFailuresLockTheEmailAndSaySoUntilTheWindowPasses() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database).accounts
        let email = fixture.chairpersonA.email
        for _ in 0..<SignInThrottle().maximumFailuresPerEmail {
            await #expect(throws: ServiceError.self) {
                try await accounts.signIn(email: email, password: "Nepareiza-parole", address: "10.0.1.\(Int.random(in: 1...200))")
            }
        }
        // Now even the right password is refused, with the reason and the time to retry.
        await #expect {
            try await accounts.signIn(email: email, password: DirectoryFixture.password, address: "10.0.0.6")
        } throws: { error in
            guard case ServiceError.signInLocked(let until, let reason) = error else { return false }
            return until > Date() && until <= Date().addingTimeInterval(15 * 60) && reason.contains("too many failed sign-ins")
        }
        // Attempts refused while locked are not failures: retrying does not push the end of the lock on.
        for _ in 0..<3 {
            await #expect(throws: ServiceError.self) {
                try await accounts.signIn(email: email, password: DirectoryFixture.password, address: "10.0.0.6")
            }
        }
        let failures = try await database.withConnection { connection in
            try await connection.query("SELECT count(*)::int FROM sign_in_attempts WHERE email = \(email) AND NOT succeeded",
                                       logger: TestDatabase.logger).collect()[0].decode(Int.self)
        }
        #expect(failures == SignInThrottle().maximumFailuresPerEmail)
        // Once the failures are older than the window, the right password works again.
        let later = Date().addingTimeInterval(16 * 60)
        let signIn = try await accounts.signIn(email: email, password: DirectoryFixture.password, address: "10.0.0.6", now: later)
        #expect(signIn.caller == fixture.chairpersonA)
    }

    @Test func concurrentGuessesCannotSlipPastTheLimit() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database).accounts
        let email = fixture.officer.email
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<12 {
                group.addTask {
                    do {
                        _ = try await accounts.signIn(email: email, password: "Minējums-\(index)", address: "10.9.0.\(index)")
                        return "signed in"
                    } catch ServiceError.unauthenticated {
                        return "checked"
                    } catch ServiceError.signInLocked {
                        return "locked"
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        // At most the limit of guesses is ever checked against the password, however many arrive at once.
        #expect(outcomes.filter { $0 == "checked" }.count <= SignInThrottle().maximumFailuresPerEmail)
        #expect(outcomes.filter { $0 == "locked" }.count >= 12 - SignInThrottle().maximumFailuresPerEmail)
        #expect(!outcomes.contains("signed in"))
    }

    /// Many colleagues share an address behind NAT: one person guessing slows that address down, and the right
    /// password from it still signs in. (Short delays here; the defaults are unit-tested.)
    @Test func manyFailuresFromOneAddressSlowItDownButTheRightPasswordStillSignsIn() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        var throttle = SignInThrottle()
        throttle.addressFailuresBeforeSlowing = 3
        throttle.firstAddressDelay = .milliseconds(20)
        throttle.longestAddressDelay = .milliseconds(40)
        let accounts = try await Services(database: database, accountPolicy: .init(signInThrottle: throttle)).accounts
        for index in 0..<25 {
            await #expect(throws: ServiceError.unauthenticated("the e-mail address or the password is wrong")) {
                try await accounts.signIn(email: "guess-\(index)@example.lv", password: "Nepareiza-parole", address: "10.8.8.8")
            }
        }
        let clock = ContinuousClock()
        let started = clock.now
        let signIn = try await accounts.signIn(email: fixture.trainer.email, password: DirectoryFixture.password, address: "10.8.8.8")
        #expect(signIn.caller.accountID == fixture.trainer.accountID)
        // It waited its turn: at least the longest delay (a lower bound, so a slow machine cannot fail it).
        #expect(clock.now - started >= .milliseconds(40))
    }

    @Test func settingAPasswordRevokesEarlierSignIns() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database).accounts
        let before = try await accounts.signIn(email: fixture.memberA.email, password: DirectoryFixture.password, address: "10.0.0.7")
        try await accounts.setPassword(email: fixture.memberA.email, password: "Jauna-parole-2026", by: .operator_("test"))
        #expect(try await accounts.authenticate(token: before.token.value) == nil)
        await #expect(throws: ServiceError.self) {
            try await accounts.signIn(email: fixture.memberA.email, password: DirectoryFixture.password, address: "10.0.0.7")
        }
        _ = try await accounts.signIn(email: fixture.memberA.email, password: "Jauna-parole-2026", address: "10.0.0.7")
    }

    @Test func aSecondAccountForThePersonOrTheEmailIsAConflict() async throws {
        let database = try FreshDatabase.current.database
        let fixture = try await DirectoryFixture.make(in: database)
        let accounts = try await Services(database: database).accounts
        await #expect(throws: ServiceError.conflict("this person already has an account")) {
            try await accounts.createAccount(
                email: "other-\(UUID())@example.lv", personID: fixture.memberA.personID, roles: [],
                password: DirectoryFixture.password, by: .operator_("test")
            )
        }
    }

    @Test func theFirstAdministratorIsCreatedOnce() async throws {
        let settings = try await TestDatabase.createMigrated()
        try await Database.withDatabase(settings, logger: TestDatabase.logger) { database in
            let accounts = try await Services(database: database).accounts
            let first = try await accounts.createFirstAdministrator(
                email: "admin@example.lv", password: DirectoryFixture.password,
                inspectorateName: "Bērnu aizsardzības centrs", by: .operator_("test")
            )
            #expect(first?.roles == [.inspectorateAdministrator, .participant])
            let second = try await accounts.createFirstAdministrator(
                email: "admin2@example.lv", password: DirectoryFixture.password,
                inspectorateName: "Bērnu aizsardzības centrs", by: .operator_("test")
            )
            #expect(second == nil)
        }
        await TestDatabase.drop(settings)
    }

    @Test func theLastEnabledAdministratorKeepsTheRoleAndCannotBeDisabled() async throws {
        let settings = try await TestDatabase.createMigrated()
        do {
            try await Database.withDatabase(settings, logger: TestDatabase.logger) { database in
                let accounts = try await Services(database: database).accounts
                let first = try #require(try await accounts.createFirstAdministrator(
                    email: "admin@example.lv", password: DirectoryFixture.password, inspectorateName: "Bērnu aizsardzības centrs", by: .operator_("test")
                ))
                await #expect(throws: ServiceError.conflict("this is the last enabled inspectorate administrator; make another one first")) {
                    try await accounts.setRoles(accountID: first.accountID, roles: [.inspectorateOfficer], by: .caller(first))
                }
                await #expect(throws: ServiceError.conflict("this is the last enabled inspectorate administrator; make another one first")) {
                    try await accounts.disable(accountID: first.accountID, reason: nil, by: .caller(first))
                }
                // With a second administrator, the first may step down.
                let second = try await accounts.invite(personID: try await secondPerson(database), email: "admin2@example.lv",
                                                       roles: [.inspectorateAdministrator], by: .caller(first))
                #expect(second.status == .invited)
                let stepped = try await accounts.setRoles(accountID: first.accountID, roles: [], by: .caller(first))
                #expect(stepped.roles == [.participant])
                // A participant administers nothing.
                let participant = try #require(try await database.withConnection { try await AccountStore(logger: TestDatabase.logger).caller(accountID: first.accountID, on: $0) })
                await #expect(throws: ServiceError.forbidden("accounts are administered by inspectorate administrators")) {
                    try await accounts.disable(accountID: second.id, reason: nil, by: .caller(participant))
                }
            }
        } catch {
            await TestDatabase.drop(settings)
            throw error
        }
        await TestDatabase.drop(settings)
    }

    func secondPerson(_ database: Database) async throws -> UUID {
        let directory = try await Services(database: database).directory
        let inspectorate = try await directory.createOrganisation(
            OrganisationDraft(kind: "inspectorate", name: "Inspekcija \(UUID().uuidString.prefix(6))", municipality: nil, region: nil), by: .operator_("test")
        )
        return try await directory.createPerson(
            PersonDraft(givenName: "Otrā", familyName: "Administratore", position: "inspectorate_specialist", organisationID: inspectorate.id),
            by: .operator_("test")
        ).person.id
    }
}
