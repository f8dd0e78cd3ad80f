import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers messages to an SMTP server (RFC 5321) on swift-nio: EHLO, STARTTLS and EHLO again (or TLS from the
/// start for smtps://), AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO for each recipient, DATA, QUIT.
///
/// One connection per message: the outbox sends a message now and then, not a stream of them, so a kept
/// connection would mostly sit idle until the server drops it; and a failure then concerns only the message
/// being sent, which keeps the retry rules of the outbox simple.
public struct SMTPTransport: MailTransport {
    public let configuration: SMTPConfiguration
    private let tls: NIOSSLContext
    private let group: any EventLoopGroup
    private let logger: Logger

    /// Fails when the trusted-certificates file cannot be read, so a bad setting shows at start-up.
    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "pilnveide.mail.smtp")
    ) throws(MailConfigurationError) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let file = configuration.trustedCertificatesFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw MailConfigurationError("the trusted certificates in \(file) cannot be read: \(error)")
            }
        }
        do {
            self.tls = try NIOSSLContext(configuration: tls)
        } catch {
            throw MailConfigurationError("TLS cannot be set up: \(error)")
        }
    }

    public func send(_ message: MailMessage) async throws(MailDeliveryError) {
        let data = try MIMEMessage.deliverable(message)
        let metadata: Logger.Metadata = ["message-id": "\(message.messageID)", "smtp-server": "\(configuration.host):\(configuration.port)"]
        do {
            try await SMTPConnection.withConnection(
                host: configuration.host, port: configuration.port, implicitTLS: configuration.security == .implicitTLS ? tls : nil,
                connectTimeout: configuration.connectTimeout, replyTimeout: configuration.replyTimeout, group: group
            ) { connection in
                let dialogue = SMTPDialogue(configuration: configuration, tls: tls, logger: logger, metadata: metadata)
                try await dialogue.deliver(message, data: data, over: &connection)
            }
            logger.info("mail delivered", metadata: metadata)
        } catch let error as SMTPReplyError {
            logger.warning("mail not delivered", metadata: metadata.merging(["reason": "\(error)"]) { $1 })
            throw error.code >= 500 ? MailDeliveryError.permanent(reply: error.description) : MailDeliveryError.temporary(reply: error.description)
        } catch {
            let reason = Self.describe(error, configuration)
            logger.warning("mail not delivered", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
            throw MailDeliveryError.temporary(reply: reason)
        }
    }

    /// A connection failure or time-out in words for the outbox (NIO's own texts name the system call).
    private static func describe(_ error: any Error, _ configuration: SMTPConfiguration) -> String {
        switch error {
        case is SMTPRefusal, is SMTPProtocolError, is SMTPTimeout, is SMTPConnectionClosed:
            "\(error)"
        case let error as NIOSSLError:
            "TLS with \(configuration.host) failed: \(error)"
        case let error as NIOSSLExtraError:
            "TLS with \(configuration.host) failed: \(error)"
        default:
            "connection to \(configuration.host):\(configuration.port) failed: \(error)"
        }
    }
}

/// A reply that ends the attempt, with the command it answered: 4xx is temporary, 5xx permanent (and any other
/// unexpected code temporary, as a server misbehaving).
struct SMTPReplyError: Error, CustomStringConvertible {
    let reply: SMTPReply
    /// The command as it may be shown: `RCPT TO:<…>`, `AUTH PLAIN` without its credentials, `DATA`.
    let command: String

    var code: Int { reply.code }
    var description: String { "\(reply) (to \(command))" }
}
