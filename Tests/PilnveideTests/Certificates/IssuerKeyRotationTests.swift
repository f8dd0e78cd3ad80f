import Foundation
import Testing
import TestSupport

/// Two `pilnveide-api` processes behind one address, a key rotated by the CLI while both run: each publishes the new
/// key before either signs with it, both move to it together, and every credential verifies against either one's DID
/// document — also once the retired key's secret is gone from the folder. No restart anywhere.
@Suite(.freshDatabase) struct IssuerKeyRotationTests {
    @Test(.timeLimit(.minutes(5)))
    func aRotationReachesBothProcessesBeforeEitherSignsWithTheNewKey() async throws {
        let fixture = try await CertificateFixture.make()
        let holders = try await IssuerProcesses.holders(8, fixture)
        let environment = ["PILNVEIDE_KEYS_DIR": fixture.keys.path, "PILNVEIDE_PUBLIC_URL": "https://pilnveide.example.lv"]
        let (first, a) = try ScaleOutTests.start(environment)
        defer { first.terminate() }
        let (second, b) = try ScaleOutTests.start(environment)
        defer { second.terminate() }
        let servers = [a, b]
        let officer = try await ScaleOutTests.signIn(a, fixture.directory.officer.email)
        var credentials: [String] = []
        var next = holders.makeIterator()

        // Before: key-1 on both.
        for server in servers {
            credentials.append(try await IssuerProcesses.issue(on: server, token: officer, to: next.next()!, scheme: fixture.scheme))
        }
        #expect(try credentials.map(IssuerProcesses.signingKey) == ["key-1", "key-1"])

        // Rotate from the command line, the new key to sign in three seconds.
        let rotated = try await AdminCLITests().pilnveide(["keys", "rotate", "--signs-in", "3"], environment: environment)
        let rotatedAt = Date()
        #expect(rotated.status == 0 && rotated.output.contains("created key-2"), "\(rotated.errors)")
        #expect(!rotated.output.contains("z3u2") && !rotated.errors.contains("z3u2"))  // never a secret key
        // Both publish it (from the change feed) well before it signs, and meanwhile both still sign with key-1.
        for server in servers {
            var listed: [String] = []
            for _ in 0..<40 where !listed.contains("key-2") {
                listed = IssuerProcesses.keyIDs(try await IssuerProcesses.document(of: server))
                if !listed.contains("key-2") { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(listed == ["key-1", "key-2"] && Date().timeIntervalSince(rotatedAt) < 2.5, "\(server.port): \(listed)")
        }
        for server in servers {
            let credential = try await IssuerProcesses.issue(on: server, token: officer, to: next.next()!, scheme: fixture.scheme)
            if Date().timeIntervalSince(rotatedAt) < 2.5 { #expect(try IssuerProcesses.signingKey(credential) == "key-1") }
            credentials.append(credential)
        }

        // From its moment on, both sign with key-2 (each reads the new secret from the folder when it is due).
        try await Task.sleep(for: .seconds(max(0, 3.5 - Date().timeIntervalSince(rotatedAt))))
        for server in servers {
            let credential = try await IssuerProcesses.issue(on: server, token: officer, to: next.next()!, scheme: fixture.scheme)
            #expect(try IssuerProcesses.signingKey(credential) == "key-2")
            credentials.append(credential)
        }

        // Every credential verifies against both processes' DID documents, and by both processes' own check.
        func verifyEverything(_ when: String) async throws {
            for server in servers {
                let document = try await IssuerProcesses.document(of: server)
                #expect(document["id"] as? String == "did:web:pilnveide.example.lv")
                for (index, credential) in credentials.enumerated() {
                    #expect(try IssuerProcesses.verifies(credential, against: document), "\(when): credential \(index) against \(server.port)'s did.json")
                    #expect(try await IssuerProcesses.serverVerifies(credential, on: server), "\(when): credential \(index) checked by \(server.port)")
                }
            }
        }
        try await verifyEverything("after the rotation")

        // The retired key's secret removed: nothing it signed stops verifying, and signing goes on with key-2.
        try FileManager.default.removeItem(at: fixture.keys.appendingPathComponent("key-1.json"))
        for server in servers {
            credentials.append(try await IssuerProcesses.issue(on: server, token: officer, to: next.next()!, scheme: fixture.scheme))
        }
        try await verifyEverything("without key-1's secret")
        #expect(try credentials.map(IssuerProcesses.signingKey).filter { $0 == "key-1" }.count >= 2)
    }
}
