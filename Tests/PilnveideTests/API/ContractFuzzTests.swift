import App
import Certificates
import Certification
import Core
import Curriculum
import Foundation
import HummingbirdTesting
import Testing
import TestSupport
import Yams

/// schemathesis (PyPI) fuzzes every operation of the running server, with a token of each role, against the
/// OpenAPI document: no 5xx, no response the document does not describe, every request the document allows
/// taken and every one it forbids refused. Seeded and bounded (Tests/Contract/schemathesis.toml), so a run
/// is repeatable and its time fixed. `make test` installs the pinned schemathesis into .local/.
@Suite(.freshDatabase) struct ContractFuzzTests {
    static let packageRoot = TestDatabase.migrationsDirectory.deletingLastPathComponent()
    static let configFile = packageRoot.appendingPathComponent("Tests/Contract/schemathesis.toml")

    static func schemathesis() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PILNVEIDE_SCHEMATHESIS"]
            ?? packageRoot.appendingPathComponent(".local/schemathesis/bin/schemathesis").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw FuzzSetupError("schemathesis is not installed at \(path): run `make test`, which installs it")
        }
        return URL(fileURLWithPath: path)
    }

    @Test(.timeLimit(.minutes(15)))
    func everyOperationKeepsToTheDocumentForEveryRole() async throws {
        let schemathesis = try Self.schemathesis()
        let fixture = try await CertificateFixture.make()
        let courses = InstallationLayout.locate().courses
        let catalogue = try CourseCatalogue.load(from: courses.path)
        _ = try await fixture.services.catalogue.importCatalogue(catalogue, by: CertificateFixture.op)
        _ = try await fixture.services.schemes.importSchemes(
            try SchemeCatalogue.load(from: courses.appendingPathComponent("certification").path, courses: catalogue.definitions),
            by: CertificateFixture.op
        )
        try await withAPI(configure: {
            $0.keysDirectory = fixture.keys
            $0.issuer = IssuerProfile(publicURL: "https://pilnveide.example.lv")
            $0.verificationRequestsPerMinute = 1_000_000
        }) { api, directory in
            let port = try #require(api.client.port)
            // The administrator sees the most and runs every phase, public operations included. The other
            // roles skip what needs no sign-in (the same for anyone) and, meeting mostly 403s, take fewer examples.
            let document = try await api.request(.get, "/openapi.yaml")
            let signedInOnly = try Self.publicOperationIDs(document.text).flatMap { ["--exclude-operation-id", $0] }
                + ["--max-examples", "4", "--phases", "examples,coverage,fuzzing"]
            let runs: [(role: String, caller: Caller, arguments: [String])] = [
                // Not disabling accounts: that would end the accounts (its own among them) the runs sign in with.
                // Disabling is tested in AccountsAPITests and RolesInTheContractTests.
                ("inspectorate administrator", directory.administrator, ["--exclude-operation-id", "disableAccount"]),
                ("inspectorate officer", directory.officer, signedInOnly),
                ("chairperson", directory.chairpersonA, signedInOnly),
                ("trainer", directory.trainer, signedInOnly),
                ("participant", directory.memberA, signedInOnly),
            ]
            for run in runs {
                let token = try await api.token(for: run.caller)
                let (status, output) = try await Self.run(schemathesis, [
                    "--config-file", Self.configFile.path, "run", "http://127.0.0.1:\(port)/openapi.yaml",
                    "--checks", "all", "--header", "Authorization: Bearer \(token)", "--no-color",
                    "--report", "junit", "--report-dir", TestScratch.folder.appendingPathComponent("schemathesis-\(UUID())").path,
                ] + run.arguments)
                #expect(status == 0, "schemathesis as \(run.role) found failures:\n\(Self.failures(in: output))")
            }
        }
    }

    /// The operations the document marks `security: []`.
    static func publicOperationIDs(_ yaml: String) throws -> [String] {
        let root = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: [String: Any]])
        return paths.values.flatMap { $0.values.compactMap { $0 as? [String: Any] } }
            .filter { ($0["security"] as? [Any])?.isEmpty == true }
            .compactMap { $0["operationId"] as? String }.sorted()
    }

    /// Runs schemathesis to the end; its output goes to a file, as a pipe could fill and stall it.
    static func run(_ executable: URL, _ arguments: [String]) async throws -> (Int32, String) {
        let log = TestScratch.folder.appendingPathComponent("schemathesis-\(UUID()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = TestScratch.folder
        process.standardOutput = handle
        process.standardError = handle
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"]) { $1 }
        try process.run()
        // Off the concurrency pool, whose threads the server schemathesis talks to needs.
        let status = await ChildProcess.exit(of: process)
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// The failures section of schemathesis's output (the whole output when there is none).
    static func failures(in output: String) -> String {
        guard let start = output.range(of: "FAILURES") else { return String(output.suffix(20_000)) }
        return String(output[start.lowerBound...].prefix(40_000))
    }
}

struct FuzzSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
