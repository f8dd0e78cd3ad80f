import HTTPTypes
import Hummingbird
import WebAPI
import Yams

/// Answers a method a known path does not declare (TRACE, or DELETE on a read-only resource) with 405 and
/// `Allow`, as HTTP asks, instead of the router's 404: the paths and their methods come from the contract itself,
/// and the public pages beside it.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    struct Route: Sendable {
        /// A path's segments; nil where the template has a parameter.
        let segments: [String?]
        let methods: [String]
    }

    let routes: [Route]

    init(document yaml: String, pages: [String]) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            throw PublicOperationsError("the OpenAPI document has no paths")
        }
        let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var byPath: [String: Set<String>] = [:]
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            byPath[path, default: []].formUnion(item.keys.filter(methods.contains).map { $0.uppercased() })
        }
        for page in pages {
            let parts = page.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { byPath[String(parts[1]), default: []].insert(String(parts[0])) }
        }
        routes = byPath.map { path, methods in
            Route(segments: Self.segments(path).map { $0.hasPrefix("{") ? nil : $0 }, methods: methods.sorted())
        }
    }

    static func segments(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }

    func allowed(path: String) -> [String]? {
        let parts = Self.segments(path)
        // A literal segment wins over a parameter, as in the router: /v1/certificates/batches is not a certificate number.
        return routes.filter { route in
            route.segments.count == parts.count && zip(route.segments, parts).allSatisfy { $0 == nil || $0 == $1 }
        }.max { $0.segments.compactMap { $0 }.count < $1.segments.compactMap { $0 }.count }?.methods
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = allowed(path: request.uri.path), !allowed.contains(request.method.rawValue) else { throw error }
            var problem = Problem(
                status: .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                detail: "\(request.uri.path) accepts \(allowed.joined(separator: ", ")), not \(request.method.rawValue)"
            )
            problem.headers[.allow] = allowed.joined(separator: ", ")
            throw problem
        }
    }
}
