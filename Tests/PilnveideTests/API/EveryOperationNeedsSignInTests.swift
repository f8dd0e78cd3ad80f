import Foundation
import HTTPTypes
import Testing
import TestSupport
import Yams

/// Authentication is declared in the contract: every operation not marked `security: []` must refuse an
/// anonymous or invalid-token call with 401, whatever its body or parameters. Read from the served document,
/// so a new operation is covered the moment it is added.
@Suite(.freshDatabase) struct EveryOperationNeedsSignInTests {
    struct Operation: CustomStringConvertible {
        let method: HTTPRequest.Method
        let template: String
        let path: String
        var description: String { "\(method.rawValue) \(template)" }
    }

    @Test func everyProtectedOperationRefusesCallersWithoutAValidToken() async throws {
        try await withAPI { api, _ in
            let document = try await api.request(.get, "/openapi.yaml")
            #expect(document.status == .ok)
            let root = try #require(try Yams.load(yaml: document.text) as? [String: Any])
            let paths = try #require(root["paths"] as? [String: Any])
            var protected: [Operation] = []
            var open: [Operation] = []
            for (path, item) in paths {
                for (method, operation) in try #require(item as? [String: Any]) {
                    guard let operation = operation as? [String: Any],
                          let method = HTTPRequest.Method(method.uppercased()) else { continue }
                    // Path parameters get a well-formed id: the refusal must not depend on the record existing.
                    let concrete = path.replacingOccurrences(of: #"\{[^}]+\}"#, with: UUID().uuidString.lowercased(), options: .regularExpression)
                    let entry = Operation(method: method, template: path, path: concrete)
                    if let security = operation["security"] as? [Any], security.isEmpty { open.append(entry) } else { protected.append(entry) }
                }
            }
            // The public operations are exactly these; anything else added to the contract is protected.
            #expect(Set(open.map(\.description))
                    == ["GET /health", "GET /ready", "GET /openapi.yaml", "GET /metrics", "POST /v1/auth/login", "GET /calendar/{feed}",
                        // Certificates are verifiable by anyone: a number or link, a credential, the revocation list, the keys.
                        "GET /v1/verify/{reference}", "POST /v1/verify", "GET /v1/status-lists/{listId}", "GET /.well-known/did.json",
                        // "Forgot my password", and choosing one with a link's token (which authorises instead of a sign-in).
                        "POST /v1/auth/password-reset", "POST /v1/auth/set-password"])
            #expect(protected.count > 30)
            for operation in protected {
                for token in [nil, "not-a-token-anyone-issued"] as [String?] {
                    // A body that would fail validation, so a 401 proves sign-in is checked first.
                    let response = try await api.request(operation.method, operation.path, token: token, json: "{}")
                    #expect(response.status == .unauthorized, "\(operation) answered \(response.status) without a valid token")
                    try response.expectProblem(.unauthorized, type: "unauthenticated")
                }
            }
        }
    }
}
