import Core
import Database
import HTTPTypes
import Hummingbird
import WebAPI

/// Limits how often one address may call the public verification endpoints, so certificate numbers — which run
/// without gaps — cannot be walked through to list holders. Counted in the database, shared by every process.
struct PublicRateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The routes counted, as the router names them.
    static let routes: Set<String> = ["GET /v1/verify/{reference}", "POST /v1/verify", "GET /verify/{code}", "GET /verify/{code}/print"]

    let limiter: RateLimiter
    let rule: RateLimiter.Rule

    /// An IPv4 address as it is; an IPv6 address by its /64 network (see `ClientNetwork`).
    static func network(of address: String) -> String { ClientNetwork.of(address) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let route = context.endpointPath, Self.routes.contains("\(request.method.rawValue) \(route)") else {
            return try await next(request, context)
        }
        if case .limited(let retryAfter) = try await limiter.hit(rule, address: Self.network(of: context.clientAddress)) {
            var problem = Problem(
                status: .tooManyRequests, type: "rate-limited", title: "Too many requests",
                detail: "this address asked to verify more than \(rule.requests) times in \(rule.window.components.seconds) seconds; try again in \(retryAfter) s"
            )
            problem.headers[.retryAfter] = String(retryAfter)
            throw problem
        }
        return try await next(request, context)
    }
}
