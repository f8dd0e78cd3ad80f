import Core
import Directory
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresNIO
import Testing
import TestSupport

/// Two `pilnveide-api` processes on one database, as behind a reverse proxy: work split between them is
/// neither lost nor done twice, and everything that must be shared (capacity, certificate numbers, tokens,
/// idempotency keys, sign-in lockouts, rate limits) lives in PostgreSQL, not in either process.
@Suite(.freshDatabase) struct ScaleOutTests {
    /// A running server, as requests reach it: by its port.
    struct Server: Sendable {
        let port: Int
    }

    static func start(_ environment: [String: String]) throws -> (Process, Server) {
        let settings = try FreshDatabase.current.settings
        let log = TestScratch.folder.appendingPathComponent("server-\(UUID()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pilnveide-api")
        process.environment = [
            "DATABASE_URL": "postgres://\(settings.username):\(settings.password ?? "")@\(settings.host):\(settings.port)/\(settings.database)",
            "PILNVEIDE_MIGRATIONS": TestDatabase.migrationsDirectory.path, "PILNVEIDE_PORT": "0",
            // A test's server does only what the test asks: no daily pass, no mail, unless it says so.
            "PILNVEIDE_DAILY_AT": "off", "PILNVEIDE_MAIL_DELIVERY": "off",
        ].merging(environment) { $1 }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on 127\.0\.0\.1:([0-9]+)"#, options: .regularExpression),
               let port = Int(text[range].split(separator: ":").last ?? "") {
                return (process, Server(port: port))
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw FuzzSetupError("pilnveide-api did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    static func request(_ server: Server, _ method: String, _ path: String, token: String? = nil, json: String? = nil,
                        headers: [String: String] = [:]) async throws -> (status: Int, body: [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as! HTTPURLResponse).statusCode, body)
    }

    static func signIn(_ server: Server, _ email: String, password: String = DirectoryFixture.password) async throws -> String {
        let response = try await request(server, "POST", "/v1/auth/login", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
        return try #require(response.body["token"] as? String, "\(response)")
    }

    @Test(.timeLimit(.minutes(5)))
    func twoServersShareCapacityNumbersTokensKeysLockoutsAndLimits() async throws {
        let certificates = try await CertificateFixture.make()
        let scheduling = try await SchedulingFixture.make()
        let group = try await scheduling.openGroup(capacity: 10)
        var emails: [String] = []
        for person in try await scheduling.participants(30, prefix: "Divi") {
            if case .caller(let caller) = try await scheduling.caller(person) { emails.append(caller.email) }
        }
        var holders: [UUID] = []
        for index in 0..<20 {
            holders.append(try await certificates.services.directory.createPerson(
                PersonDraft(givenName: "Turētājs\(index)", familyName: "Mērogs", position: "orphans_court_member",
                            organisationID: certificates.directory.courtA.id),
                by: CertificateFixture.op
            ).person.id)
        }
        let environment = ["PILNVEIDE_KEYS_DIR": certificates.keys.path, "PILNVEIDE_PUBLIC_URL": "https://pilnveide.example.lv",
                           "PILNVEIDE_VERIFY_RATE_LIMIT": "6"]
        let (first, a) = try Self.start(environment)
        defer { first.terminate() }
        let (second, b) = try Self.start(environment)
        defer { second.terminate() }
        let servers = [a, b]

        // Thirty people enrol at once, half through each server: exactly the capacity is booked.
        var tokens: [String] = []
        for (index, email) in emails.enumerated() { tokens.append(try await Self.signIn(servers[index % 2], email)) }
        let enrolled = try await withThrowingTaskGroup(of: String?.self) { tasks in
            for (index, token) in tokens.enumerated() {
                tasks.addTask {
                    // A token made by one server is honoured by the other.
                    let response = try await Self.request(servers[(index + 1) % 2], "POST", "/v1/groups/\(group.id.uuidString.lowercased())/enrolments",
                                                          token: token, json: "{}")
                    return response.body["status"] as? String
                }
            }
            return try await tasks.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(enrolled.filter { $0 == "booked" }.count == 10 && enrolled.filter { $0 == "waitlisted" }.count == 20, "\(enrolled)")

        // Twenty certificates issued at once through both: consecutive numbers, none twice, none skipped.
        let officer = try await Self.signIn(a, certificates.directory.officer.email)
        let scheme = certificates.scheme
        let numbers = try await withThrowingTaskGroup(of: String?.self) { tasks in
            for (index, holder) in holders.enumerated() {
                tasks.addTask {
                    let body = #"{"personId": "\#(holder.uuidString.lowercased())", "schemeCode": "\#(scheme)", "overrideReason": "Mērogošanas pārbaude"}"#
                    return try await Self.request(servers[index % 2], "POST", "/v1/certificates", token: officer, json: body).body["number"] as? String
                }
            }
            return try await tasks.reduce(into: [String?]()) { $0.append($1) }
        }
        let sequences = numbers.compactMap { $0?.split(separator: "-").last.flatMap { Int($0) } }.sorted()
        #expect(sequences.count == 20 && sequences == Array(sequences[0]..<(sequences[0] + 20)), "\(numbers)")

        // An idempotency key used on one server is known to the other.
        let retried = #"{"personId": "\#(certificates.directory.memberA.personID.uuidString.lowercased())", "schemeCode": "\#(scheme)"}"#
        let issued = try await Self.request(a, "POST", "/v1/certificates", token: officer, json: retried, headers: ["Idempotency-Key": "abu-serveru-1"])
        let replayed = try await Self.request(b, "POST", "/v1/certificates", token: officer, json: retried, headers: ["Idempotency-Key": "abu-serveru-1"])
        #expect(issued.status == 201 && replayed.status == 200 && issued.body["number"] as? String == replayed.body["number"] as? String,
                "\(issued) \(replayed)")

        // Failed sign-ins on one server lock the account on the other.
        let locked = emails[0]
        for _ in 0..<5 { _ = try await Self.request(a, "POST", "/v1/auth/login", json: #"{"email": "\#(locked)", "password": "Nepareiza-parole-9"}"#) }
        let refused = try await Self.request(b, "POST", "/v1/auth/login", json: #"{"email": "\#(locked)", "password": "\#(DirectoryFixture.password)"}"#)
        #expect(refused.status == 429 && refused.body["type"] as? String == "/problems/sign-in-locked", "\(refused)")

        // The public verification limit (6 a minute here) counts requests to both servers together. It counts in
        // minute windows, so the seven requests start well inside one.
        let secondOfMinute = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        if secondOfMinute > 45 { try await Task.sleep(for: .seconds(61 - secondOfMinute)) }
        var statuses: [Int] = []
        for index in 0..<7 { statuses.append(try await Self.request(servers[index % 2], "GET", "/v1/verify/BAC-2026-999999").status) }
        #expect(statuses.prefix(6).allSatisfy { $0 == 200 } && statuses.last == 429, "\(statuses)")
    }
}
