import HTTPTypes
import Hummingbird

/// Undoes the percent-encoding the OpenAPI runtime applies to the response headers a contract declares
/// (apple/swift-openapi-generator#857): `Cache-Control: public, max-age=300` would otherwise go out as
/// `public%2C%20max-age%3D300`, which caches ignore. Only these headers, whose real values never hold `%`.
struct ResponseHeaderDecodingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let names: [HTTPField.Name] = [.cacheControl, .eTag, .lastModified]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for name in Self.names {
            if let value = response.headers[name], value.contains("%"), let decoded = value.removingPercentEncoding {
                response.headers[name] = decoded
            }
        }
        return response
    }
}
