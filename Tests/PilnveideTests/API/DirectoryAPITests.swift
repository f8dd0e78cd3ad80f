import Core
import Directory
import Foundation
import HTTPTypes
import Testing
import TestSupport

@Suite(.freshDatabase) struct DirectoryAPITests {
    /// Creates a person as the administrator and returns their id.
    func createPerson(_ api: APIClient, token: String, _ fields: [String: any Sendable]) async throws -> String {
        let response = try await api.request(.post, "/v1/people", token: token, json: try jsonBody(fields))
        #expect(response.status == .created, "\(response.text)")
        return try #require(response["id"])
    }

    @Test func theInspectorateSeesEveryoneWithFullPersonalCodes() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            let id = try await createPerson(api, token: admin, [
                "givenName": "Ilze", "familyName": "Ozoliņa", "personalCode": "15077512349",
                "position": "orphans_court_member", "organisationId": fixture.courtB.id.uuidString,
            ])
            let officer = try await api.token(for: fixture.officer)
            let person = try await api.request(.get, "/v1/people/\(id)", token: officer)
            #expect(person["personalCode"] == "150775-12349")
            let all = try await api.request(.get, "/v1/people?limit=200", token: officer)
            #expect(try all.json["total"] as? Int ?? 0 >= 7)
        }
    }

    @Test func aChairpersonSeesOnlyTheirOwnCourtAndCodesMasked() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            let colleague = try await createPerson(api, token: admin, [
                "givenName": "Ēriks", "familyName": "Ķēniņš", "personalCode": "050505-10002",
                "position": "orphans_court_employee", "organisationId": fixture.courtA.id.uuidString,
            ])
            let chair = try await api.token(for: fixture.chairpersonA)

            let own = try await api.request(.get, "/v1/people", token: chair)
            #expect(own.status == .ok)
            let courts = Set(try own.items.compactMap { $0["organisationId"] as? String })
            #expect(courts == [fixture.courtA.id.uuidString.lowercased()])
            #expect(try own.items.count == 3)  // the chairperson, the member and the new employee

            let colleagueRecord = try await api.request(.get, "/v1/people/\(colleague)", token: chair)
            #expect(colleagueRecord.status == .ok)
            #expect(colleagueRecord["personalCode"] == "050505-*****")

            try await api.request(.get, "/v1/people?organisationId=\(fixture.courtB.id)", token: chair)
                .expectProblem(.forbidden, type: "forbidden")
            try await api.request(.get, "/v1/people/\(fixture.memberB.personID)", token: chair)
                .expectProblem(.forbidden, type: "forbidden")
        }
    }

    @Test func aPersonReadsAndEditsOnlyTheirOwnContactData() async throws {
        try await withAPI { api, fixture in
            let member = try await api.token(for: fixture.memberA)
            let own = try await api.request(.get, "/v1/people/\(fixture.memberA.personID)", token: member)
            #expect(own.status == .ok)
            #expect(own["familyName"] == "Bērziņa")

            try await api.request(.get, "/v1/people/\(fixture.memberB.personID)", token: member)
                .expectProblem(.forbidden, type: "forbidden")
            try await api.request(.get, "/v1/people", token: member).expectProblem(.forbidden, type: "forbidden")
            // Her posts too, and nobody else's.
            let posts = try await api.request(.get, "/v1/people/\(fixture.memberA.personID)/positions", token: member)
            let held = try #require(try JSONSerialization.jsonObject(with: Data(posts.text.utf8)) as? [[String: any Sendable]])
            #expect(held.map { $0["position"] as? String } == ["orphans_court_member"] && held[0]["organisationName"] as? String == fixture.courtA.name)
            try await api.request(.get, "/v1/people/\(fixture.memberB.personID)/positions", token: member)
                .expectProblem(.forbidden, type: "forbidden")

            let changed = try await api.request(
                .patch, "/v1/people/\(fixture.memberA.personID)", token: member,
                json: #"{"email": "mara.jauna@example.lv", "phone": "+371 20000000"}"#
            )
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed["email"] == "mara.jauna@example.lv")
            #expect(changed["phone"] == "+371 20000000")

            let promotion = try await api.request(
                .patch, "/v1/people/\(fixture.memberA.personID)", token: member,
                json: #"{"position": "orphans_court_chairperson"}"#
            )
            try promotion.expectProblem(.forbidden, type: "forbidden")
            #expect(promotion["detail"]?.contains("position") == true)
            try await api.request(
                .patch, "/v1/people/\(fixture.memberB.personID)", token: member, json: #"{"phone": "+371 29999999"}"#
            ).expectProblem(.forbidden, type: "forbidden")
        }
    }

    @Test func onlyTheInspectorateCreatesPeopleAndOnlyAdministratorsOrganisations() async throws {
        try await withAPI { api, fixture in
            let trainer = try await api.token(for: fixture.trainer)
            let officer = try await api.token(for: fixture.officer)
            let admin = try await api.token(for: fixture.administrator)
            let person = #"{"givenName": "Zane", "familyName": "Zariņa", "position": "social_worker"}"#
            try await api.request(.post, "/v1/people", token: trainer, json: person).expectProblem(.forbidden, type: "forbidden")
            #expect(try await api.request(.post, "/v1/people", token: officer, json: person).status == .created)

            let court = #"{"kind": "orphans_court", "name": "Daugavpils bāriņtiesa", "municipality": "Daugavpils", "region": "latgale"}"#
            try await api.request(.post, "/v1/organisations", token: officer, json: court).expectProblem(.forbidden, type: "forbidden")
            let created = try await api.request(.post, "/v1/organisations", token: admin, json: court)
            #expect(created.status == .created)
            #expect(created["name"] == "Daugavpils bāriņtiesa")
            try await api.request(.post, "/v1/organisations", token: admin, json: court).expectProblem(.conflict, type: "conflict")
        }
    }

    @Test func duplicatePersonalCodesConflictAndInvalidOnesFailValidation() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            _ = try await createPerson(api, token: admin, [
                "givenName": "Kārlis", "familyName": "Krūmiņš", "personalCode": "120368-12341", "position": "other",
            ])
            try await api.request(.post, "/v1/people", token: admin, json: try jsonBody([
                "givenName": "Kārlis", "familyName": "Otrais", "personalCode": "120368-12341", "position": "other",
            ])).expectProblem(.conflict, type: "conflict")

            let invalid = try await api.request(.post, "/v1/people", token: admin, json: try jsonBody([
                "givenName": " ", "familyName": "Krūmiņš", "personalCode": "120368-12340", "email": "not-an-email",
                "position": "other", "positionStartedOn": "2024-02-30",
            ]))
            try invalid.expectProblem(.unprocessableContent, type: "validation")
            let fields = try #require(try invalid.json["errors"] as? [[String: String]]).compactMap { $0["field"] }
            #expect(fields == ["givenName", "personalCode", "email", "positionStartedOn"])
        }
    }

    @Test func unknownAndMalformedIdsAre404() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            try await api.request(.get, "/v1/people/\(UUID())", token: admin).expectProblem(.notFound, type: "not-found")
            try await api.request(.get, "/v1/people/not-a-uuid", token: admin).expectProblem(.notFound, type: "not-found")
            try await api.request(.get, "/v1/organisations/\(UUID())", token: admin).expectProblem(.notFound, type: "not-found")
            try await api.request(.patch, "/v1/organisations/\(UUID())", token: admin, json: #"{"name": "X"}"#)
                .expectProblem(.notFound, type: "not-found")
        }
    }

    @Test func organisationsFilterByRegionAndLatvianTextAndPage() async throws {
        try await withAPI { api, fixture in
            let member = try await api.token(for: fixture.memberA)
            let kurzeme = try await api.request(.get, "/v1/organisations?region=kurzeme&kind=orphans_court", token: member)
            #expect(try kurzeme.items.compactMap { $0["id"] as? String }.contains(fixture.courtB.id.uuidString.lowercased()))
            #expect(try kurzeme.items.allSatisfy { $0["region"] as? String == "kurzeme" })

            // The whole name in lower case: other tests in this database have Liepāja courts of their own.
            let query = fixture.courtB.name.lowercased().addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let byText = try await api.request(.get, "/v1/organisations?q=\(query)", token: member)
            #expect(try byText.items.compactMap { $0["name"] as? String } == [fixture.courtB.name])

            let page = try await api.request(.get, "/v1/organisations?limit=1&offset=1", token: member)
            #expect(try page.items.count == 1)
            #expect(try page.json["limit"] as? Int == 1)
            #expect(try page.json["offset"] as? Int == 1)
            #expect(try page.json["total"] as? Int ?? 0 >= 3)

            try await api.request(.get, "/v1/organisations?limit=500", token: member)
                .expectProblem(.unprocessableContent, type: "validation")
        }
    }

    @Test func changesAreAuditedWithWhoMadeThem() async throws {
        try await withAPI { api, fixture in
            let admin = try await api.token(for: fixture.administrator)
            let response = try await api.request(
                .patch, "/v1/organisations/\(fixture.courtA.id)", token: admin, json: #"{"municipality": "Rīgas valstspilsēta"}"#
            )
            #expect(response.status == .ok)
            let rows = try await FreshDatabase.current.database.withConnection { connection in
                try await connection.query(
                    "SELECT actor_account, action FROM audit_events WHERE subject_id = \(fixture.courtA.id.uuidString)",
                    logger: TestDatabase.logger
                ).collect().map { try $0.decode((UUID?, String).self) }
            }
            #expect(rows.contains { $0.0 == fixture.administrator.accountID && $0.1 == "organisation.updated" })
        }
    }
}
