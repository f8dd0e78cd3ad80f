import Foundation
import Testing
import TestSupport

@testable import Mail

/// Delivery to a real SMTP server, aiosmtpd (Tests/Mail/smtp_server.py), with STARTTLS and AUTH required and a
/// self-signed certificate the client is told to trust; what arrived is read back with Python's `email` package.
@Suite struct MailRealSMTPServerTests {
    /// A running smtp_server.py: its folder (certificate, saved mail) and port. It stops when `stop` closes its
    /// standard input, or when this process ends.
    struct Server {
        let folder: URL
        let port: Int
        let process: Process
        let input: Pipe

        static func start(_ arguments: [String] = []) async throws -> Server {
            let folder = TestScratch.path("smtp-server")
            let process = Process()
            process.executableURL = try MailTestTools.python()
            process.arguments = [MailTestTools.script("smtp_server.py"), folder.path] + arguments
            let input = Pipe()
            process.standardInput = input
            try process.run()
            let portFile = folder.appendingPathComponent("port")
            for _ in 0..<300 {
                if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                    return Server(folder: folder, port: port, process: process, input: input)
                }
                guard process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            process.terminate()
            throw MailTestSetupError("smtp_server.py did not start (status \(process.isRunning ? "running" : "\(process.terminationStatus)"))")
        }

        func transport(scheme: String = "smtp") throws -> SMTPTransport {
            var configuration = try SMTPConfiguration(
                url: "\(scheme)://pilnveide:slepena%20parole%20%C4%81@127.0.0.1:\(port)",
                trustedCertificatesFile: folder.appendingPathComponent("cert.pem").path
            )
            // As for a server elsewhere: STARTTLS must happen (the server requires it anyway).
            configuration.allowsPlainText = false
            configuration.replyTimeout = .seconds(20)
            return try SMTPTransport(configuration: configuration)
        }

        func saved(_ number: Int) -> URL { folder.appendingPathComponent("mail/\(number).eml") }

        /// What the server recorded besides the message: the envelope, TLS, who signed in and how.
        struct Envelope: Decodable {
            var mailFrom: String
            var rcptTos: [String]
            var tls: Bool
            var authenticated: Bool
            var login: String?
            var mechanism: String?
        }

        func envelope(_ number: Int) throws -> Envelope {
            try JSONDecoder().decode(Envelope.self, from: Data(contentsOf: folder.appendingPathComponent("mail/\(number).json")))
        }

        func stop() async {
            try? input.fileHandleForWriting.close()
            _ = await ChildProcess.exit(of: process)
        }
    }

    @Test func anInvitationInLatvianAndEnglishWithHTMLAndAnICSArrivesIntact() async throws {
        let server = try await Server.start()
        let message = MailMIMEMessageTests.invitation()
        try await server.transport().send(message)

        let envelope = try server.envelope(1)
        #expect(envelope.tls && envelope.authenticated && envelope.login == "pilnveide" && envelope.mechanism == "PLAIN")
        #expect(envelope.mailFrom == "pilnveide@bti.gov.lv" && envelope.rcptTos == ["ilze.ozolina@example.lv", "karlis@example.lv"])

        // What arrived is exactly what was rendered: dot-stuffing undone by the server, nothing else changed.
        let arrived = try Data(contentsOf: server.saved(1))
        let read = try await MailTestTools.readWithPython(server.saved(1))
        #expect(read.defects == [])
        #expect(read.subject == message.subject)
        #expect(read.fromName == "Pilnveide — Bērnu tiesību inspekcija" && read.toNames.first == "Ilze Ozoliņa")
        #expect(read.messageID == "<\(message.messageID)>" && read.mimeVersion == "1.0")
        #expect(read.parts.map(\.contentType) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar"])
        let text = try #require(read.parts[2].text), html = try #require(read.parts[3].text)
        #expect(text.contains("Labdien, Ilze!") && text.contains("Hello, Ilze!"))
        #expect(text.contains(".šī rinda sākas ar punktu"))
        #expect(text.contains("ā č ē ģ ī ķ ļ ņ š ū ž") && html.contains("ā č ē ģ ī ķ ļ ņ š ū ž"))
        #expect(text.contains("https://pilnveide.example.lv/v1/groups/ANO-PILOTS-KURZEME-2027"))
        #expect(html.contains("<a href=\"https://pilnveide.example.lv/v1/groups/ANO-PILOTS-KURZEME-2027\">"))
        #expect(html.contains("<p lang=\"en\">Hello, Ilze! You are enrolled.</p>"))
        let calendar = read.parts[4]
        #expect(calendar.filename == "ielugums.ics" && calendar.method == "REQUEST" && calendar.disposition == "attachment")
        #expect(calendar.text?.contains("SUMMARY:Bērna līdzdalība — Cēsis") == true)
        #expect(read.longestLine <= 78 && read.bareLineFeeds == 0)
        #expect(String(decoding: arrived, as: UTF8.self).contains("\r\nSubject: =?UTF-8?Q?Iel=C5=ABgums"))
        await server.stop()
    }

    @Test func authLoginWhenTheServerOffersOnlyIt() async throws {
        let server = try await Server.start(["--auth", "login-only"])
        try await server.transport().send(MailSMTPDialogueTests.message)
        #expect(try server.envelope(1).mechanism == "LOGIN")
        let read = try await MailTestTools.readWithPython(server.saved(1))
        #expect(read.parts.first?.text?.contains(".Rinda ar punktu sākumā.") == true)
        await server.stop()
    }

    @Test func smtpsSpeaksTLSFromTheFirstByte() async throws {
        let server = try await Server.start(["--implicit-tls"])
        try await server.transport(scheme: "smtps").send(MailSMTPDialogueTests.message)
        let envelope = try server.envelope(1)
        #expect(envelope.tls && envelope.authenticated && envelope.mechanism == "PLAIN")
        await server.stop()
    }

    @Test func greylistingIsTemporaryAndTheNextAttemptGoesThrough() async throws {
        let server = try await Server.start(["--mode", "temporary-first"])
        let transport = try server.transport()
        await #expect(throws: MailDeliveryError.temporary(
            reply: "451 4.7.1 <ilze.ozolina@example.lv>: Recipient address rejected: greylisted, try again later (to RCPT TO:<ilze.ozolina@example.lv>)"
        )) {
            try await transport.send(MailSMTPDialogueTests.message)
        }
        #expect(!FileManager.default.fileExists(atPath: server.saved(1).path))
        try await transport.send(MailSMTPDialogueTests.message)
        #expect(FileManager.default.fileExists(atPath: server.saved(1).path))
        await server.stop()
    }

    @Test func aRejectedRecipientIsPermanent() async throws {
        let server = try await Server.start(["--mode", "reject"])
        await #expect(throws: MailDeliveryError.permanent(
            reply: "550 5.1.1 <ilze.ozolina@example.lv>: Recipient address rejected: no such mailbox (to RCPT TO:<ilze.ozolina@example.lv>)"
        )) {
            try await server.transport().send(MailSMTPDialogueTests.message)
        }
        await server.stop()
    }

    @Test func wrongCredentialsArePermanent() async throws {
        let server = try await Server.start()
        var configuration = try server.transport().configuration
        configuration.credentials?.password = "nepareiza"
        let transport = try SMTPTransport(configuration: configuration)
        let failure = await MailTestTools.failure { try await transport.send(MailSMTPDialogueTests.message) }
        guard case .permanent(let reply)? = failure else { Issue.record("not a permanent failure: \(String(describing: failure))"); return }
        #expect(reply.hasPrefix("535 ") && reply.hasSuffix("(to AUTH PLAIN)") && !reply.contains("nepareiza"), "\(reply)")
        await server.stop()
    }
}
