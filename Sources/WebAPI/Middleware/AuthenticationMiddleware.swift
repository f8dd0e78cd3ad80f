import Foundation
import Directory
import HTTPTypes
import Hummingbird

/// Resolves `Authorization: Bearer <token>` to a caller before any handler runs. It never rejects a request
/// itself: each operation decides whether it needs a caller (see `APIImplementation.requireCaller`).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
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

/// Makes the request context reachable from OpenAPI handlers, which are not passed it. Must be last.
struct OpenAPIRequestContextMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await AppRequestContext.$current.withValue(context) {
            try await next(request, context)
        }
    }
}
