import Core
import Foundation
import Mustache

/// The page a one-time link opens (an invitation's or a reset's), where its person chooses a password, and what
/// follows: done, or the link no longer works. Server-rendered in Latvian or English, no scripts. The link's token
/// travels only in the page's address and its form, and the pages are served with `Referrer-Policy: no-referrer`.
public struct PasswordPages: Sendable {
    let library: MustacheLibrary

    public init() async throws {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw QRCode.Failure(description: "the page templates are missing from the Pages bundle")
        }
        library = try await MustacheLibrary(directory: folder)
    }

    /// The language of a page: `?lang=` when it names one, else the `Accept-Language` header's choice.
    public static func language(query: String?, header: String?) -> Language {
        query.flatMap { Language(rawValue: $0.lowercased()) } ?? Language.preferred(by: header)
    }

    /// The form to choose a password, with what was wrong with the last try (already in `language`).
    public func form(token: String, email: String, invitation: Bool, problems: [String] = [], in language: Language) -> String {
        let lv = language == .lv
        var context = common(language, token: token)
        context["heading"] = invitation ? (lv ? "Paroles izvēle" : "Choose your password") : (lv ? "Jaunas paroles izvēle" : "Choose a new password")
        context["form"] = true
        context["token"] = token
        context["email"] = email
        context["intro"] = invitation
            ? (lv ? "Jums ir izveidots Pilnveides konts. Izvēlieties paroli, ar kuru pierakstīties." : "A Pilnveide account has been created for you. Choose the password you will sign in with.")
            : (lv ? "Izvēlieties jaunu paroli savam Pilnveides kontam. Pēc tam visas līdzšinējās pierakstīšanās beigsies." : "Choose a new password for your Pilnveide account. Every current sign-in ends afterwards.")
        context["accountLabel"] = lv ? "Konts" : "Account"
        context["passwordLabel"] = lv ? "Jaunā parole" : "New password"
        context["confirmationLabel"] = lv ? "Jaunā parole vēlreiz" : "New password again"
        context["rules"] = lv
            ? "Vismaz 12 rakstzīmes; nedrīkst saturēt e-pasta adreses vārda daļu vai būt kāda no visbiežāk lietotajām parolēm. Garu frāzi ir vieglāk atcerēties un grūtāk uzminēt."
            : "At least 12 characters; it must not contain the name part of your e-mail address or be one of the most common passwords. A long phrase is easier to remember and harder to guess."
        context["submit"] = lv ? "Saglabāt paroli" : "Save the password"
        context["hasProblems"] = !problems.isEmpty
        context["problems"] = problems
        return library.render(context, withTemplate: "set-password") ?? ""
    }

    /// The password is set.
    public func done(in language: Language) -> String {
        let lv = language == .lv
        return message(language, heading: lv ? "Parole saglabāta" : "Password saved",
                       lv ? "Jūsu parole ir saglabāta. Tagad varat pierakstīties ar savu e-pasta adresi un jauno paroli."
                          : "Your password is saved. You can now sign in with your e-mail address and the new password.",
                       kind: "valid")
    }

    /// The link is unknown, expired, used already, or its account disabled: the same page for each.
    public func linkRefused(in language: Language) -> String {
        let lv = language == .lv
        return message(language, heading: lv ? "Saite vairs nav derīga" : "This link no longer works",
                       lv ? "Šī saite nav derīga: tā ir nepazīstama, tās derīguma termiņš ir beidzies vai tā jau izmantota."
                          : "This link does not work: it is unknown, it has expired, or it has been used already.",
                       kind: "unknown",
                       note: lv ? "Jaunu saiti varat pieprasīt ar “Aizmirsu paroli”, vai vērsieties pie inspekcijas administratora."
                                : "You can ask for a new link with “Forgot my password”, or contact the inspectorate's administrator.")
    }

    /// A page that only says something: a heading, a message of a kind (its colour), and perhaps a note.
    private func message(_ language: Language, heading: String, _ text: String, kind: String, note: String? = nil) -> String {
        var context = common(language, token: nil)
        context["heading"] = heading
        context["message"] = text
        context["messageKind"] = kind
        if let note { context["note"] = note }
        return library.render(context, withTemplate: "set-password") ?? ""
    }

    /// The other language's link keeps the token, so switching language keeps the form.
    private func common(_ language: Language, token: String?) -> [String: Any] {
        let other: Language = language == .lv ? .en : .lv
        var query = "lang=\(other.rawValue)"
        if let token { query = "token=\(token)&" + query }
        return [
            "lang": language.rawValue, "otherLanguage": other.rawValue, "otherLanguageName": other == .lv ? "Latviski" : "English",
            "switchLanguage": token != nil, "otherLanguageLink": "/set-password?\(query)",
        ]
    }
}
