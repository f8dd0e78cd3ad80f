import App
import Core
import Database
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport
import WebAPI

/// Runs `body` against the real API server (HTTP over loopback) on the suite's fresh database, with a
/// directory fixture in it.
func withAPI(
    configure: (inout AppSettings) -> Void = { _ in },
    _ body: @Sendable (APIClient, DirectoryFixture) async throws -> Void
) async throws {
    let handle = try FreshDatabase.current
    let fixture = try await DirectoryFixture.make(in: handle.database)
    var settings = AppSettings(
        host: "127.0.0.1", port: 0, database: handle.settings, migrationsDirectory: TestDatabase.migrationsDirectory
    )
    configure(&settings)
    let app = try await buildApplication(settings, logger: TestDatabase.logger)
    try await app.test(.live) { client in
        try await body(APIClient(client: client), fixture)
    }
}

/// A JSON response: status, headers and the body as a dictionary.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    var json: [String: any Sendable] {
        get throws {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            return try #require(object as? [String: any Sendable], "not a JSON object: \(text)")
        }
    }

    subscript(key: String) -> String? { (try? json)?[key] as? String }

    var items: [[String: any Sendable]] {
        get throws { try #require(try json["items"] as? [[String: any Sendable]]) }
    }

    /// Checks this is an RFC 9457 problem of `type` with `status`.
    func expectProblem(_ status: HTTPResponse.Status, type: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(self.status == status, "\(text)", sourceLocation: sourceLocation)
        #expect(headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let json = try self.json
        #expect(json["type"] as? String == "/problems/\(type)", sourceLocation: sourceLocation)
        #expect(json["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
        #expect((json["title"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect((json["detail"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol

    func request(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
        contentType: String = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, !contentType.isEmpty { headers[.contentType] = contentType }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }
        ) { response in
            APIResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Signs in with the fixture's password and returns the bearer token.
    func token(for caller: Caller, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let response = try await request(
            .post, "/v1/auth/login", json: #"{"email": "\#(caller.email)", "password": "\#(DirectoryFixture.password)"}"#
        )
        #expect(response.status == .ok, "\(response.text)", sourceLocation: sourceLocation)
        return try #require(response["token"])
    }
}

/// JSON text for a request body.
func jsonBody(_ object: [String: any Sendable]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
}
