import HTTPTypes
import Hummingbird
import WebAPI

/// Reads at most `maximumBytes` of any request body before a handler sees it: the OpenAPI runtime would
/// otherwise buffer a body of any size, which an anonymous caller could use to exhaust memory.
struct RequestBodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let maximumBytes = APILimits.maximumBodyBytes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maximumBytes {
            throw Problem.contentTooLarge
        }
        var request = request
        _ = try await request.collectBody(upTo: Self.maximumBytes)
        return try await next(request, context)
    }
}
