import HTTPTypes
import Hummingbird

/// Reads at most `maximumBytes` of any request body before a handler sees it: the OpenAPI runtime would
/// otherwise buffer a body of any size, which an anonymous caller could use to exhaust memory.
struct RequestBodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Every JSON body of this API fits easily.
    static let maximumBytes = 256 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maximumBytes {
            throw Problem.contentTooLarge
        }
        var request = request
        _ = try await request.collectBody(upTo: Self.maximumBytes)
        return try await next(request, context)
    }
}
