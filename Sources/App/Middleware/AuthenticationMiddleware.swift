import Core
import Foundation
import Directory
import WebAPI
import HTTPTypes
import Hummingbird

/// Resolves `Authorization: Bearer <token>` to a caller before any handler runs. It never rejects a request
/// itself: `RequireSignInMiddleware` does, for the operations the contract does not make public.
///
/// A public operation's handler never asks who calls, so its token is not looked up: a database round trip
/// per request that a verifier or a load balancer sending a token anyway would otherwise pay.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let accounts: AccountService
    let publicOperations: PublicOperations

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let route = context.endpointPath, publicOperations.contains(method: request.method, route: route) {
            return try await next(request, context)
        }
        if let header = request.headers[.authorization] {
            if let token = Self.bearerToken(header), let caller = try await accounts.authenticate(token: token) {
                context.identity = .caller(caller)
                context.bearerToken = token
                context.logger[metadataKey: "account"] = .string(caller.accountID.uuidString)
            } else {
                context.identity = .invalidToken
            }
        }
        return try await next(request, context)
    }

    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.count > 512 ? nil : token
    }
}

/// Refuses, with 401, an anonymous or invalid-token request to any operation the contract does not mark
/// public (`security: []`), before its handler or the decoding of its body runs. Handlers still ask for their
/// caller; this makes a forgotten `requireCaller()` harmless rather than an open door.
///
/// Routes outside the contract (the web pages, later) are not public by this rule: mount them on a router
/// group that does their own sign-in instead.
struct RequireSignInMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let publicOperations: PublicOperations

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if case .caller = context.identity { return try await next(request, context) }
        // Unmatched routes fall through to the router's 404.
        guard let route = context.endpointPath, !publicOperations.contains(method: request.method, route: route) else {
            return try await next(request, context)
        }
        throw Problem.signInRequired(context.identity)
    }
}

/// Makes what the handlers need of the request reachable from the OpenAPI handlers, which are not passed the
/// context. Must be last.
struct RequestIdentityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let identity = RequestIdentity(identity: context.identity, bearerToken: context.bearerToken, clientAddress: context.clientAddress)
        return try await RequestIdentity.$current.withValue(identity) {
            try await next(request, context)
        }
    }
}
