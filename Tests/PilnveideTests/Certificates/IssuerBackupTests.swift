import Certificates
import Database
import Foundation
import Testing
import TestSupport

/// The public keys and the issuer's identity are data: a dump restored into a new database, served on another
/// address with the same key folder — or with none at all — verifies every credential the original issued.
@Suite(.freshDatabase) struct IssuerBackupTests {
    /// `pg_dump` of the suite's database restored into a new one (dropped by the caller).
    static func restoredCopy() async throws -> DatabaseSettings {
        let source = try FreshDatabase.current.settings
        let copy = try await TestDatabase.createEmpty()
        let dump = TestScratch.folder.appendingPathComponent("backup-\(UUID()).sql")
        for (tool, arguments) in [("pg_dump", ["--no-owner", "--no-privileges", "--file", dump.path, IssuerProcesses.url(source)]),
                                  ("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--file", dump.path, IssuerProcesses.url(copy)])] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [tool] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["PGOPTIONS": "--client-min-messages=warning"]) { $1 }
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let output = ChildProcess.Output(reading: errors)
            let status = await ChildProcess.exit(of: process)
            try #require(status == 0, "\(tool): \(output.text)")
        }
        return copy
    }

    @Test(.timeLimit(.minutes(5)))
    func aRestoredBackupServedElsewhereVerifiesEveryCredential() async throws {
        let fixture = try await CertificateFixture.make()
        let holders = try await IssuerProcesses.holders(4, fixture)
        let environment = ["PILNVEIDE_KEYS_DIR": fixture.keys.path, "PILNVEIDE_PUBLIC_URL": "https://pilnveide.example.lv"]
        let (original, server) = try ScaleOutTests.start(environment)
        defer { original.terminate() }
        let officer = try await ScaleOutTests.signIn(server, fixture.directory.officer.email)
        // Two keys' worth of credentials, and one revoked.
        var credentials = [try await IssuerProcesses.issue(on: server, token: officer, to: holders[0], scheme: fixture.scheme),
                           try await IssuerProcesses.issue(on: server, token: officer, to: holders[1], scheme: fixture.scheme)]
        _ = try await fixture.services.issuers.rotate(after: .zero)
        credentials += [try await IssuerProcesses.issue(on: server, token: officer, to: holders[2], scheme: fixture.scheme),
                        try await IssuerProcesses.issue(on: server, token: officer, to: holders[3], scheme: fixture.scheme)]
        #expect(try credentials.map(IssuerProcesses.signingKey) == ["key-1", "key-1", "key-2", "key-2"])
        let revoked = try #require(try await fixture.services.certificates.certificates(of: holders[0], by: CertificateFixture.op).first)
        _ = try await fixture.services.certificates.change(revoked.number, .revoke, kind: .issuedInError, reason: "Kļūda", by: CertificateFixture.op)
        // Served once, the signed list is kept with the data (a process without keys serves it as kept).
        #expect(try await IssuerProcesses.request(server, "GET", "/v1/status-lists/\(revoked.statusListID)").status == 200)

        let copy = try await Self.restoredCopy()
        defer { Task { await TestDatabase.drop(copy) } }
        // Served without PILNVEIDE_PUBLIC_URL (so on an address of its own), with the same folder, and then with an
        // empty one: the recorded identity and the published keys are what verify.
        let emptyFolder = TestScratch.folder.appendingPathComponent("lost-keys-\(UUID())")
        for folder in [fixture.keys, emptyFolder] {
            let (restored, elsewhere) = try ScaleOutTests.start(["DATABASE_URL": IssuerProcesses.url(copy), "PILNVEIDE_KEYS_DIR": folder.path])
            defer { restored.terminate() }
            let document = try await IssuerProcesses.document(of: elsewhere)
            #expect(document["id"] as? String == "did:web:pilnveide.example.lv" && IssuerProcesses.keyIDs(document) == ["key-1", "key-2"],
                    "\(document)")
            for (index, credential) in credentials.enumerated() {
                #expect(try IssuerProcesses.verifies(credential, against: document), "\(folder.lastPathComponent): credential \(index)")
                let report = try await IssuerProcesses.request(elsewhere, "POST", "/v1/verify", body: credential, contentType: "application/vc")
                // The revoked one is genuine and says so: only its status check fails.
                let failed = ((report.json["checks"] as? [[String: Any]]) ?? []).filter { $0["passed"] as? Bool == false }.compactMap { $0["check"] as? String }
                #expect(failed == (index == 0 ? ["status"] : []), "\(folder.lastPathComponent): credential \(index): \(report.text)")
            }
            // The status list it serves is signed under the recorded identity too.
            let list = try await IssuerProcesses.request(elsewhere, "GET", "/v1/status-lists/\(revoked.statusListID)")
            #expect(try list.status == 200 && IssuerProcesses.verifies(list.text, against: document), "\(list.text)")
        }
    }
}

/// The identity is fixed by the first certificate: a server or CLI that would issue as another refuses, in one line
/// that says what to set, and still verifies and publishes under the recorded one.
@Suite(.freshDatabase) struct IssuerIdentityTests {
    @Test(.timeLimit(.minutes(3)))
    func aProcessConfiguredAsAnotherIssuerRefusesToIssue() async throws {
        let fixture = try await CertificateFixture.make()
        let holders = try await IssuerProcesses.holders(2, fixture)
        // The first certificate records the identity: https://pilnveide.example.lv.
        let first = try await fixture.services.certificates.issue(.init(personID: holders[0], schemeCode: fixture.scheme, overrideReason: "Pirmais"),
                                                                  by: CertificateFixture.op).certificate
        let credential = try #require(first.credential)

        // A server on a port of its own, without PILNVEIDE_PUBLIC_URL.
        let (process, server) = try ScaleOutTests.start(["PILNVEIDE_KEYS_DIR": fixture.keys.path])
        defer { process.terminate() }
        let officer = try await ScaleOutTests.signIn(server, fixture.directory.officer.email)
        let body = #"{"personId": "\#(holders[1].uuidString.lowercased())", "schemeCode": "\#(fixture.scheme)", "overrideReason": "Otrais"}"#
        let refused = try await IssuerProcesses.request(server, "POST", "/v1/certificates", token: officer, body: body)
        #expect(refused.status == 503 && refused.contentType == "application/problem+json", "\(refused.text)")
        #expect(refused.json["type"] as? String == "/problems/issuer-identity-mismatch")
        let detail = try #require(refused.json["detail"] as? String)
        #expect(detail.hasPrefix("refusing to issue as did:web:127.0.0.1%3A0: this database's certificates are issued as did:web:pilnveide.example.lv; "
                                  + "set PILNVEIDE_PUBLIC_URL=https://pilnveide.example.lv"), "\(detail)")
        // It still publishes and verifies under the recorded identity.
        let document = try await IssuerProcesses.document(of: server)
        #expect(try document["id"] as? String == "did:web:pilnveide.example.lv" && IssuerProcesses.verifies(credential, against: document))
        #expect(try await IssuerProcesses.serverVerifies(credential, on: server))

        // The command line: its own public address (none set: 127.0.0.1:8080) and another set, both refused in one line.
        let cli = AdminCLITests()
        for (publicURL, did) in [(nil, "did:web:127.0.0.1%3A8080"), ("https://cits.example.lv", "did:web:cits.example.lv")] {
            var environment = ["PILNVEIDE_KEYS_DIR": fixture.keys.path]
            environment["PILNVEIDE_PUBLIC_URL"] = publicURL
            let run = try await cli.pilnveide(["certificates", "issue", "--person", holders[1].uuidString, "--scheme", fixture.scheme,
                                               "--override-reason", "Otrais"], environment: environment)
            #expect(run.status != 0 && run.errors.split(separator: "\n").count == 1, "\(run.errors)")
            #expect(run.errors.hasPrefix("pilnveide: refusing to issue as \(did): this database's certificates are issued as did:web:pilnveide.example.lv"),
                    "\(run.errors)")
        }
        // Nothing was issued by either; configured as the recorded identity, the CLI issues.
        #expect(try await fixture.services.certificates.certificates(of: holders[1], by: CertificateFixture.op).isEmpty)
        let issued = try await cli.pilnveide(["certificates", "issue", "--person", holders[1].uuidString, "--scheme", fixture.scheme,
                                              "--override-reason", "Otrais"],
                                             environment: ["PILNVEIDE_KEYS_DIR": fixture.keys.path, "PILNVEIDE_PUBLIC_URL": "https://pilnveide.example.lv/"])
        #expect(issued.status == 0, "\(issued.errors)")
    }
}
