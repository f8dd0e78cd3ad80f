import Database
import Foundation
import Notices
import Platform
import PostgresNIO
import Testing
import TestSupport

/// The outbox as an operator sends it: `pilnveide outbox send` writes `.eml` files without a mail server, and with
/// one (aiosmtpd, STARTTLS and AUTH) delivers — once after a greylisting, never after a refusal, which it keeps.
@Suite(.freshDatabase, .serialized) struct OutboxMailTests {
    let cli = AdminCLITests()

    func enqueuePromotion(to recipient: String, group: String) async throws {
        let database = try FreshDatabase.current.database
        let notice = try await NoticeTemplates().render("enrolment_promoted", [
            "name": "Ērika", "group": group,
            "course": ["lv": "ANO Bērnu tiesību konvencija: bērna līdzdalība", "en": "UN Convention on the Rights of the Child"],
            "firstSession": ["lv": "10.03.2027. plkst. 09:30", "en": "10 March 2027, 09:30"],
        ])
        let store = OutboxStore(logger: database.logger)
        _ = try await database.withConnection { connection in
            try await store.enqueue(kind: "enrolment_promoted", recipient: recipient, subject: notice.subject, body: notice.text, html: notice.html,
                                    dedupeKey: nil, on: connection)
        }
    }

    func dueNow() async throws {
        let database = try FreshDatabase.current.database
        try await database.withConnection { connection in
            try await connection.query("UPDATE notification_outbox SET next_attempt_at = now() WHERE sent_at IS NULL AND failed_at IS NULL",
                                       logger: database.logger)
        }
    }

    func files(in folder: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []).filter { $0.pathExtension == "eml" }
    }

    @Test func aRunningServerDeliversByItselfAndRunsTheDailyPassAtStartUp() async throws {
        let local = TestScratch.path("server-local")
        try await enqueuePromotion(to: "ilze@example.lv", group: "ANO-PILOTS-VIDZEME-2027")
        let (process, server) = try ScaleOutTests.start([
            "PILNVEIDE_LOCAL_DIR": local.path, "PILNVEIDE_MAIL_DELIVERY": "on", "PILNVEIDE_MAIL_INTERVAL_SECONDS": "1", "PILNVEIDE_DAILY_AT": "03:00",
        ])
        defer { process.terminate() }
        var written: [URL] = []
        for _ in 0..<100 where written.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            written = files(in: local.appendingPathComponent("mail"))
        }
        #expect(written.count == 1)
        if let file = written.first {
            #expect(try await MailTestTools.readWithPython(file).subject.hasPrefix("Jums ir vieta grupā ANO-PILOTS-VIDZEME-2027"))
        }
        // Never run before, so run at start-up: /ready says when.
        var pass: [String: Any]?
        for _ in 0..<100 where (pass?["succeeded"] as? Bool) != true {
            try await Task.sleep(for: .milliseconds(100))
            pass = try await ScaleOutTests.request(server, "GET", "/ready").body["dailyPass"] as? [String: Any]
        }
        #expect((pass?["succeeded"] as? Bool) == true && pass?["startedAt"] != nil, "\(String(describing: pass))")
    }

    @Test func withoutAMailServerEachMessageIsAnEmlFileInTheLocalFolder() async throws {
        let local = TestScratch.path("outbox-local")
        try await enqueuePromotion(to: "erika@example.lv", group: "ANO-PILOTS-KURZEME-2027")
        let sent = try await cli.pilnveide(["outbox", "send"], environment: ["PILNVEIDE_LOCAL_DIR": local.path])
        #expect(sent.status == 0 && sent.output == "outbox: 1 sent, 0 to retry later, 0 failed (written to \(local.path)/mail)\n", "\(sent.errors)")
        let written = files(in: local.appendingPathComponent("mail"))
        #expect(written.count == 1)
        let message = try await MailTestTools.readWithPython(try #require(written.first))
        #expect(message.subject == "Jums ir vieta grupā ANO-PILOTS-KURZEME-2027 / You have a place in group ANO-PILOTS-KURZEME-2027")
        #expect(message.fromAddress == "pilnveide@localhost" && message.to == ["erika@example.lv"] && message.defects.isEmpty)
        let text = try #require(message.parts.first { $0.contentType == "text/plain" }?.text)
        #expect(text.contains("Labdien, Ērika!") && text.contains("(„ANO Bērnu tiesību konvencija: bērna līdzdalība”)") && text.contains("Hello Ērika,"))
        #expect(message.parts.contains { $0.contentType == "text/html" && ($0.text ?? "").contains(#"<div lang="lv">"#) })
        // Sent is sent: a second run sends nothing.
        #expect(try await cli.pilnveide(["outbox", "send"], environment: ["PILNVEIDE_LOCAL_DIR": local.path]).output.hasPrefix("outbox: 0 sent"))
    }

    @Test func throughARealServerAGreylistedMessageGoesOnceAfterARetryAndARefusedOneStaysFailed() async throws {
        let server = try await MailRealSMTPServerTests.Server.start(["--mode", "temporary-first"])
        defer { Task { await server.stop() } }
        let environment = [
            "PILNVEIDE_SMTP_URL": "smtp://pilnveide:slepena%20parole%20%C4%81@127.0.0.1:\(server.port)",
            "PILNVEIDE_SMTP_CA_FILE": server.folder.appendingPathComponent("cert.pem").path,
            "PILNVEIDE_MAIL_FROM": "Bērnu aizsardzības centrs <pilnveide@bac.example.lv>",
        ]
        try await enqueuePromotion(to: "janis@example.lv", group: "ANO-PILOTS-LATGALE-2027")
        let first = try await cli.pilnveide(["outbox", "send"], environment: environment)
        #expect(first.output == "outbox: 0 sent, 1 to retry later, 0 failed\n", "\(first.errors)")
        let waiting = try await cli.pilnveide(["outbox", "list"])
        #expect(waiting.output.contains("waiting, 1 attempt(s) so far: 451"), "\(waiting.output)")
        try await dueNow()
        let second = try await cli.pilnveide(["outbox", "send"], environment: environment)
        #expect(second.output == "outbox: 1 sent, 0 to retry later, 0 failed\n", "\(second.errors)")
        #expect(files(in: server.folder.appendingPathComponent("mail")).count == 1)
        let message = try await MailTestTools.readWithPython(server.saved(1))
        #expect(message.fromName == "Bērnu aizsardzības centrs" && message.fromAddress == "pilnveide@bac.example.lv")
        #expect(message.subject.hasPrefix("Jums ir vieta grupā ANO-PILOTS-LATGALE-2027") && message.messageID.hasSuffix("@localhost>"))
        #expect(try server.envelope(1).tls && server.envelope(1).rcptTos == ["janis@example.lv"])
        await server.stop()

        let refusing = try await MailRealSMTPServerTests.Server.start(["--mode", "reject"])
        defer { Task { await refusing.stop() } }
        var refusingEnvironment = environment
        refusingEnvironment["PILNVEIDE_SMTP_URL"] = "smtp://pilnveide:slepena%20parole%20%C4%81@127.0.0.1:\(refusing.port)"
        refusingEnvironment["PILNVEIDE_SMTP_CA_FILE"] = refusing.folder.appendingPathComponent("cert.pem").path
        try await enqueuePromotion(to: "nav@example.lv", group: "ANO-PILOTS-RIGA-2027")
        let refused = try await cli.pilnveide(["outbox", "send"], environment: refusingEnvironment)
        #expect(refused.output == "outbox: 0 sent, 0 to retry later, 1 failed\n", "\(refused.errors)")
        let listed = try await cli.pilnveide(["outbox", "list", "--all"])
        #expect(listed.output.contains("FAILED") && listed.output.contains("after 1 attempt(s): 550"), "\(listed.output)")
        await refusing.stop()
    }
}
