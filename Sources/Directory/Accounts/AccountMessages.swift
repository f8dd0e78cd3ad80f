import Foundation

/// The e-mails about an account — an invitation, a reset link, the notice of a changed password — Latvian first,
/// English below, as plain text with an HTML alternative. The link's secret appears here and nowhere else.
public struct AccountMessage: Sendable, Equatable {
    public let kind: String
    public let subject: String
    public let body: String
    public let html: String

    /// A link to choose a password: an invitation for a new account, or a reset.
    public static func link(_ purpose: OneTimeLink.Purpose, givenName: String, email: String, url: String) -> AccountMessage {
        let hours = Int(OneTimeLink.lifetime.components.seconds / 3600)
        let (lv, en): ([String], [String])
        switch purpose {
        case .invitation:
            lv = [
                "Labdien, \(givenName)!",
                "Jums ir izveidots konts Pilnveidē — bērnu tiesību aizsardzības speciālistu mācību un sertifikācijas sistēmā (lietotājvārds: \(email)). Lai to sāktu lietot, izvēlieties paroli, atverot šo saiti:",
                url,
                "Saite ir derīga \(hours) stundas, un to var izmantot vienu reizi. Ja šo vēstuli negaidījāt, varat to neņemt vērā.",
            ]
            en = [
                "Hello \(givenName),",
                "An account has been created for you in Pilnveide, the training and certification platform of Latvia's child-rights protection system (user name: \(email)). To start using it, choose a password by opening this link:",
                url,
                "The link is valid for \(hours) hours and can be used once. If you did not expect this message, you can ignore it.",
            ]
            return AccountMessage(kind: "account.invitation", subject: "Jūsu Pilnveides konts / Your Pilnveide account", lv: lv, en: en, link: url)
        case .reset:
            lv = [
                "Labdien, \(givenName)!",
                "Kāds (cerams, jūs) lūdza atjaunot paroli Pilnveides kontam \(email). Jaunu paroli varat izvēlēties, atverot šo saiti:",
                url,
                "Saite ir derīga \(hours) stundas, un to var izmantot vienu reizi. Ja paroli neaizmirsāt, šo vēstuli varat neņemt vērā: līdzšinējā parole joprojām darbojas.",
            ]
            en = [
                "Hello \(givenName),",
                "Someone (we hope you) asked to reset the password of the Pilnveide account \(email). You can choose a new password by opening this link:",
                url,
                "The link is valid for \(hours) hours and can be used once. If you did not forget your password, you can ignore this message: your current password still works.",
            ]
            return AccountMessage(kind: "account.password_reset", subject: "Paroles atjaunošana / Resetting your password", lv: lv, en: en, link: url)
        }
    }

    /// The notice that an account's password was changed, so its owner learns of a change they did not make.
    public static func passwordChanged(givenName: String, email: String) -> AccountMessage {
        AccountMessage(
            kind: "account.password_changed", subject: "Jūsu parole ir nomainīta / Your password was changed",
            lv: [
                "Labdien, \(givenName)!",
                "Pilnveides konta \(email) parole tikko tika nomainīta, un visas pārējās pierakstīšanās ir beigtas.",
                "Ja to nedarījāt jūs, nekavējoties sazinieties ar inspekcijas administratoru.",
            ],
            en: [
                "Hello \(givenName),",
                "The password of the Pilnveide account \(email) has just been changed, and every other sign-in has ended.",
                "If this was not you, contact the inspectorate's administrator at once.",
            ],
            link: nil
        )
    }

    init(kind: String, subject: String, lv: [String], en: [String], link: String?) {
        self.kind = kind
        self.subject = subject
        body = (lv + ["—"] + en).joined(separator: "\n\n") + "\n"
        func paragraphs(_ lines: [String], lang: String) -> String {
            lines.map { line in
                let text = Self.escaped(line)
                return line == link ? "<p><a href=\"\(text)\">\(text)</a></p>" : "<p>\(text)</p>"
            }.joined(separator: "\n").replacingOccurrences(of: "<p>", with: "<p lang=\"\(lang)\">")
        }
        html = """
            <!doctype html>
            <html lang="lv"><head><meta charset="utf-8"><title>\(Self.escaped(subject))</title></head>
            <body>
            \(paragraphs(lv, lang: "lv"))
            <hr>
            \(paragraphs(en, lang: "en"))
            </body></html>

            """
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
