import Foundation
import Mail

/// How messages leave the outbox: through which transport (an SMTP server, or `.eml` files in `.local/mail/`),
/// from whom, how often the server looks for messages due, and the domain its Message-IDs end in.
public struct MailSettings: Sendable {
    public var transport: any MailTransport
    public var from: MailAddress
    public var interval: Duration
    public var messageIDDomain: String
    /// Whether the server delivers (`PILNVEIDE_MAIL_DELIVERY=off` leaves it to `pilnveide outbox send`).
    public var serverDelivers: Bool
    /// Where `.eml` files go when no SMTP server is configured; nil when one is.
    public var folder: URL?

    /// `PILNVEIDE_SMTP_URL`, `PILNVEIDE_SMTP_CA_FILE`, `PILNVEIDE_MAIL_FROM` (required with an SMTP server; else
    /// `Pilnveide <pilnveide@HOST>`), `PILNVEIDE_MAIL_INTERVAL_SECONDS` (5), `PILNVEIDE_MAIL_DELIVERY` (`on`/`off`).
    static func fromEnvironment(_ environment: [String: String], localDirectory: URL, publicHost: String) throws -> MailSettings {
        let folder = localDirectory.appendingPathComponent("mail")
        let smtp = !(environment["PILNVEIDE_SMTP_URL"] ?? "").isEmpty
        let transport: any MailTransport
        let from: MailAddress
        do {
            transport = try MailTransports.fromEnvironment(environment, defaultDirectory: folder)
            from = smtp || environment["PILNVEIDE_MAIL_FROM"] != nil
                ? try MailTransports.sender(from: environment) : MailAddress("pilnveide@\(publicHost)", name: "Pilnveide")
        } catch {
            throw SettingsError("\(error)")
        }
        var interval = Duration.seconds(5)
        if let text = environment["PILNVEIDE_MAIL_INTERVAL_SECONDS"] {
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw SettingsError("PILNVEIDE_MAIL_INTERVAL_SECONDS must be a whole number of seconds from 1 to 3600, not '\(text)'")
            }
            interval = .seconds(seconds)
        }
        let delivers: Bool
        switch environment["PILNVEIDE_MAIL_DELIVERY"] ?? "on" {
        case "on": delivers = true
        case "off": delivers = false
        case let other: throw SettingsError("PILNVEIDE_MAIL_DELIVERY must be on or off, not '\(other)'")
        }
        return MailSettings(transport: transport, from: from, interval: interval, messageIDDomain: publicHost, serverDelivers: delivers,
                            folder: smtp ? nil : folder)
    }
}
