import Foundation
import Logging
import NIOCore
import NIOPosix

/// The transport the settings ask for.
public enum MailTransports {
    /// `PILNVEIDE_SMTP_URL` set: an `SMTPTransport` to that server (trusting the certificates in
    /// `PILNVEIDE_SMTP_CA_FILE` instead of the system's, when that is set). Unset: a `MailDropTransport` writing
    /// `.eml` files into `defaultDirectory` (`.local/mail/`), so no message is silently dropped. A setting that
    /// is present but wrong is an error, never a quiet fall-back to the folder.
    public static func fromEnvironment(
        _ environment: [String: String], defaultDirectory: URL,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "pilnveide.mail")
    ) throws(MailConfigurationError) -> any MailTransport {
        let caFile = environment["PILNVEIDE_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url = environment["PILNVEIDE_SMTP_URL"], !url.isEmpty else {
            if caFile != nil { throw MailConfigurationError("PILNVEIDE_SMTP_CA_FILE is set, but PILNVEIDE_SMTP_URL is not") }
            return MailDropTransport(directory: defaultDirectory)
        }
        let configuration = try SMTPConfiguration(url: url, trustedCertificatesFile: caFile)
        return try SMTPTransport(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// The sender, from `PILNVEIDE_MAIL_FROM` (`Name <address>` or `address`).
    public static func sender(from environment: [String: String]) throws(MailConfigurationError) -> MailAddress {
        guard let text = environment["PILNVEIDE_MAIL_FROM"], !text.isEmpty else {
            throw MailConfigurationError("PILNVEIDE_MAIL_FROM is not set; it is the sender of every message, e.g. \"Pilnveide <pilnveide@example.lv>\"")
        }
        do {
            return try MailAddress.parse(text)
        } catch {
            throw MailConfigurationError("PILNVEIDE_MAIL_FROM: \(error)")
        }
    }
}
