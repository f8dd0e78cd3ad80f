import Core
import Foundation
import HTTPTypes
import Hummingbird
import Yams

/// Holds every text parameter (in the query, the path or a header) to the rules the contract gives it, the
/// rules a body's text has: at most `maxLength` characters, and no control characters.
///
/// The generated server decodes parameters but checks neither `pattern` nor `maxLength`, so a NUL in
/// `?course=` once reached PostgreSQL, which cannot store it. The parameters are read from the contract itself:
/// those whose schema has a `pattern` (ServedDocumentTests checks that every text parameter has one that
/// refuses control characters). A refusal is a validation problem naming the parameter, as for a body's field.
struct ParameterTextMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    struct Parameter: Sendable, Equatable {
        enum Location: String, Sendable { case query, path, header }
        let location: Location
        let name: String
        let maxLength: Int?
    }

    /// The text parameters of each operation, by "METHOD /route/{parameter}".
    let operations: [String: [Parameter]]

    init(document yaml: String) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            throw PublicOperationsError("the OpenAPI document has no paths")
        }
        let components = root["components"] as? [String: Any]
        let shared = components?["parameters"] as? [String: Any] ?? [:]
        func resolved(_ parameter: Any) -> [String: Any]? {
            guard let parameter = parameter as? [String: Any] else { return nil }
            guard let reference = parameter["$ref"] as? String else { return parameter }
            return shared[String(reference.split(separator: "/").last ?? "")] as? [String: Any]
        }
        func text(_ parameter: [String: Any]) -> Parameter? {
            guard let name = parameter["name"] as? String, let location = (parameter["in"] as? String).flatMap(Parameter.Location.init),
                  let schema = parameter["schema"] as? [String: Any], schema["type"] as? String == "string", schema["pattern"] != nil
            else { return nil }
            return Parameter(location: location, name: name, maxLength: schema["maxLength"] as? Int)
        }
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var operations: [String: [Parameter]] = [:]
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            let common = (item["parameters"] as? [Any] ?? []).compactMap(resolved)
            for (method, operation) in item where methods.contains(method) {
                let own = ((operation as? [String: Any])?["parameters"] as? [Any] ?? []).compactMap(resolved)
                let parameters = (common + own).compactMap(text)
                if !parameters.isEmpty { operations["\(method.uppercased()) \(path)"] = parameters }
            }
        }
        self.operations = operations
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let route = context.endpointPath, let parameters = operations["\(request.method.rawValue) \(route)"] else {
            return try await next(request, context)
        }
        var validation = Validation()
        for parameter in parameters {
            for value in Self.values(of: parameter, in: request, context: context) {
                // A header's bytes that are not UTF-8 arrive as U+FFFD: a client sending Latin-1 sends U+0080–U+009F,
                // control characters, as single bytes, which must be refused like the characters themselves.
                if parameter.location == .header, value.unicodeScalars.contains("\u{FFFD}") {
                    validation.add(parameter.name, "must be UTF-8 text without control characters")
                    continue
                }
                _ = validation.optionalText(value, parameter.name, maxLength: parameter.maxLength ?? .max)
            }
        }
        try validation.check()
        return try await next(request, context)
    }

    /// The parameter's values as the generated server decodes them: query and path percent-decoded.
    static func values(of parameter: Parameter, in request: Request, context: Context) -> [String] {
        switch parameter.location {
        case .query:
            return request.uri.queryParameters.getAll(parameter.name)
        case .path:
            guard let raw = context.parameters.get(parameter.name) else { return [] }
            return [raw.removingPercentEncoding ?? raw]
        case .header:
            guard let name = HTTPField.Name(parameter.name) else { return [] }
            return request.headers[values: name]
        }
    }
}
