import Foundation
import HTTPTypes
import Testing
import TestSupport

/// The service endpoints and how malformed requests are answered.
@Suite(.freshDatabase) struct ServiceAPITests {
    @Test func healthReadinessDocumentAndMetrics() async throws {
        try await withAPI { api, _ in
            #expect(try await api.request(.get, "/health")["status"] == "ok")
            #expect(try await api.request(.get, "/ready")["status"] == "ready")

            let document = try await api.request(.get, "/openapi.yaml")
            #expect(document.status == .ok)
            #expect(document.text.hasPrefix("openapi: 3.1.0"))
            #expect(document.text.contains("/v1/people/{personId}"))

            let metrics = try await api.request(.get, "/metrics")
            #expect(metrics.text.contains(#"http_requests_total{method="GET",route="/health",status="200"} 1"#))
            #expect(metrics.text.contains("http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("# HELP http_requests_total Requests answered, by method, route and status."))
        }
    }

    @Test func aMethodAKnownPathDoesNotDeclareIs405WithAllow() async throws {
        try await withAPI { api, fixture in
            let token = try await api.token(for: fixture.officer)
            for (method, path, allow) in [(HTTPRequest.Method.trace, "/v1/groups", "GET, POST"), (.delete, "/health", "GET"),
                                          (.put, "/v1/verify/BAC-2026-000001", "GET"), (.delete, "/verify/abc/print", "GET"),
                                          (.trace, "/v1/people/\(UUID())", "GET, PATCH")] {
                let response = try await api.request(method, path, token: token)
                try response.expectProblem(.methodNotAllowed, type: "method-not-allowed")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
            }
            // Without signing in too: the answer is about the method, not the caller.
            #expect(try await api.request(.trace, "/v1/groups").status == .methodNotAllowed)
            try await api.request(.get, "/v1/no-such-thing", token: token).expectProblem(.notFound, type: "not-found")
        }
    }

    @Test func malformedRequestsAreProblemsNot500s() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            // 400: not JSON at all
            try await api.request(.post, "/v1/organisations", token: admin, json: #"{"kind": "#)
                .expectProblem(.badRequest, type: "bad-request")
            // 415: JSON under the wrong content type
            try await api.request(.post, "/v1/organisations", token: admin, json: "name=x", contentType: "application/x-www-form-urlencoded")
                .expectProblem(.unsupportedMediaType, type: "unsupported-media-type")
            // 422: readable JSON, a required field missing and an enum value unknown
            let missing = try await api.request(.post, "/v1/organisations", token: admin, json: #"{"kind": "orphans_court"}"#)
            try missing.expectProblem(.unprocessableContent, type: "validation")
            #expect(try missing.json["errors"] as? [[String: String]] == [["field": "name", "detail": "is required"]])
            let unknownKind = try await api.request(.post, "/v1/organisations", token: admin, json: #"{"kind": "castle", "name": "X"}"#)
            try unknownKind.expectProblem(.unprocessableContent, type: "validation")
            // 404: no such route
            try await api.request(.get, "/v1/nothing-here", token: admin).expectProblem(.notFound, type: "not-found")
            // Login with an empty body is a 400, not a crash.
            try await api.request(.post, "/v1/auth/login", json: "").expectProblem(.badRequest, type: "bad-request")
        }
    }

    @Test func controlCharactersAndHugeBodiesAreRefusedNotStored() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            // PostgreSQL cannot store NUL; it must be a validation problem, not a 500.
            try await api.request(.post, "/v1/auth/login", json: #"{"email": "a\u0000b@example.lv", "password": "x"}"#)
                .expectProblem(.unprocessableContent, type: "validation")
            try await api.request(.post, "/v1/people", token: admin,
                                  json: #"{"givenName": "A\u0000", "familyName": "B", "position": "other"}"#)
                .expectProblem(.unprocessableContent, type: "validation")
            try await api.request(.get, "/v1/organisations?q=%00", token: admin)
                .expectProblem(.unprocessableContent, type: "validation")
            let huge = #"{"email": "\#(String(repeating: "a", count: 300_000))", "password": "x"}"#
            try await api.request(.post, "/v1/auth/login", json: huge)
                .expectProblem(.contentTooLarge, type: "content-too-large")
        }
    }
}
