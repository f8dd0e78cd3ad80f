import App
import Core
import Database
import Directory
import Foundation
import Platform
import PostgresNIO
import Testing
import TestSupport

/// A bearer token's caller comes from a copy while the feed listens: the copy never outlives the token, a sign-out
/// or password change here ends it at once, and a change made by another process (its own services, here) as soon
/// as the notification arrives.
@Suite(.freshDatabase) struct CallerCopiesTests {
    /// Services whose database listens for changes, as the API server's does, for the length of `body`.
    func listening(_ body: (Services) async throws -> Void) async throws {
        let shared = try FreshDatabase.current
        let feed = ChangeFeed()
        let services = try await Services(database: Database(client: shared.database.client, logger: TestDatabase.logger, changes: feed))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await feed.run(shared.settings, logger: TestDatabase.logger, retryDelay: .milliseconds(50)) }
            defer { group.cancelAll() }
            for _ in 0..<200 where feed.generation(of: "people") == nil { try await Task.sleep(for: .milliseconds(25)) }
            try #require(feed.generation(of: "people") != nil)
            try await body(services)
        }
    }

    /// Asks until `condition` holds of the token's caller, for up to five seconds.
    func eventually(_ services: Services, _ token: String, _ condition: (Caller?) -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if condition(try await services.accounts.authenticate(token: token)) { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    func signIn(_ services: Services, _ caller: Caller) async throws -> String {
        try await services.accounts.signIn(email: caller.email, password: DirectoryFixture.password, address: "192.0.2.7").token.value
    }

    @Test func aCopyNeverOutlivesItsToken() async throws {
        try await listening { services in
            let fixture = try await DirectoryFixture.make(in: FreshDatabase.current.database)
            let token = try await signIn(services, fixture.memberA)
            #expect(try await services.accounts.authenticate(token: token)?.accountID == fixture.memberA.accountID)
            #expect(try await services.accounts.authenticate(token: token, now: Date().addingTimeInterval(9 * 3600)) == nil)
        }
    }

    @Test func signingOutHereEndsTheCopyAtOnce() async throws {
        try await listening { services in
            let fixture = try await DirectoryFixture.make(in: FreshDatabase.current.database)
            let token = try await signIn(services, fixture.memberA)
            #expect(try await services.accounts.authenticate(token: token) != nil)
            try await services.accounts.signOut(token: token)
            #expect(try await services.accounts.authenticate(token: token) == nil)
        }
    }

    @Test func changesMadeElsewhereReachTheCopies() async throws {
        try await listening { services in
            let database = try FreshDatabase.current.database
            let fixture = try await DirectoryFixture.make(in: database)
            let elsewhere = try await Services(database: database)
            let member = try await signIn(services, fixture.memberA)
            let chair = try await signIn(services, fixture.chairpersonA)
            #expect(try await services.accounts.authenticate(token: member)?.roles.contains(.inspectorateOfficer) == false)
            #expect(try await services.accounts.authenticate(token: chair) != nil)

            // A role granted in SQL, as an operator might.
            try await database.withConnection { connection in
                try await connection.query(
                    "INSERT INTO account_roles (account_id, role) VALUES (\(fixture.memberA.accountID), 'inspectorate_officer')", logger: TestDatabase.logger
                )
            }
            #expect(try await eventually(services, member) { $0?.roles.contains(.inspectorateOfficer) == true })
            // Signed out by another server; a new password set by the CLI signs the account out everywhere.
            try await elsewhere.accounts.signOut(token: member)
            #expect(try await eventually(services, member) { $0 == nil })
            try await elsewhere.accounts.setPassword(email: fixture.chairpersonA.email, password: "Cita-pareiza-parole-2", by: .operator_("test"))
            #expect(try await eventually(services, chair) { $0 == nil })
        }
    }
}
