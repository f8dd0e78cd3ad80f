import Foundation
import HTTPTypes
import Testing
import Yams

/// One operation of the served contract, as the role tests read it: who it names in `x-roles`, and the
/// "Roles:" sentence of its description that says the same in words.
struct ContractOperation: CustomStringConvertible {
    let id: String
    let method: HTTPRequest.Method
    let template: String
    let roles: Set<String>
    let isPublic: Bool
    let prose: String

    var description: String { "\(method.rawValue) \(template) (\(id))" }

    /// Every operation of the document the server serves.
    static func served(by api: APIClient) async throws -> [ContractOperation] {
        let document = try await api.request(.get, "/openapi.yaml")
        #expect(document.status == .ok)
        let root = try #require(try Yams.load(yaml: document.text) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: Any])
        var operations: [ContractOperation] = []
        for (path, item) in paths {
            for (method, operation) in try #require(item as? [String: Any]) {
                guard let operation = operation as? [String: Any], let method = HTTPRequest.Method(method.uppercased()) else { continue }
                let id = try #require(operation["operationId"] as? String, "\(method) \(path) has no operationId")
                operations.append(ContractOperation(
                    id: id, method: method, template: path, roles: Set(operation["x-roles"] as? [String] ?? []),
                    isPublic: (operation["security"] as? [Any])?.isEmpty == true,
                    prose: operation["description"] as? String ?? ""
                ))
            }
        }
        return operations.sorted { ($0.template, $0.method.rawValue) < ($1.template, $1.method.rawValue) }
    }

    /// Whether `path` (a query allowed) is this operation's template with each `{parameter}` filled in.
    func matches(_ path: String) -> Bool {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let pattern = "^" + template.replacingOccurrences(of: #"\{[^}]+\}"#, with: "[^/]+", options: .regularExpression) + "$"
        return bare.range(of: pattern, options: .regularExpression) != nil
    }

    /// The "Roles:" sentence of the description: from "Roles:" to a full stop outside parentheses (nil without one).
    var rolesSentence: String? {
        guard let start = prose.range(of: "Roles:") else { return nil }
        let text = prose[start.upperBound...].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var depth = 0
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "." where depth == 0 && (text.index(after: index) == text.endIndex || text[text.index(after: index)] == " "):
                return String(text[..<index])
            default: break
            }
        }
        return text
    }

    /// The roles the "Roles:" sentence names, outside its parentheses (which qualify, never add, a role). The
    /// words people write for each role, tried in this order, each match taken out before the next is tried:
    /// "inspectorate" alone is both of its roles; "the person", "holder", "others" and "themselves" are the
    /// participant, which every signed-in account is.
    var rolesNamedInWords: Set<String>? {
        guard let sentence = rolesSentence else { return nil }
        var text = ""
        var depth = 0
        for character in sentence {
            if character == "(" { depth += 1 } else if character == ")" { depth -= 1 } else if depth == 0 { text.append(character) }
        }
        text = text.lowercased()
        let words: [(pattern: String, roles: Set<String>)] = [
            (#"inspectorate[_ ]administrators?"#, ["inspectorate_administrator"]),
            (#"inspectorate[_ ]officers?"#, ["inspectorate_officer"]),
            (#"inspectorate"#, ["inspectorate_administrator", "inspectorate_officer"]),
            (#"trainers?"#, ["trainer"]),
            (#"chairpersons?"#, ["orphans_court_chairperson"]),
            (#"participants?|\bperson\b|holder|others|themselves|signed-in"#, ["participant"]),
            (#"anyone"#, ["anyone"]),
        ]
        var named: Set<String> = []
        for word in words where text.range(of: word.pattern, options: .regularExpression) != nil {
            named.formUnion(word.roles)
            text = text.replacingOccurrences(of: word.pattern, with: " ", options: .regularExpression)
        }
        return named
    }
}
