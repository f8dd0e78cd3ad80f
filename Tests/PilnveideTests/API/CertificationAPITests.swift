import App
import Certification
import Core
import Directory
import Foundation
import HTTPTypes
import Platform
import Testing
import TestSupport

/// Certification through HTTP: each role sees what it may, the national list as CSV, the audit trail.
@Suite(.freshDatabase) struct CertificationAPITests {
    @Test func statusesByRoleTheNationalListAndTheAuditTrail() async throws {
        try await withAPI { api, fixture in
            let services = try await Services(database: try FreshDatabase.current.database)
            let code = "API-\(UUID().uuidString.prefix(6))"
            _ = try await services.schemes.importSchemes(try CertificationServiceTests().scheme(code: code), by: .operator_("test"))
            _ = try await services.directory.updatePerson(id: fixture.memberA.personID, PersonChanges(positionStartedOn: "2026-03-01"), by: .operator_("test"))
            let record = try await services.trainingRecords.recordExternal(
                .init(personID: fixture.memberA.personID, provider: "Latvijas Universitāte", title: "Bērna tiesības", academicHours: 16,
                      completedOn: "2026-10-01", evidenceReference: "LU 1"), by: .caller(fixture.officer))
            _ = try await services.trainingRecords.approve(record.id, by: .caller(fixture.administrator))

            let member = try await api.token(for: fixture.memberA)
            let mine = try await api.request(.get, "/v1/me/certification", token: member)
            let statuses = try #require(try mine.json["statuses"] as? [[String: any Sendable]])
            let status = try #require(statuses.first { $0["schemeCode"] as? String == code })
            #expect(status["state"] as? String == "certified" && status["validUntil"] as? String == "2031-09-30", "\(mine.text)")
            // Explained in Latvian unless asked otherwise, in English when asked, and as codes for clients that write their own.
            let latvian = try #require(status["explanation"] as? [String])
            #expect(status["language"] as? String == "lv" && latvian.contains("Sertifikācija derīga līdz 30.09.2031. (\(code) 1. versija); resertifikācija iespējama no 30.09.2030."), "\(latvian)")
            #expect(latvian.contains("Sākotnējās prasības izpildē ieskaita: Bērna tiesības (mācības citur, 01.10.2026., 16 akad. st.)."), "\(latvian)")
            let codes = (status["messages"] as? [[String: any Sendable]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes == ["record_counts_initial", "certified_until"], "\(codes)")
            let due = status["due"] as? [String: any Sendable]
            #expect(due?["code"] as? String == "due_by" && (due?["values"] as? [String: any Sendable])?["date"] as? String == "2031-09-30")
            let inEnglish = try await api.request(.get, "/v1/me/certification", token: member, headers: [.acceptLanguage: "en-GB, lv;q=0.5"])
            let english = try #require((try inEnglish.json["statuses"] as? [[String: any Sendable]])?.first { $0["schemeCode"] as? String == code })
            #expect(english["language"] as? String == "en")
            #expect((english["explanation"] as? [String])?.last == "Certified until 2031-09-30 under \(code) version 1; recertification opens on 2030-09-30.")
            #expect((english["missing"] as? [String]) == ["24 more academic hours from eligible courses by 2031-09-30"])
            try await api.request(.get, "/v1/people/\(fixture.memberB.personID)/certification", token: member).expectProblem(.forbidden, type: "forbidden")
            try await api.request(.get, "/v1/organisations/\(fixture.courtA.id)/certification", token: member).expectProblem(.forbidden, type: "forbidden")
            let chair = try await api.token(for: fixture.chairpersonA)
            let court = try await api.request(.get, "/v1/organisations/\(fixture.courtA.id)/certification", token: chair)
            #expect(court.status == .ok && court.text.contains(fixture.memberA.personID.uuidString.lowercased()))
            try await api.request(.get, "/v1/organisations/\(fixture.courtB.id)/certification", token: chair).expectProblem(.forbidden, type: "forbidden")

            // An officer suspends; the audit trail says who and why; administrators read it.
            let officer = try await api.token(for: fixture.officer)
            let suspended = try await api.request(.post, "/v1/people/\(fixture.memberA.personID)/certification/overrides", token: officer,
                                                  json: #"{"schemeCode": "\#(code)", "kind": "suspended", "from": "2026-11-01", "reason": "pārbaude"}"#)
            #expect(suspended.status == .created && suspended.text.contains("\"suspended\""), "\(suspended.text)")
            try await api.request(.post, "/v1/people/\(fixture.memberA.personID)/certification/overrides", token: chair,
                                  json: #"{"schemeCode": "\#(code)", "kind": "revoked", "from": "2026-11-01", "reason": "x"}"#)
                .expectProblem(.forbidden, type: "forbidden")
            let audit = try await api.request(.get, "/v1/audit?action=certification.", token: try await api.token(for: fixture.administrator))
            #expect(try audit.status == .ok && audit.items.first?["action"] as? String == "certification.suspended", "\(audit.text)")
            try await api.request(.get, "/v1/audit", token: officer).expectProblem(.forbidden, type: "forbidden")

            // The daily pass, then the national list as CSV.
            _ = try await services.certificationPass.run()
            let csv = try await api.request(.get, "/v1/certification/national?schemeCode=\(code)&organisationId=\(fixture.courtA.id)",
                                            token: officer, headers: [.accept: "text/csv"])
            #expect(csv.status == .ok && csv.text.hasPrefix("\u{FEFF}person_id,name,scheme,version,state,valid_until,deadline"))
            #expect(csv.text.contains("\(fixture.memberA.personID.uuidString.lowercased()),Māra Bērziņa,\(code),1,suspended,2031-09-30"))
            let summary = try await api.request(.get, "/v1/certification/national/summary?schemeCode=\(code)", token: officer)
            #expect(summary.status == .ok && summary.text.contains("\"suspended\""))
            let byCourt = try await api.request(.get, "/v1/certification/national/summary?schemeCode=\(code)&groupBy=court", token: officer)
            #expect(byCourt.status == .ok && byCourt.text.contains(fixture.courtA.id.uuidString.lowercased()) && byCourt.text.contains(fixture.courtA.name))
            try await api.request(.get, "/v1/certification/national/summary?groupBy=municipality", token: officer).expectProblem(.badRequest, type: "bad-request")
            try await api.request(.get, "/v1/certification/national", token: chair).expectProblem(.forbidden, type: "forbidden")
            let schemes = try await api.request(.get, "/v1/certification/schemes", token: member)
            #expect(schemes.status == .ok && schemes.text.contains(code))

            // The impact of a draft that would replace it, as JSON and CSV, for the inspectorate only.
            let draft = "D\(code)"
            _ = try await services.schemes.importSchemes(try SchemeCatalogue.check([("\(draft.lowercased()).yaml", SchemeFileTests.scheme([
                ("  courses: [PKP-BT-DARBINIEKI]\n", "  academic_hours: 16\n  external_training_counts: true\n"),
                ("status: approved", "status: draft\nreplaces: \(code)"), ("effective_from: 2027-01-01", "effective_from: 2027-07-01"),
            ], code: draft)), ("\(code.lowercased()).yaml", try CertificationServiceTests().schemeText(code: code))], courses: SchemeFileTests.courses),
                by: .operator_("test"))
            let impact = try await api.request(.get, "/v1/certification/schemes/\(draft)/versions/1/impact?on=2027-08-01&limit=1", token: officer)
            #expect(try impact.status == .ok && impact.json["comparedWith"] as? String == code, "\(impact.text)")
            #expect(try (impact.json["people"] as? [String: any Sendable])?["items"] as? [Any] != nil)
            // Each count says how many moved because of the draft's transition and how many because of its rule.
            let totals = try impact.json["totals"] as? [[String: any Sendable]] ?? []
            #expect(!totals.isEmpty && totals.allSatisfy { $0["movedByTransition"] as? Int != nil && $0["movedByRule"] as? Int != nil }, "\(impact.text)")
            let impactCSV = try await api.request(.get, "/v1/certification/schemes/\(draft)/versions/1/impact?on=2027-08-01", token: officer,
                                                  headers: [.accept: "text/csv"])
            #expect(impactCSV.text.hasPrefix("\u{FEFF}person_id,name,organisation_id,region,position,proposed,proposed_state"))
            try await api.request(.get, "/v1/certification/schemes/\(draft)/versions/1/impact?on=2027-08-01", token: chair)
                .expectProblem(.forbidden, type: "forbidden")
            try await api.request(.get, "/v1/certification/schemes/\(code)/versions/1/impact?on=2027-08-01", token: officer)
                .expectProblem(.conflict, type: "conflict")
        }
    }
}
