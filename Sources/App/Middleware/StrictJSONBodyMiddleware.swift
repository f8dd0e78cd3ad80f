import Credentials
import HTTPTypes
import Hummingbird
import WebAPI

/// Reads every JSON request body strictly before the OpenAPI runtime decodes it.
///
/// Foundation's decoder takes the last of two members with one name and reads `null` as a field left out;
/// the contract allows neither (no request field is nullable). Refusing both here, once, keeps the server
/// exactly to the document: a duplicate is 400, a `null` is a validation problem naming its field.
struct StrictJSONBodyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The runtime decodes a body as JSON also when Content-Type is missing or a wildcard, so those are
        // checked too; unknown routes are left to the router's 404.
        guard let route = context.endpointPath, !Self.documentsCheckedAsSent.contains(route),
              Self.mayBeReadAsJSON(request.headers[.contentType])
        else {
            return try await next(request, context)
        }
        var request = request
        // Collected already by the body limit, so this costs no second read.
        let body = try await request.collectBody(upTo: APILimits.maximumBodyBytes)
        if body.readableBytes > 0 {
            let value: JSONValue
            do {
                value = try StrictJSONParser.parse(body.readableBytesView)
            } catch {
                throw Problem.badRequest("the request body is not valid JSON: \(error)")
            }
            let nulls = Self.nullFields(in: value, at: "")
            if !nulls.isEmpty {
                throw Problem.validation(nulls.prefix(20).map { .init(field: $0, detail: "must not be null; leave the field out instead") })
            }
        }
        return try await next(request, context)
    }

    /// Bodies that are documents in their own right, checked by their handler: a credential may hold `null`s.
    static let documentsCheckedAsSent: Set<String> = ["/v1/verify"]

    /// Whether the OpenAPI runtime would read a body of this type as JSON: `application/json`, or no
    /// specific type at all.
    static func mayBeReadAsJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return true }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType.isEmpty || mediaType == "application/json" || mediaType == "*/*" || mediaType == "application/*"
    }

    /// The paths of the `null`s in a value, named as validation problems name fields: `entries[0].reason`.
    static func nullFields(in value: JSONValue, at path: String) -> [String] {
        switch value {
        case .null:
            return [path.isEmpty ? "body" : path]
        case .array(let items):
            return items.enumerated().flatMap { nullFields(in: $1, at: "\(path)[\($0)]") }
        case .object(let object):
            return object.members.flatMap { nullFields(in: $0.value, at: path.isEmpty ? $0.name : "\(path).\($0.name)") }
        case .bool, .number, .string:
            return []
        }
    }
}
