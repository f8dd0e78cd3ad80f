import HTTPTypes
import Yams

/// The operations the OpenAPI contract marks public (`security: []`): everything else needs a caller. Read
/// from the contract itself, so the document and the server cannot disagree about who may call what.
struct PublicOperations: Sendable {
    private let operations: Set<String>

    /// The contract's public operations, and `pages` (`GET /verify/{code}`), the public web pages outside it.
    init(document yaml: String, pages: [String] = []) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            throw PublicOperationsError("the OpenAPI document has no paths")
        }
        var operations: Set<String> = []
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            for (method, operation) in item {
                guard let operation = operation as? [String: Any], let security = operation["security"] as? [Any],
                      security.isEmpty
                else { continue }
                operations.insert(Self.key(method: method, route: path))
            }
        }
        self.operations = operations.union(pages)
    }

    func contains(method: HTTPRequest.Method, route: String) -> Bool {
        operations.contains(Self.key(method: method.rawValue, route: route))
    }

    private static func key(method: String, route: String) -> String { "\(method.uppercased()) \(route)" }
}

struct PublicOperationsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
