import Foundation

/// The language a person reads: Latvian first, English beside it.
public enum Language: String, Sendable, CaseIterable {
    case lv, en

    /// The language an `Accept-Language` header prefers (RFC 9110: tags with optional `q` weights, `*` for any):
    /// the most wanted of Latvian and English, Latvian when the header wants neither or is absent.
    public static func preferred(by header: String?) -> Language {
        guard let header else { return .lv }
        var best: (language: Language, weight: Double)?
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first?.lowercased(), !tag.isEmpty else { continue }
            var weight = 1.0
            for parameter in fields.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = primary == "*" ? Language.lv : Language(rawValue: primary), weight > 0 else { continue }
            // The first of equal weights wins, as the header lists them in order of preference.
            if best == nil || weight > best!.weight { best = (language, weight) }
        }
        return best?.language ?? .lv
    }
}
