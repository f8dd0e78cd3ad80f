import Foundation
import HTTPTypes
import Testing
import TestSupport

/// Each input the contract fuzzing (ContractFuzzTests) ever found answered against the document, kept as
/// a test of its own so it stays fixed whatever the fuzzer's seed reaches.
@Suite(.freshDatabase) struct ContractRegressionTests {
    @Test func integersBeyondTheDocumentsBoundsAreRefusedNotOverflowed() async throws {
        try await withAPI { api, directory in
            let admin = try await api.token(for: directory.administrator)
            // Once a 500-capacity field's overflow of Int was "not valid JSON"; now any such number is 400.
            let group = #"{"code": "X", "courseCode": "A", "courseVersion": 1, "region": "riga", "leadTrainerId": "\#(UUID())", "capacity": 20, "minimumParticipants": 7445266014300427780096}"#
            try await api.request(.post, "/v1/groups", token: admin, json: group).expectProblem(.badRequest, type: "bad-request")
            try await api.request(.get, "/v1/people?offset=1000000001", token: admin).expectProblem(.unprocessableContent, type: "validation")
            try await api.request(.get, "/v1/people?offset=36361776334595346432", token: admin).expectProblem(.badRequest, type: "bad-request")
            #expect(try await api.request(.get, "/v1/people?offset=1000000000", token: admin).status == .ok)
            // A course version beyond the column's range once stopped the server (converting it for the prepared
            // lookup); there is no such version.
            let officer = try await api.token(for: directory.officer)
            let grant = #"{"personId": "\#(directory.memberB.personID)", "courseCode": "ANO-BTK", "fromVersion": 2147483648, "reason": "pieredze"}"#
            try await api.request(.post, "/v1/qualifications", token: officer, json: grant).expectProblem(.notFound, type: "not-found")
            try await api.request(.get, "/v1/courses/ANO-BTK/versions/2147483648", token: admin).expectProblem(.notFound, type: "not-found")
        }
    }

    @Test func filtersAndReferencesLongerThanTheDocumentSaysAreRefused() async throws {
        try await withAPI { api, directory in
            let admin = try await api.token(for: directory.administrator)
            let long = String(repeating: "0", count: 65)
            let summary = try await api.request(.get, "/v1/certification/national/summary?schemeCode=\(long)", token: admin)
            try summary.expectProblem(.unprocessableContent, type: "validation")
            try await api.request(.get, "/v1/reports/training-summary?courseCode=\(long)", token: admin).expectProblem(.unprocessableContent, type: "validation")
            try await api.request(.get, "/v1/verify/\(String(repeating: "0", count: 41))").expectProblem(.unprocessableContent, type: "validation")
            let forty = try await api.request(.get, "/v1/verify/\(String(repeating: "0", count: 40))")
            #expect(forty.status == .ok && forty["answer"] == "unknown", "\(forty.text)")
            try await api.request(.get, "/v1/people?q=a%01b", token: admin).expectProblem(.unprocessableContent, type: "validation")
        }
    }

    /// `GET /v1/groups?course=` with a NUL once reached PostgreSQL, which cannot store it, and was answered
    /// "cannot be stored (SQLSTATE 22021)". A parameter has the rules a body's text has: a validation problem
    /// naming it, whether it comes in the query, the path or a header.
    @Test func controlCharactersInAParameterAreRefusedNamingItBeforeTheDatabase() async throws {
        try await withAPI { api, directory in
            let admin = try await api.token(for: directory.administrator)
            func expectRefused(_ response: APIResponse, naming parameter: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
                try response.expectProblem(.unprocessableContent, type: "validation", sourceLocation: sourceLocation)
                let errors = try #require(try response.json["errors"] as? [[String: Any]], sourceLocation: sourceLocation)
                #expect(errors.first?["field"] as? String == parameter, "\(response.text)", sourceLocation: sourceLocation)
                #expect(response["detail"] == "\(parameter): must not contain control characters", sourceLocation: sourceLocation)
            }
            try expectRefused(try await api.request(.get, "/v1/groups?course=A%00B", token: admin), naming: "course")
            try expectRefused(try await api.request(.get, "/v1/audit?subjectId=%01", token: admin), naming: "subjectId")
            try expectRefused(try await api.request(.get, "/v1/courses/A%00B", token: admin), naming: "code")
            try expectRefused(try await api.request(.get, "/v1/certificates/BAC%C2%85", token: admin), naming: "number")
            // A tab, and C1 controls (here NEL), are legal inside an HTTP header, but not in this API's text.
            for etag in ["\"a\tb\"", "\"a\u{85}b\""] {
                var headers = HTTPFields()
                headers[.ifNoneMatch] = etag
                try expectRefused(try await api.request(.get, "/v1/status-lists/1", headers: headers), naming: "If-None-Match")
            }
            #expect(try await api.request(.get, "/v1/groups?course=ANO-BTK", token: admin).status == .ok)
            // A client writing Latin-1 sends U+0084, a control character, as the single byte 0x84, which is no UTF-8.
            var latin1 = HTTPFields()
            latin1.append(HTTPField(name: .acceptLanguage, lenientValue: [0x6C, 0x84]))
            let refused = try await api.request(.get, "/v1/me/certification", token: admin, headers: latin1)
            try refused.expectProblem(.unprocessableContent, type: "validation")
            #expect(refused["detail"] == "Accept-Language: must be UTF-8 text without control characters", "\(refused.text)")
            var english = HTTPFields()
            english[.acceptLanguage] = "en"
            #expect(try await api.request(.get, "/v1/me/certification", token: admin, headers: english).status == .ok)
        }
    }

    @Test func verifyingWithoutABodyIsABadRequest() async throws {
        try await withAPI { api, _ in
            try await api.request(.post, "/v1/verify").expectProblem(.badRequest, type: "bad-request")
            try await api.request(.post, "/v1/verify", json: "", contentType: "application/vc").expectProblem(.badRequest, type: "bad-request")
        }
    }

    @Test func nullsUnknownFieldsAndDuplicateNamesInABodyAreRefused() async throws {
        try await withAPI { api, directory in
            let admin = try await api.token(for: directory.administrator)
            let member = try await api.token(for: directory.memberA)
            let court = "/v1/organisations/\(directory.courtA.id.uuidString.lowercased())"
            // `null` was read as "left out": a PATCH with a null name changed nothing and said 200.
            let nullName = try await api.request(.patch, court, token: admin, json: #"{"name": null}"#)
            try nullName.expectProblem(.unprocessableContent, type: "validation")
            let errors = try #require(try nullName.json["errors"] as? [[String: Any]])
            #expect(errors.first?["field"] as? String == "name")
            // ... and `personId: null` on an enrolment was taken as "myself".
            let enrolment = try await api.request(.post, "/v1/groups/\(UUID())/enrolments", token: member, json: #"{"personId": null}"#)
            try enrolment.expectProblem(.unprocessableContent, type: "validation")
            // The runtime reads a body without Content-Type, or with a wildcard, as JSON: so is it checked.
            for type in ["", "*/*"] {
                try await api.request(.post, "/v1/groups/\(UUID())/enrolments", token: member, json: #"{"personId": null}"#, contentType: type)
                    .expectProblem(.unprocessableContent, type: "validation")
            }
            let nested = try await api.request(.post, "/v1/groups/\(UUID())/assessments", token: admin,
                                               json: #"{"results": [{"personId": "\#(UUID())", "passed": true, "note": null}]}"#)
            #expect(try #require(try nested.json["errors"] as? [[String: Any]]).first?["field"] as? String == "results[0].note")
            // A field the document does not declare, and a name given twice, are mistakes worth saying.
            let typo = try await api.request(.patch, court, token: admin, json: #"{"nmae": "Rīgas bāriņtiesa"}"#)
            try typo.expectProblem(.unprocessableContent, type: "validation")
            #expect(try #require(try typo.json["errors"] as? [[String: Any]]).first?["field"] as? String == "nmae")
            try await api.request(.patch, court, token: admin, json: #"{"name": "A", "name": "B"}"#).expectProblem(.badRequest, type: "bad-request")
            let unchanged = try await api.request(.get, court, token: admin)
            #expect(unchanged["name"] == directory.courtA.name)
        }
    }

    @Test func requiredTextIsNotBlankAndNoTextHoldsControlCharacters() async throws {
        try await withAPI { api, directory in
            let admin = try await api.token(for: directory.administrator)
            for name in ["", "   ", "Rīga\u{1}", "Rīga\n", "\tRīga"] {
                let body = try jsonBody(["kind": "inspectorate", "name": name])
                try await api.request(.post, "/v1/organisations", token: admin, json: body).expectProblem(.unprocessableContent, type: "validation")
            }
            // Surrounding spaces are trimmed, and an optional field left empty is none.
            let created = try await api.request(.post, "/v1/organisations", token: admin,
                                                json: try jsonBody(["kind": "other", "name": "  Labklājības ministrija ", "municipality": ""]))
            #expect(created.status == .created && created["name"] == "Labklājības ministrija" && created["municipality"] == nil, "\(created.text)")
        }
    }

    @Test func unknownRecordsABodyNamesAre404AndBlankDatesAreRefused() async throws {
        let keys = try await CertificateFixture.keyFolder()
        try await withAPI(configure: { $0.keysDirectory = keys; $0.issuer = CertificateFixture.profile }) { api, directory in
            let admin = try await api.token(for: directory.administrator)
            try await api.request(.post, "/v1/certificates", token: admin, json: #"{"personId": "\#(UUID())", "schemeCode": "0"}"#)
                .expectProblem(.notFound, type: "not-found")
            let person = try jsonBody(["givenName": "Anna", "familyName": "Ozola", "position": "other", "positionStartedOn": ""])
            try await api.request(.post, "/v1/people", token: admin, json: person).expectProblem(.unprocessableContent, type: "validation")
            let record = #"{"personId": "\#(directory.memberA.personID)", "provider": "LU", "title": "Bērna tiesības", "academicHours": 8, "completedOn": "2026-01-10", "startedOn": "", "evidenceReference": "LU 1"}"#
            try await api.request(.post, "/v1/training-records", token: admin, json: record).expectProblem(.unprocessableContent, type: "validation")
        }
    }

    @Test func instantsWithFractionalSecondsAreRead() async throws {
        try await withAPI { api, directory in
            let admin = try await api.token(for: directory.administrator)
            let audit = try await api.request(.get, "/v1/audit?from=2026-01-01T00:00:00.95Z&to=2126-01-01T00:00:00Z", token: admin)
            #expect(audit.status == .ok, "\(audit.text)")
            // Responses are compact: pretty-printing cost every response bytes and time.
            #expect(!audit.text.contains("\n"))
        }
    }

    @Test func anIdempotencyKeyIsAtMost200Characters() async throws {
        try await withAPI { api, directory in
            let admin = try await api.token(for: directory.administrator)
            var headers = HTTPFields()
            headers[.init("Idempotency-Key")!] = String(repeating: "k", count: 201)
            let response = try await api.request(.post, "/v1/certificates", token: admin,
                                                 json: #"{"personId": "\#(directory.memberA.personID)", "schemeCode": "X"}"#, headers: headers)
            try response.expectProblem(.unprocessableContent, type: "validation")
        }
    }

    @Test func aLiteralPathSegmentWinsOverAParameterWhenSayingWhatIsAllowed() async throws {
        try await withAPI { api, _ in
            let response = try await api.request(.options, "/v1/certificates/batches")
            try response.expectProblem(.methodNotAllowed, type: "method-not-allowed")
            #expect(response.headers[.allow] == "POST")
        }
    }
}
