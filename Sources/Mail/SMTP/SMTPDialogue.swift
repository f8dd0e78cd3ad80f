import Foundation
import Logging
import NIOCore
import NIOSSL

/// The commands of one delivery, in order, each checked against the reply RFC 5321 expects. After a reply that
/// ends the attempt, the client still says QUIT, as the RFC asks, before the error goes up.
struct SMTPDialogue {
    let configuration: SMTPConfiguration
    let tls: NIOSSLContext
    let logger: Logger
    let metadata: Logger.Metadata

    func deliver(_ message: MailMessage, data: Data, over connection: inout SMTPConnection) async throws {
        do {
            try await converse(message, data: data, over: &connection)
        } catch let error as SMTPReplyError {
            await quitQuietly(over: &connection)
            throw error
        } catch let error as SMTPRefusal {
            await quitQuietly(over: &connection)
            throw error
        }
    }

    private func converse(_ message: MailMessage, data: Data, over connection: inout SMTPConnection) async throws {
        try expect([220], try await connection.readReply(), to: "the connection")
        let name = configuration.clientName ?? String(message.from.domain)
        var hello = try await command("EHLO \(name)", expecting: [250], over: &connection)
        if !connection.isEncrypted {
            let next = try SMTPSecurityPolicy.afterEHLO(
                offersStartTLS: hello.extensions["STARTTLS"] != nil, allowsPlainText: configuration.allowsPlainText
            )
            if next == .startTLS {
                try await command("STARTTLS", expecting: [220], over: &connection)
                try await connection.startTLS(tls, host: configuration.host)
                hello = try await command("EHLO \(name)", expecting: [250], over: &connection)
            }
        }
        if let credentials = configuration.credentials {
            try await authenticate(credentials, offered: hello.extensions["AUTH"] ?? [], over: &connection)
        }
        try await command("MAIL FROM:<\(message.from.address)>", expecting: [250], over: &connection)
        for recipient in message.to {
            try await command("RCPT TO:<\(recipient.address)>", expecting: [250, 251], over: &connection)
        }
        try await command("DATA", expecting: [354], over: &connection)
        try await connection.write(ByteBuffer(bytes: SMTPData.encode(data)))
        try expect([250], try await connection.readReply(), to: "the message's data")
        // The message is accepted; a server that then drops the connection instead of answering QUIT changes
        // nothing.
        await quitQuietly(over: &connection)
    }

    private func authenticate(
        _ credentials: SMTPConfiguration.Credentials, offered: [String], over connection: inout SMTPConnection
    ) async throws {
        switch try SMTPSecurityPolicy.authentication(offered: offered, isEncrypted: connection.isEncrypted) {
        case .plain:
            let token = Data("\0\(credentials.user)\0\(credentials.password)".utf8).base64EncodedString()
            try await command("AUTH PLAIN \(token)", shownAs: "AUTH PLAIN", expecting: [235], over: &connection)
        case .login:
            try await command("AUTH LOGIN", expecting: [334], over: &connection)
            let user = Data(credentials.user.utf8).base64EncodedString()
            try await command(user, shownAs: "AUTH LOGIN (user name)", expecting: [334], over: &connection)
            let password = Data(credentials.password.utf8).base64EncodedString()
            try await command(password, shownAs: "AUTH LOGIN (password)", expecting: [235], over: &connection)
        }
    }

    /// Sends one command line and checks its reply. `shownAs` is what logs and errors show instead of a line that
    /// carries credentials.
    @discardableResult
    private func command(
        _ line: String, shownAs shown: String? = nil, expecting codes: Set<Int>, over connection: inout SMTPConnection
    ) async throws -> SMTPReply {
        let shown = shown ?? line
        logger.debug("SMTP command", metadata: metadata.merging(["command": "\(shown)"]) { $1 })
        try await connection.write(ByteBuffer(string: line + "\r\n"))
        let reply = try await connection.readReply()
        try expect(codes, reply, to: shown)
        return reply
    }

    private func expect(_ codes: Set<Int>, _ reply: SMTPReply, to command: String) throws {
        logger.debug("SMTP reply", metadata: metadata.merging(["reply": "\(reply)"]) { $1 })
        guard codes.contains(reply.code) else { throw SMTPReplyError(reply: reply, command: command) }
    }

    /// QUIT and its reply, with whatever goes wrong ignored: the outcome is already decided.
    private func quitQuietly(over connection: inout SMTPConnection) async {
        do {
            try await connection.write(ByteBuffer(string: "QUIT\r\n"))
            _ = try await connection.readReply()
        } catch {
            logger.debug("SMTP QUIT not answered", metadata: metadata.merging(["reason": "\(error)"]) { $1 })
        }
    }
}
