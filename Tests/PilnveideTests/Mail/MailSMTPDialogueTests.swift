import Foundation
import Testing

@testable import Mail

/// The client against recorded server sides (ScriptedSMTPServer): the exact lines it sends, and how each
/// outcome becomes a temporary or a permanent failure with the server's own words.
@Suite struct MailSMTPDialogueTests {
    static let message = MailMessage(
        from: MailAddress("pilnveide@bti.gov.lv", name: "Pilnveide"),
        to: [MailAddress("ilze.ozolina@example.lv", name: "Ilze Ozoliņa"), MailAddress("karlis@example.lv")],
        subject: "Atgādinājums / Reminder",
        text: "Labdien!\n.Rinda ar punktu sākumā.\nVisu labu.",
        messageID: "m-1@pilnveide.example.lv", date: Date(timeIntervalSince1970: 1_800_000_000)
    )

    /// A short reply time limit, so the silent-server case takes a second.
    static func transport(port: Int, credentials: SMTPConfiguration.Credentials? = nil, pretendRemote: Bool = false) throws -> SMTPTransport {
        var configuration = SMTPConfiguration(
            host: "127.0.0.1", port: port, security: .startTLS, credentials: credentials, clientName: "client.test",
            connectTimeout: .seconds(5), replyTimeout: .seconds(1)
        )
        if pretendRemote { configuration.allowsPlainText = false }
        return try SMTPTransport(configuration: configuration)
    }

    static let greeting = ScriptedSMTPServer.Step.reply("220 smtp.test ESMTP ready")
    static let hello = ScriptedSMTPServer.Step.reply(["250-smtp.test greets client.test", "250-SIZE 10240000", "250-8BITMIME", "250 HELP"])
    static let envelope = ["EHLO client.test", "MAIL FROM:<pilnveide@bti.gov.lv>", "RCPT TO:<ilze.ozolina@example.lv>", "RCPT TO:<karlis@example.lv>"]

    /// The message's lines as they must arrive: the rendering (deterministic for a text-only message) with each
    /// leading "." doubled.
    static func expectedDataLines() throws -> [String] {
        let text = String(decoding: try MIMEMessage(rendering: message).data, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        lines.removeLast()
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }
    }

    @Test func plainDeliveryToLoopbackWithAMultiLineEHLO() async throws {
        let server = try await ScriptedSMTPServer.start([
            Self.greeting, Self.hello, .reply("250 2.1.0 Ok"), .reply("250 2.1.5 Ok"), .reply("251 2.1.5 Will forward"),
            .reply("354 End data with <CR><LF>.<CR><LF>"), .reply("250 2.0.0 Ok: queued as 12345"), .reply("221 2.0.0 Bye"),
        ])
        try await Self.transport(port: server.port).send(Self.message)
        let record = try await server.recorded()
        #expect(record.commands == Self.envelope + ["DATA", "QUIT"])
        #expect(record.messages == [try Self.expectedDataLines()])
        #expect(record.messages.first?.contains("..Rinda ar punktu s=C4=81kum=C4=81.") == true)
        try await server.stop()
    }

    static let credentials = SMTPConfiguration.Credentials(user: "pilnveide", password: "pār:ole")

    /// The same server over TLS: STARTTLS, the certificate trusted by file (the client checks it against
    /// 127.0.0.1), EHLO again, then the credentials.
    static func overTLS(authentication: [String], _ rest: [ScriptedSMTPServer.Step]) async throws -> (ScriptedSMTPServer, SMTPTransport) {
        let certificate = try await MailTestTools.selfSignedCertificate()
        let server = try await ScriptedSMTPServer.start(
            [greeting, .reply(["250-smtp.test", "250-STARTTLS", "250 8BITMIME"]), .startTLS, .reply(["250-smtp.test"] + authentication)] + rest,
            certificate: certificate
        )
        var configuration = SMTPConfiguration(
            host: "127.0.0.1", port: server.port, security: .startTLS, credentials: credentials,
            trustedCertificatesFile: certificate.certificate.path, clientName: "client.test", replyTimeout: .seconds(5)
        )
        configuration.allowsPlainText = false
        return (server, try SMTPTransport(configuration: configuration))
    }

    static let accepted: [ScriptedSMTPServer.Step] = [
        .reply("250 2.1.0 Ok"), .reply("250 2.1.5 Ok"), .reply("250 2.1.5 Ok"), .reply("354 Go ahead"), .reply("250 2.0.0 Ok"), .reply("221 Bye"),
    ]

    @Test func startTLSThenAuthPlainWithTheCredentialsInBase64() async throws {
        let (server, transport) = try await Self.overTLS(authentication: ["250 AUTH LOGIN PLAIN"], [.reply("235 2.7.0 Authentication successful")] + Self.accepted)
        try await transport.send(Self.message)
        let record = try await server.recorded()
        // RFC 4616: NUL, user, NUL, password (UTF-8), in base64.
        #expect(Data(base64Encoded: "AHBpbG52ZWlkZQBwxIFyOm9sZQ==") == Data("\0pilnveide\0pār:ole".utf8))
        #expect(record.commands == ["EHLO client.test", "STARTTLS", "EHLO client.test", "AUTH PLAIN AHBpbG52ZWlkZQBwxIFyOm9sZQ=="] + Self.envelope.dropFirst() + ["DATA", "QUIT"])
        #expect(record.messages == [try Self.expectedDataLines()])
        try await server.stop()
    }

    @Test func authLoginWhenItIsTheOnlyMechanismOffered() async throws {
        let (server, transport) = try await Self.overTLS(
            authentication: ["250 AUTH LOGIN"],
            [.reply("334 VXNlcm5hbWU6"), .reply("334 UGFzc3dvcmQ6"), .reply("235 2.7.0 Authentication successful")] + Self.accepted
        )
        try await transport.send(Self.message)
        let record = try await server.recorded()
        #expect(Array(record.commands.prefix(6)) == ["EHLO client.test", "STARTTLS", "EHLO client.test", "AUTH LOGIN", "cGlsbnZlaWRl", "cMSBcjpvbGU="])
        #expect(record.commands.last == "QUIT" && record.messages.count == 1)
        try await server.stop()
    }

    @Test func refusedCredentialsArePermanentAndTheErrorDoesNotRepeatThem() async throws {
        let (server, transport) = try await Self.overTLS(
            authentication: ["250 AUTH PLAIN"], [.reply("535 5.7.8 Authentication credentials invalid"), .reply("221 Bye")]
        )
        await #expect(throws: MailDeliveryError.permanent(reply: "535 5.7.8 Authentication credentials invalid (to AUTH PLAIN)")) {
            try await transport.send(Self.message)
        }
        #expect(try await server.recorded().commands.suffix(2) == ["AUTH PLAIN AHBpbG52ZWlkZQBwxIFyOm9sZQ==", "QUIT"])
        try await server.stop()
    }

    @Test func credentialsAreNeverSentWithoutTLSEvenToLoopback() async throws {
        let server = try await ScriptedSMTPServer.start([Self.greeting, .reply(["250-smtp.test", "250 AUTH PLAIN LOGIN"]), .reply("221 Bye")])
        await #expect(throws: MailDeliveryError.temporary(reply: "credentials are configured, and they are never sent over an unencrypted connection")) {
            try await Self.transport(port: server.port, credentials: Self.credentials).send(Self.message)
        }
        #expect(try await server.recorded().commands == ["EHLO client.test", "QUIT"])
        try await server.stop()
    }

    /// Lines sent after the 220 to STARTTLS but before the handshake would be read as the encrypted server's
    /// replies: a man in the middle could answer for it. The client stops instead.
    @Test func repliesSmuggledInBeforeTheTLSHandshakeAreRefused() async throws {
        let server = try await ScriptedSMTPServer.start([
            Self.greeting, .reply(["250-smtp.test", "250 STARTTLS"]), .reply(["220 Go ahead", "250-smtp.test", "250 AUTH PLAIN"]),
        ])
        await #expect(throws: MailDeliveryError.temporary(reply: "the server sent more after agreeing to STARTTLS, before the TLS handshake")) {
            try await Self.transport(port: server.port).send(Self.message)
        }
        #expect(try await server.recorded().commands == ["EHLO client.test", "STARTTLS"])
        try await server.stop()
    }

    @Test func anUntrustedCertificateFailsTheHandshakeTemporarily() async throws {
        let certificate = try await MailTestTools.selfSignedCertificate()
        let server = try await ScriptedSMTPServer.start(
            [Self.greeting, .reply(["250-smtp.test", "250 STARTTLS"]), .startTLS], certificate: certificate
        )
        // The system's trust roots: the self-signed certificate is not among them.
        let transport = try Self.transport(port: server.port)
        let failure = await MailTestTools.failure { try await transport.send(Self.message) }
        guard case .temporary(let reply)? = failure else { Issue.record("not a temporary failure: \(String(describing: failure))"); return }
        #expect(reply.hasPrefix("TLS with 127.0.0.1 failed:"), "\(reply)")
        #expect(reply.contains("CERTIFICATE_VERIFY_FAILED"), "\(reply)")
        #expect(try await server.recorded().commands == ["EHLO client.test", "STARTTLS"])
        try await server.stop()
    }

    @Test func a451OnRCPTIsTemporaryWithTheServersReply() async throws {
        let server = try await ScriptedSMTPServer.start([
            Self.greeting, Self.hello, .reply("250 2.1.0 Ok"),
            .reply("451 4.7.1 <ilze.ozolina@example.lv>: Recipient address rejected: greylisted"), .reply("221 Bye"),
        ])
        await #expect(throws: MailDeliveryError.temporary(
            reply: "451 4.7.1 <ilze.ozolina@example.lv>: Recipient address rejected: greylisted (to RCPT TO:<ilze.ozolina@example.lv>)"
        )) {
            try await Self.transport(port: server.port).send(Self.message)
        }
        #expect(try await server.recorded().commands == Array(Self.envelope.prefix(3)) + ["QUIT"])
        try await server.stop()
    }

    @Test func a550IsPermanentWithEveryLineOfTheReply() async throws {
        let server = try await ScriptedSMTPServer.start([
            Self.greeting, Self.hello, .reply("250 2.1.0 Ok"), .reply("250 2.1.5 Ok"), .reply("250 2.1.5 Ok"),
            .reply(["550-5.7.1 Message rejected", "550 5.7.1 see https://smtp.test/policy"]), .reply("221 Bye"),
        ])
        await #expect(throws: MailDeliveryError.permanent(
            reply: "550 5.7.1 Message rejected / 550 5.7.1 see https://smtp.test/policy (to DATA)"
        )) {
            try await Self.transport(port: server.port).send(Self.message)
        }
        #expect(try await server.recorded().commands == Self.envelope + ["DATA", "QUIT"])
        try await server.stop()
    }

    @Test func aServerThatDropsTheConnectionIsATemporaryFailure() async throws {
        let server = try await ScriptedSMTPServer.start([Self.greeting, Self.hello, .reply("250 2.1.0 Ok"), .drop])
        await #expect(throws: MailDeliveryError.temporary(reply: "the server closed the connection")) {
            try await Self.transport(port: server.port).send(Self.message)
        }
        #expect(try await server.recorded().commands == Array(Self.envelope.prefix(3)))
        try await server.stop()
    }

    @Test func aServerThatFallsSilentTimesOut() async throws {
        let server = try await ScriptedSMTPServer.start([Self.greeting, .silence])
        let started = ContinuousClock.now
        await #expect(throws: MailDeliveryError.temporary(reply: "no reply from the server within 1.0 seconds")) {
            try await Self.transport(port: server.port).send(Self.message)
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try await server.recorded().commands == ["EHLO client.test"])
        try await server.stop()
    }

    @Test func aRefusedConnectionIsATemporaryFailure() async throws {
        let server = try await ScriptedSMTPServer.start([])
        let port = server.port
        try await server.stop()
        let transport = try Self.transport(port: port)
        let failure = await MailTestTools.failure { try await transport.send(Self.message) }
        guard case .temporary(let reply)? = failure else { Issue.record("not a temporary failure: \(String(describing: failure))"); return }
        #expect(reply.hasPrefix("connection to 127.0.0.1:\(port) failed:"), "\(reply)")
    }

    @Test func withoutSTARTTLSARemoteServerIsRefusedBeforeTheEnvelope() async throws {
        let server = try await ScriptedSMTPServer.start([Self.greeting, Self.hello, .reply("221 Bye")])
        await #expect(throws: MailDeliveryError.temporary(
            reply: "the server does not offer STARTTLS, and smtp:// requires it for any host but this machine"
        )) {
            try await Self.transport(port: server.port, pretendRemote: true).send(Self.message)
        }
        #expect(try await server.recorded().commands == ["EHLO client.test", "QUIT"])
        try await server.stop()
    }

    @Test func aGarbledReplyIsAProtocolErrorAndTemporary() async throws {
        let server = try await ScriptedSMTPServer.start([.reply("HTTP/1.1 400 Bad Request")])
        await #expect(throws: MailDeliveryError.temporary(reply: "the server sent \"HTTP/1.1 400 Bad Request\", which is not an SMTP reply")) {
            try await Self.transport(port: server.port).send(Self.message)
        }
        try await server.stop()
    }

    @Test func aMessageThatCannotBeWrittenFailsPermanentlyWithoutConnecting() async throws {
        let server = try await ScriptedSMTPServer.start([Self.greeting])
        var message = Self.message
        message.to = [MailAddress("ilze@bāriņtiesa.lv")]
        let transport = try Self.transport(port: server.port)
        let failure = await MailTestTools.failure { try await transport.send(message) }
        guard case .permanent(let reply)? = failure else { Issue.record("not a permanent failure: \(String(describing: failure))"); return }
        #expect(reply.contains("bāriņtiesa.lv"))
        #expect(try await server.recorded().commands == [])
        try await server.stop()
    }
}
