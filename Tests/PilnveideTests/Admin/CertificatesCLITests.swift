import App
import Certificates
import Core
import Directory
import Foundation
import Platform
import Testing
import TestSupport

/// Keys and certificates from the command line: a key made private, certificates imported from before the
/// platform (file:line errors, all or nothing), a list issued all or nothing, and a revocation.
extension AdminCLITests {
    @Test func keysAndCertificatesFromTheCommandLine() async throws {
        let keys = TestScratch.folder.appendingPathComponent("cli-keys-\(UUID().uuidString)").path
        let env = ["PILNVEIDE_KEYS_DIR": keys, "PILNVEIDE_PUBLIC_URL": "https://pilnveide.example.lv"]
        let generated = try await pilnveide(["keys", "generate"], environment: env)
        #expect(generated.status == 0 && generated.output.contains("created key-1") && generated.output.contains("z6Mk"))
        #expect(!generated.output.contains("z3u2"))  // never the secret
        #expect(try await pilnveide(["keys", "generate"], environment: env).status != 0)
        #expect(try await pilnveide(["keys", "generate", "--if-missing"], environment: env).status == 0)
        #expect(try await pilnveide(["keys", "rotate"], environment: env).output.contains("created key-2"))
        let list = try await pilnveide(["keys", "list"], environment: env)
        #expect(list.output.split(separator: "\n").count == 2 && list.output.contains("key-2") && list.output.contains("signs"))

        let database = try FreshDatabase.current.database
        let services = try await Services(database: database)
        let fixture = try await DirectoryFixture.make(in: database)
        let code = "CLI-\(UUID().uuidString.prefix(6))"
        _ = try await services.schemes.importSchemes(try CertificationServiceTests().scheme(code: code), by: .operator_("test"))

        let year = CalendarDate.today().year
        let bad = try temporaryFile("bad.csv", """
            number,email,scheme,valid_from,valid_until,academic_hours,state,state_reason
            VBTAI-2019-0042,\(fixture.memberA.email),\(code),2020-05-02,2025-05-01,,active,
            vbtai-2019-0042,\(fixture.memberB.email),\(code),2020-05-02,2025-05-01,,active,
            VBTAI-2019-0043,nobody@example.lv,\(code),2020-05-02,,,active,
            VBTAI-2019-0044,\(fixture.memberB.email),NAV-TADAS,2019-13-02,,,revoked,
            ,\(fixture.memberB.email),\(code),2020-05-02,,nan,active,kāpēc
            BAC-\(year)-000001,\(fixture.memberB.email),\(code),2020-05-02,,,active,
            """)
        let refused = try await pilnveide(["certificates", "import", bad], environment: env)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("\(bad):3: number: vbtai-2019-0042 appears already on line 2"))
        #expect(refused.errors.contains("\(bad):4: no person in the directory has this e-mail address"))
        #expect(refused.errors.contains("\(bad):5: valid_from: must be a date written YYYY-MM-DD; scheme: no approved certification scheme has code NAV-TADAS; state_reason: is required for a revoked certificate"))
        #expect(refused.errors.contains("\(bad):6: number: is required; academic_hours: must be a number of hours such as 24 or 7.5; state_reason: only a suspended or revoked certificate has one"))
        #expect(refused.errors.contains("\(bad):7: number: BAC-\(year)-000001 is in this platform's own numbering for \(year); only earlier years can be imported"))
        #expect(try await services.verification.verify("VBTAI-2019-0042").answer == .unknown)

        let good = try temporaryFile("good.csv", """
            number,email,scheme,valid_from,valid_until,academic_hours,state,state_reason
            VBTAI-2019-0042,\(fixture.memberA.email),\(code),2020-05-02,2025-05-01,24,active,
            BAC-\(year - 1)-000900,\(fixture.memberB.email),\(code),2021-03-01,,"16,5",revoked,Izsniegts kļūdaini
            """)
        let imported = try await pilnveide(["certificates", "import", good], environment: env)
        #expect(imported.status == 0 && imported.output == "certificates: 2 imported\n", "\(imported.errors)")
        #expect(try await services.verification.verify("VBTAI-2019-0042").answer == .expired)
        let revoked = try await services.verification.verify("bac-\(year - 1)-000900")
        #expect(revoked.answer == .revoked && revoked.certificate?.academicHours == 16.5 && revoked.certificate?.origin == .imported)
        // No last day on file: as long as the scheme says; no date of the revocation either.
        #expect(revoked.certificate?.validUntil == CalendarDate(iso8601: "2026-02-28") && revoked.certificate?.stateChangedAt == nil)

        // A list, all or nothing: member B has met nothing, so without an override nothing is issued.
        let people = try temporaryFile("people.csv", "email\n\(fixture.memberA.email)\n\(fixture.memberB.email)\n")
        let none = try await pilnveide(["certificates", "issue-all", "--scheme", code, people], environment: env)
        #expect(none.status != 0 && none.errors.contains("\(people):2: cannot issue") && none.errors.contains("\(people):3: cannot issue"), "\(none.errors)")
        let all = try await pilnveide(["certificates", "issue-all", "--scheme", code, "--override-reason", "Komisijas sēde Nr. 3", people], environment: env)
        #expect(all.status == 0, "\(all.errors)")
        let numbers = all.output.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        #expect(numbers.count == 2 && numbers.allSatisfy { CertificateNumber($0)?.year == year })
        // Revoking says why, in one clear line when it does not.
        let unsaid = try await pilnveide(["certificates", "change", "revoke", numbers[0], "--reason", "Kļūda"], environment: env)
        #expect(unsaid.status != 0 && unsaid.errors.contains("kind: say why: for_cause"), "\(unsaid.errors)")
        let change = try await pilnveide(["certificates", "change", "revoke", numbers[0], "--kind", "issued_in_error", "--reason", "Kļūda"], environment: env)
        #expect(change.status == 0 && change.output.hasSuffix("revoked\n"), "\(change.errors)")
        let show = try await pilnveide(["certificates", "show", numbers[1]], environment: env)
        #expect(show.output.contains("verify: https://pilnveide.example.lv/verify/"))

        // Six processes issuing at once, each with its own connections: six consecutive numbers, none twice.
        var created: [UUID] = []
        for index in 0..<6 {
            created.append(try await services.directory.createPerson(
                PersonDraft(givenName: "Procesa \(index)", familyName: "Liepa", position: "orphans_court_member",
                            organisationID: fixture.courtA.id), by: .operator_("test")).person.id)
        }
        let staff = created
        let runs = try await withThrowingTaskGroup(of: Run.self) { group in
            for person in staff {
                group.addTask {
                    try await pilnveide(["certificates", "issue", "--person", person.uuidString, "--scheme", code, "--override-reason", "paralēli"],
                                        environment: env)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map { $0.errors })")
        let sequences = runs.compactMap { CertificateNumber(String($0.output.split(separator: "\t")[0]))?.sequence }.sorted()
        #expect(sequences.count == 6 && Set(sequences).count == 6 && sequences.last! - sequences.first! == 5)
        try? FileManager.default.removeItem(atPath: keys)
    }
}
