import Core
import Foundation

/// What a password must be before it is hashed: at least 12 characters, not only spaces, not the name part of the
/// account's e-mail address, and not one of the passwords people use most (the list shipped in
/// `common-passwords.txt`, whose origin `scripts/make-common-passwords.py` states). The same rule for the API, the
/// set-password page and the CLI.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 1024
    /// Name parts of an e-mail address this short are refused only as the whole local part ("ilze@…"); pieces of a
    /// longer one ("ilze.ozolina@…") count from this length, so two letters cannot rule out half the dictionary.
    static let shortestNamePiece = 4

    /// Why a password is refused, in words for the API (English) and the pages (either language).
    public enum Problem: Sendable, Equatable {
        case tooShort, tooLong, onlySpaces, containsEmailName, common

        public func text(in language: Language) -> String {
            switch (self, language) {
            case (.tooShort, .en): "must be at least \(PasswordPolicy.minimumLength) characters long"
            case (.tooShort, .lv): "jābūt vismaz \(PasswordPolicy.minimumLength) rakstzīmes garai"
            case (.tooLong, .en): "must be at most \(PasswordPolicy.maximumLength) characters long"
            case (.tooLong, .lv): "jābūt ne garākai par \(PasswordPolicy.maximumLength) rakstzīmēm"
            case (.onlySpaces, .en): "must not be only spaces"
            case (.onlySpaces, .lv): "nedrīkst sastāvēt tikai no atstarpēm"
            case (.containsEmailName, .en): "must not contain the name part of the e-mail address"
            case (.containsEmailName, .lv): "nedrīkst saturēt e-pasta adreses vārda daļu"
            case (.common, .en): "is one of the most commonly used passwords; choose another"
            case (.common, .lv): "ir viena no visbiežāk lietotajām parolēm; izvēlieties citu"
            }
        }
    }

    /// The common passwords, folded (lower case, no diacritics).
    let common: Set<String>

    public init(common: some Sequence<String>) {
        self.common = Set(common.map(Self.folded))
    }

    /// The policy with the list shipped in this module.
    public static let standard: PasswordPolicy = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("common-passwords.txt is missing from the Directory module's resources") }
        return PasswordPolicy(common: text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") })
    }()

    /// How many common passwords the policy knows.
    public var commonCount: Int { common.count }

    /// Everything wrong with `password` for the account of `email` (nil when there is no address to compare).
    public func problems(_ password: String, email: String?) -> [Problem] {
        if password.count < Self.minimumLength { return [.tooShort] }
        if password.count > Self.maximumLength { return [.tooLong] }
        if password.allSatisfy(\.isWhitespace) { return [.onlySpaces] }
        var problems: [Problem] = []
        let folded = Self.folded(password)
        if let email, Self.namePieces(of: email).contains(where: folded.contains) { problems.append(.containsEmailName) }
        // "parole123456", "Monkey2026!": a common password with digits or marks added at the end is as easy to guess.
        let stem = String(folded.reversed().drop { $0.isNumber || $0.isPunctuation || $0.isSymbol || $0.isWhitespace }.reversed())
        if common.contains(folded) || (!stem.isEmpty && common.contains(stem)) { problems.append(.common) }
        return problems
    }

    /// Throws a validation problem for `field` naming each thing wrong, in English.
    public func check(_ password: String, email: String?, field: String = "password") throws(ServiceError) {
        var validation = Validation()
        for problem in problems(password, email: email) { validation.add(field, problem.text(in: .en)) }
        try validation.check()
    }

    /// The name part of an address, whole and in pieces (`ilze.ozolina` → itself, `ilze`, `ozolina`), folded.
    static func namePieces(of email: String) -> [String] {
        let local = folded(String(email.split(separator: "@", maxSplits: 1).first ?? ""))
        let pieces = local.split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= shortestNamePiece }
        return (local.count >= 3 ? [local] : []) + pieces
    }

    static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }
}
