import Core
import Directory
import Foundation
import HTTPTypes
import PostgresNIO
import Testing
import TestSupport

@Suite(.freshDatabase) struct AuthenticationAPITests {
    @Test func signInThenMeThenLogout() async throws {
        try await withAPI { api, fixture in
            let login = try await api.request(
                .post, "/v1/auth/login", json: #"{"email": "\#(fixture.chairpersonA.email)", "password": "\#(DirectoryFixture.password)"}"#
            )
            #expect(login.status == .ok)
            #expect(login["tokenType"] == "Bearer")
            #expect(login["expiresAt"] != nil)
            #expect(!login.text.contains(DirectoryFixture.password))
            let token = try #require(login["token"])

            let me = try await api.request(.get, "/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(try me.json["roles"] as? [String] == ["orphans_court_chairperson", "participant"])
            let person = try #require(try me.json["person"] as? [String: any Sendable])
            #expect(person["givenName"] as? String == "Čaklā")

            #expect(try await api.request(.post, "/v1/auth/logout", token: token).status == .noContent)
            try await api.request(.get, "/v1/me", token: token).expectProblem(.unauthorized, type: "unauthenticated")
        }
    }

    @Test func wrongCredentialsAreA401AndRepeatedFailuresA429WithRetryAfter() async throws {
        try await withAPI { api, fixture in
            let wrong = #"{"email": "\#(fixture.memberB.email)", "password": "Nepareiza-parole"}"#
            for _ in 0..<5 {
                try await api.request(.post, "/v1/auth/login", json: wrong).expectProblem(.unauthorized, type: "unauthenticated")
            }
            let locked = try await api.request(
                .post, "/v1/auth/login", json: #"{"email": "\#(fixture.memberB.email)", "password": "\#(DirectoryFixture.password)"}"#
            )
            try locked.expectProblem(.tooManyRequests, type: "sign-in-locked")
            let retryAfter = try #require(locked.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...900).contains(retryAfter))
            #expect(locked["detail"]?.contains("try again after") == true)
        }
    }

    @Test func forwardedAddressesCountOnlyFromTrustedProxies() async throws {
        let forwardedFor = HTTPField.Name("X-Forwarded-For")!
        @Sendable func addresses(of prefix: String) async throws -> [String] {
            try await FreshDatabase.current.database.withConnection { connection in
                try await connection.query("SELECT DISTINCT address FROM sign_in_attempts WHERE email LIKE \(prefix + "%")", logger: TestDatabase.logger)
                    .decode(String.self).reduce(into: []) { $0.append($1) }
            }
        }
        // The tests' client connects from 127.0.0.1, trusted here as if it were the reverse proxy.
        try await withAPI(configure: { $0.trustedProxies = ["127.0.0.1"] }) { api, fixture in
            for index in 0..<3 {
                let failed = try await api.request(.post, "/v1/auth/login", json: #"{"email": "trusted\#(index)@example.lv", "password": "nepareizi-nepareizi"}"#,
                                                   headers: [forwardedFor: "192.0.2.7"])
                #expect(failed.status == .unauthorized)
            }
            #expect(try await addresses(of: "trusted") == ["192.0.2.7"])
            let signedIn = try await api.request(
                .post, "/v1/auth/login", json: #"{"email": "\#(fixture.memberA.email)", "password": "\#(DirectoryFixture.password)"}"#,
                headers: [forwardedFor: "192.0.2.7"]
            )
            #expect(signedIn.status == .ok)
        }
        // Not trusted: the header is ignored and the peer's address counts.
        try await withAPI { api, _ in
            _ = try await api.request(.post, "/v1/auth/login", json: #"{"email": "direct@example.lv", "password": "nepareizi-nepareizi"}"#,
                                      headers: [forwardedFor: "192.0.2.7"])
            #expect(try await addresses(of: "direct") == ["127.0.0.1"])
        }
    }

    @Test func requestsWithoutOrWithABadTokenAre401() async throws {
        try await withAPI { api, _ in
            let missing = try await api.request(.get, "/v1/me")
            try missing.expectProblem(.unauthorized, type: "unauthenticated")
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            let bad = try await api.request(.get, "/v1/organisations", token: "not-a-real-token")
            try bad.expectProblem(.unauthorized, type: "unauthenticated")
            #expect(bad["detail"]?.contains("unknown, expired or revoked") == true)
        }
    }

    @Test func anExpiredTokenIsRefused() async throws {
        try await withAPI(configure: { $0.tokenLifetime = .milliseconds(1) }) { api, fixture in
            let token = try await api.token(for: fixture.officer)
            try await Task.sleep(for: .milliseconds(20))
            try await api.request(.get, "/v1/me", token: token).expectProblem(.unauthorized, type: "unauthenticated")
        }
    }

    @Test func everyResponseCarriesARequestIdAndASaneOneIsKept() async throws {
        try await withAPI { api, _ in
            let generated = try await api.request(.get, "/health")
            #expect(generated.headers[HTTPField.Name("X-Request-Id")!]?.count == 36)
            let kept = try await api.request(.get, "/v1/me", headers: [HTTPField.Name("X-Request-Id")!: "trace-123"])
            #expect(kept.headers[HTTPField.Name("X-Request-Id")!] == "trace-123")
            #expect(kept["requestId"] == "trace-123")
            let replaced = try await api.request(.get, "/health", headers: [HTTPField.Name("X-Request-Id")!: "bad id\twith tab"])
            #expect(replaced.headers[HTTPField.Name("X-Request-Id")!] != "bad id\twith tab")
        }
    }
}
