import Core
import Database
import Directory
import Foundation
import Mail
import Messaging
import Platform
import PostgresNIO
import Testing
import TestSupport

/// A mail server's side, scripted: what it answers to each message in turn, and what it accepted.
actor ScriptedMailServer: MailTransport {
    private var answers: [MailDeliveryError?]
    private(set) var accepted: [MailMessage] = []
    private(set) var attempts: [String] = []

    init(answers: [MailDeliveryError?] = []) { self.answers = answers }

    nonisolated func send(_ message: MailMessage) async throws(MailDeliveryError) {
        if let error = await answer(message) { throw error }
    }

    private func answer(_ message: MailMessage) -> MailDeliveryError? {
        attempts.append(message.messageID)
        let answer = answers.isEmpty ? nil : answers.removeFirst()
        if answer == nil { accepted.append(message) }
        return answer
    }
}

/// The outbox delivered by e-mail against the real database: addresses found, each message sent once, temporary
/// failures retried with the same Message-ID, permanent ones failed with the server's reply.
/// One test at a time: a sender delivers whatever is due in the database, the other tests' messages too.
@Suite(.freshDatabase, .serialized) struct OutboxSenderTests {
    let op = Principal.operator_("test")

    func setUp() async throws -> (Services, Database) {
        let database = try FreshDatabase.current.database
        return (try await Services(database: database), database)
    }

    func sender(_ services: Services, _ transport: any MailTransport, retries: RetrySchedule = .standard) -> OutboxSender {
        OutboxSender(database: services.database, directory: services.directory, transport: transport,
                     from: MailAddress("pilnveide@example.lv", name: "Pilnveide"), messageIDDomain: "pilnveide.example.lv", retries: retries)
    }

    func enqueue(_ database: Database, kind: String = "test", person: UUID? = nil, recipient: String? = nil, subject: String) async throws {
        let store = OutboxStore(logger: database.logger)
        _ = try await database.withConnection { connection in
            try await store.enqueue(kind: kind, person: person, recipient: recipient, subject: subject, body: "Sveiki! / Hello!",
                                    dedupeKey: nil, on: connection)
        }
    }

    /// This suite's messages (the suite's database is shared by its tests): by subject prefix.
    func messages(_ services: Services, _ prefix: String) async throws -> [OutboxMessage] {
        try await services.outbox.outbox(unsentOnly: false).filter { $0.subject.hasPrefix(prefix) }
    }

    func dueNow(_ database: Database) async throws {
        try await database.withConnection { connection in
            try await connection.query("UPDATE notification_outbox SET next_attempt_at = now() WHERE sent_at IS NULL AND failed_at IS NULL",
                                       logger: database.logger)
        }
    }

    @Test func eachMessageGoesOnceToItsPersonOrItsOwnAddressAndOneWithoutAnAddressFails() async throws {
        let (services, database) = try await setUp()
        let tag = String(UUID().uuidString.prefix(6))
        let withEmail = try await services.directory.createPerson(
            PersonDraft(givenName: "Ērika", familyName: "Šķēle \(tag)", email: "erika-\(tag.lowercased())@example.lv", position: "social_worker"), by: op
        ).person
        let withoutEmail = try await services.directory.createPerson(PersonDraft(givenName: "Jānis", familyName: "Bez \(tag)", position: "social_worker"),
                                                                     by: op).person
        try await enqueue(database, person: withEmail.id, subject: "\(tag) a")
        try await enqueue(database, person: withoutEmail.id, recipient: "konts-\(tag.lowercased())@example.lv", subject: "\(tag) b")
        try await enqueue(database, person: withoutEmail.id, subject: "\(tag) c")
        let server = ScriptedMailServer()
        let report = try await sender(services, server).deliverDue()
        #expect(report.sent >= 2 && report.failed >= 1)
        let accepted = await server.accepted.filter { $0.subject.hasPrefix(tag) }
        #expect(accepted.map(\.to) == [[MailAddress("erika-\(tag.lowercased())@example.lv", name: "Ērika Šķēle \(tag)")],
                                       [MailAddress("konts-\(tag.lowercased())@example.lv")]])
        #expect(accepted.allSatisfy { $0.from.address == "pilnveide@example.lv" && $0.messageID.hasSuffix("@pilnveide.example.lv") && $0.text == "Sveiki! / Hello!" })
        let stored = try await messages(services, tag)
        #expect(stored.map { $0.sentAt != nil } == [true, true, false])
        #expect(stored[2].failedAt != nil && stored[2].lastReply == "no e-mail address: person \(withoutEmail.id.lowercasedString) has none in the directory")
        // Nothing is due any more: a second pass sends nothing again.
        #expect(try await sender(services, server).deliverDue() == .init())
    }

    @Test func aTemporaryFailureIsRetriedWithTheSameMessageIDAndAPermanentOneFailsWithTheReply() async throws {
        let (services, database) = try await setUp()
        let tag = String(UUID().uuidString.prefix(6))
        try await enqueue(database, recipient: "a-\(tag.lowercased())@example.lv", subject: "\(tag) once refused")
        let server = ScriptedMailServer(answers: [.temporary(reply: "451 4.3.0 Try again later")])
        var report = try await sender(services, server).deliverDue()
        #expect(report.retried == 1 && report.sent == 0)
        var stored = try #require(try await messages(services, tag).first)
        #expect(stored.sentAt == nil && stored.failedAt == nil && stored.attempts == 1 && stored.lastReply == "451 4.3.0 Try again later")
        // Not due before its back-off ends.
        #expect(try await sender(services, server).deliverDue().sent == 0)
        try await dueNow(database)
        report = try await sender(services, server).deliverDue()
        #expect(report.sent >= 1)
        stored = try #require(try await messages(services, tag).first)
        #expect(stored.sentAt != nil && stored.attempts == 2)
        let tries = await server.attempts
        let ours = await server.accepted.first { $0.subject.hasPrefix(tag) }
        #expect(tries.filter { $0 == ours?.messageID }.count == 2)

        try await enqueue(database, recipient: "nav-\(tag.lowercased())@example.lv", subject: "\(tag) refused")
        let refusing = ScriptedMailServer(answers: [.permanent(reply: "550 5.1.1 No such user")])
        #expect(try await sender(services, refusing).deliverDue().failed == 1)
        let refused = try #require(try await messages(services, "\(tag) refused").first)
        #expect(refused.failedAt != nil && refused.lastReply == "550 5.1.1 No such user")
    }

    @Test func temporaryFailuresEndInFailureAfterTheLastAttempt() async throws {
        let (services, database) = try await setUp()
        let tag = String(UUID().uuidString.prefix(6))
        try await enqueue(database, recipient: "b-\(tag.lowercased())@example.lv", subject: "\(tag) never")
        let server = ScriptedMailServer(answers: [.temporary(reply: "421 busy"), .temporary(reply: "421 still busy")])
        let twice = RetrySchedule(waits: [.seconds(60)], maximumAttempts: 2)
        _ = try await sender(services, server, retries: twice).deliverDue()
        try await dueNow(database)
        _ = try await sender(services, server, retries: twice).deliverDue()
        let stored = try #require(try await messages(services, tag).first)
        #expect(stored.failedAt != nil && stored.attempts == 2 && stored.lastReply == "gave up after 2 attempts; the last reply: 421 still busy")
    }

    @Test func twoSendersAtOnceDeliverEachMessageExactlyOnce() async throws {
        let (services, database) = try await setUp()
        let tag = String(UUID().uuidString.prefix(6))
        for index in 0..<200 { try await enqueue(database, recipient: "c\(index)-\(tag.lowercased())@example.lv", subject: "\(tag) \(index)") }
        let server = ScriptedMailServer()
        async let first = sender(services, server).deliverDue(batch: 20)
        async let second = sender(services, server).deliverDue(batch: 20)
        _ = try await (first, second)
        let ours = await server.accepted.filter { $0.subject.hasPrefix(tag) }
        #expect(ours.count == 200 && Set(ours.map(\.messageID)).count == 200)
        #expect(try await messages(services, tag).allSatisfy { $0.sentAt != nil && $0.attempts == 1 })
    }

    @Test func aSenderWhoseLeaseRanOutSettlesNothingOnceAnotherHasClaimedTheMessage() async throws {
        let (services, database) = try await setUp()
        let tag = String(UUID().uuidString.prefix(6))
        try await enqueue(database, recipient: "d-\(tag.lowercased())@example.lv", subject: "\(tag) slow")
        let store = OutboxStore(logger: database.logger)
        try await database.withConnection { connection in
            // The first sender's lease is over at once; the second claims the message anew.
            let first = try #require(try await store.claimDue(limit: 10, lease: .zero, messageIDDomain: "x", on: connection).first { $0.subject.hasPrefix(tag) })
            let second = try #require(try await store.claimDue(limit: 10, lease: .seconds(600), messageIDDomain: "x", on: connection).first { $0.subject.hasPrefix(tag) })
            #expect(second.attempt == first.attempt + 1 && second.messageID == first.messageID)
            #expect(try await !store.renewClaim(first, lease: .seconds(600), on: connection))
            try await store.settleFailed(first, reply: "late", on: connection)
            try await store.settleSent(second, on: connection)
        }
        let stored = try #require(try await messages(services, tag).first)
        #expect(stored.sentAt != nil && stored.failedAt == nil && stored.lastReply == nil)
    }

    @Test func aOneTimeLinkLeavesTheOutboxOnceItsMessageIsSent() async throws {
        let (services, database) = try await setUp()
        let tag = String(UUID().uuidString.prefix(6))
        let store = OutboxStore(logger: database.logger)
        _ = try await database.withConnection { connection in
            try await store.enqueue(kind: "account.invitation", recipient: "e-\(tag.lowercased())@example.lv", subject: "\(tag) invitation",
                                    body: "https://pilnveide.example.lv/set-password?token=slepens", html: "<a href=\"…?token=slepens\">",
                                    dedupeKey: nil, on: connection)
        }
        let server = ScriptedMailServer()
        _ = try await sender(services, server).deliverDue()
        #expect(await server.accepted.first { $0.subject.hasPrefix(tag) }?.text.contains("token=slepens") == true)
        let stored = try #require(try await messages(services, tag).first)
        #expect(stored.sentAt != nil && !stored.body.contains("slepens"))
    }

    @Test func theRetryScheduleBacksOffThenGivesUp() {
        let schedule = RetrySchedule.standard
        #expect(schedule.wait(after: 1) == .seconds(60) && schedule.wait(after: 2) == .seconds(300))
        #expect(schedule.wait(after: 5) == .seconds(21_600) && schedule.wait(after: 11) == .seconds(21_600))
        #expect(schedule.wait(after: 12) == nil)
    }
}
