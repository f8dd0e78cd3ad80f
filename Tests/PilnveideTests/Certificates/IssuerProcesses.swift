import Certificates
import Credentials
import Database
import Directory
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// Real `pilnveide-api` processes as verifiers and officers meet them: issuing through one, reading its DID document,
/// and checking a credential with nothing but a DID document (as a verifier elsewhere does).
enum IssuerProcesses {
    struct Response {
        let status: Int
        let data: Data
        let contentType: String?

        var text: String { String(decoding: data, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
    }

    static func request(_ server: ScaleOutTests.Server, _ method: String, _ path: String, token: String? = nil, body: String? = nil,
                        contentType: String = "application/json") async throws -> Response {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Response(status: http.statusCode, data: data, contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// Issues on an officer's say-so to `person` and returns the signed credential, as issued.
    static func issue(on server: ScaleOutTests.Server, token: String, to person: UUID, scheme: String) async throws -> String {
        let body = #"{"personId": "\#(person.uuidString.lowercased())", "schemeCode": "\#(scheme)", "overrideReason": "Atslēgu maiņas pārbaude"}"#
        let issued = try await request(server, "POST", "/v1/certificates", token: token, body: body)
        let number = try #require(issued.json["number"] as? String, "\(issued.status) \(issued.text)")
        let credential = try await request(server, "GET", "/v1/certificates/\(number)/credential", token: token)
        #expect(credential.status == 200, "\(credential.text)")
        return credential.text
    }

    static func document(of server: ScaleOutTests.Server) async throws -> [String: Any] {
        let response = try await request(server, "GET", "/.well-known/did.json")
        #expect(response.status == 200, "\(response.text)")
        return response.json
    }

    /// The key ids a DID document lists under assertionMethod.
    static func keyIDs(_ document: [String: Any]) -> [String] {
        ((document["assertionMethod"] as? [String]) ?? []).compactMap { $0.split(separator: "#").last.map(String.init) }
    }

    /// Whether the credential's proof verifies with the key the document publishes, resolved as a verifier does: the
    /// method listed under assertionMethod, controlled by the document's subject, which is the credential's issuer.
    static func verifies(_ credential: String, against document: [String: Any]) throws -> Bool {
        let value = try StrictJSONParser.parse(credential)
        let issuer = value["issuer"]?.stringValue ?? value["issuer"]?["id"]?.stringValue
        guard let did = document["id"] as? String, issuer == did else { return false }
        let methods = (document["verificationMethod"] as? [[String: Any]]) ?? []
        let asserted = Set((document["assertionMethod"] as? [String]) ?? [])
        let result = EddsaJcs2022.verify(value, now: Date()) { id in
            guard asserted.contains(id), let method = methods.first(where: { $0["id"] as? String == id }),
                  method["controller"] as? String == did, let multibase = method["publicKeyMultibase"] as? String
            else { return nil }
            return try? Multikey.publicKey(multibase)
        }
        if case .success = result { return true }
        return false
    }

    /// The key a credential was signed with (`key-N`).
    static func signingKey(_ credential: String) throws -> String? {
        try StrictJSONParser.parse(credential)["proof"]?["verificationMethod"]?.stringValue?.split(separator: "#").last.map(String.init)
    }

    /// What the server's own check says of the credential.
    static func serverVerifies(_ credential: String, on server: ScaleOutTests.Server) async throws -> Bool {
        let report = try await request(server, "POST", "/v1/verify", body: credential, contentType: "application/vc")
        return report.json["verified"] as? Bool == true
    }

    /// Holders for certificates issued on an officer's say-so.
    static func holders(_ count: Int, _ fixture: CertificateFixture) async throws -> [UUID] {
        var people: [UUID] = []
        for index in 0..<count {
            people.append(try await fixture.services.directory.createPerson(
                PersonDraft(givenName: "Turētājs\(index)", familyName: "Atslēga", position: "orphans_court_member",
                            organisationID: fixture.directory.courtA.id),
                by: CertificateFixture.op
            ).person.id)
        }
        return people
    }

    /// DATABASE_URL for a test database.
    static func url(_ settings: DatabaseSettings) -> String {
        "postgres://\(settings.username):\(settings.password ?? "")@\(settings.host):\(settings.port)/\(settings.database)"
    }
}
