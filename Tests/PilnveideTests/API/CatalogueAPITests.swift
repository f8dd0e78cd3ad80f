import App
import Core
import Curriculum
import Directory
import Foundation
import HTTPTypes
import Platform
import Testing
import TestSupport

@Suite(.freshDatabase) struct CatalogueAPITests {
    /// The shipped catalogue, loaded once into the suite's database (importing twice changes nothing).
    func loadCatalogue() async throws {
        _ = try await Services(database: try FreshDatabase.current.database).catalogue
            .importCatalogue(try CourseCatalogue.load(from: ShippedCatalogueTests.folder), by: .operator_("test"))
    }

    @Test func everySignedInUserFiltersTheCatalogue() async throws {
        try await loadCatalogue()
        try await withAPI { api, fixture in
            let member = try await api.token(for: fixture.memberB)
            let programmes = try await api.request(.get, "/v1/courses?kind=knowledge_improvement_programme", token: member)
            #expect(programmes.status == .ok)
            #expect(try programmes.items.count == 5)
            #expect(try programmes.items.allSatisfy { $0["academicHours"] as? Int == 24 })

            let forInspectors = try await api.request(.get, "/v1/courses?audience=inspectorate_specialist", token: member)
            #expect(try forInspectors.items.compactMap { $0["code"] as? String } == ["PKP-VBTAI-SPECIALISTI"])

            // Latvian text search, either case, and the English title.
            let query = "LĪDZDALĪBA".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let byLatvian = try await api.request(.get, "/v1/courses?q=\(query)", token: member)
            #expect(try byLatvian.items.compactMap { $0["code"] as? String } == ["ANO-BTK-LIDZDALIBA"])
            let byEnglish = try await api.request(.get, "/v1/courses?q=leaving%20care", token: member)
            #expect(try byEnglish.items.compactMap { $0["code"] as? String } == ["ZP-ARPUSGIMENES-APRUPE"])

            // The shipped courses are drafts until the inspectorate approves them.
            let approved = try await api.request(.get, "/v1/courses?status=approved", token: member)
            #expect(try approved.items.allSatisfy { !(($0["code"] as? String) ?? "").hasPrefix("ZP-") })
            try await api.request(.get, "/v1/courses", token: nil).expectProblem(.unauthorized, type: "unauthenticated")
        }
    }

    @Test func aCourseComesWithModulesRulesAndVersionsAndLatvianTextIntact() async throws {
        try await loadCatalogue()
        try await withAPI { api, fixture in
            let trainer = try await api.token(for: fixture.trainer)
            let course = try await api.request(.get, "/v1/courses/ANO-BTK-LIDZDALIBA", token: trainer)
            #expect(course.status == .ok)
            let current = try #require(try course.json["current"] as? [String: any Sendable])
            let title = try #require(current["title"] as? [String: String])
            #expect(title["lv"] == "ANO Bērnu tiesību konvencija: bērna līdzdalība un viedokļa noskaidrošana")
            let modules = try #require(current["modules"] as? [[String: any Sendable]])
            #expect(modules.compactMap { $0["academicHours"] as? Int }.reduce(0, +) == 16)
            #expect(current["pilot"] as? [String: Int] == ["groups": 2, "regions": 2, "minimumParticipants": 15])
            #expect((try course.json["versions"] as? [[String: any Sendable]])?.count == 1)

            let version = try await api.request(.get, "/v1/courses/ANO-BTK-LIDZDALIBA/versions/1", token: trainer)
            #expect(version["code"] == "ANO-BTK-LIDZDALIBA")
            try await api.request(.get, "/v1/courses/ANO-BTK-LIDZDALIBA/versions/9", token: trainer).expectProblem(.notFound, type: "not-found")
            try await api.request(.get, "/v1/courses/NAV-TADA", token: trainer).expectProblem(.notFound, type: "not-found")
        }
    }

    @Test func latvianLettersSurviveTheWholeRoundTrip() async throws {
        let code = "LV-BURTI-\(UUID().uuidString.prefix(4))".uppercased()
        let title = "Ā ā Č č Ē ē Ģ ģ Ī ī Ķ ķ Ļ ļ Ņ ņ Š š Ū ū Ž ž \(code)"
        _ = try await Services(database: try FreshDatabase.current.database).catalogue.importCatalogue(
            try CourseText.catalogue([("\(code.lowercased()).yaml", CourseText.course(code: code, title: title))]), by: .operator_("test")
        )
        try await withAPI { api, fixture in
            let token = try await api.token(for: fixture.memberA)
            let course = try await api.request(.get, "/v1/courses/\(code)/versions/1", token: token)
            #expect((try course.json["title"] as? [String: String])?["lv"] == title)
            // Searching in lower case finds the upper-case letters too.
            let search = "ā ā č č ē ē ģ ģ".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let found = try await api.request(.get, "/v1/courses?q=\(search)", token: token)
            #expect(try found.items.compactMap { $0["code"] as? String } == [code])
        }
    }

    @Test func onlyAdministratorsApproveAndRetireAndItIsRecorded() async throws {
        let code = "APSTIPRINAMS-\(UUID().uuidString.prefix(4))".uppercased()
        _ = try await Services(database: try FreshDatabase.current.database).catalogue.importCatalogue(
            try CourseText.catalogue([("\(code.lowercased()).yaml", CourseText.course(code: code))]), by: .operator_("test")
        )
        try await withAPI { api, fixture in
            for caller in [fixture.officer, fixture.trainer, fixture.chairpersonA] {
                let token = try await api.token(for: caller)
                for action in ["approve", "retire"] {
                    try await api.request(.post, "/v1/courses/\(code)/versions/1/\(action)", token: token)
                        .expectProblem(.forbidden, type: "forbidden")
                }
            }
            let admin = try await api.token(for: fixture.administrator)
            let approved = try await api.request(.post, "/v1/courses/\(code)/versions/1/approve", token: admin)
            #expect(approved.status == .ok)
            #expect(approved["status"] == "approved")
            #expect(approved["approvedBy"] == "account:\(fixture.administrator.email)")
            #expect(approved["approvedAt"] != nil)
            try await api.request(.post, "/v1/courses/\(code)/versions/1/approve", token: admin).expectProblem(.conflict, type: "conflict")
            let retired = try await api.request(.post, "/v1/courses/\(code)/versions/1/retire", token: admin)
            #expect(retired["status"] == "retired")
            try await api.request(.post, "/v1/courses/\(code)/versions/7/retire", token: admin).expectProblem(.notFound, type: "not-found")
        }
    }
}
