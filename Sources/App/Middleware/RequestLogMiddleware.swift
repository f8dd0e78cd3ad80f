import Foundation
import HTTPTypes
import Hummingbird
import WebAPI
import Logging

/// Gives every request an id (the caller's `X-Request-Id` when it is sane, else a new one), puts it in the
/// logger's metadata and the response header, and logs one structured line per request.
///
/// Only the path is logged, never the query string or body, which may carry names or personal codes.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Proxies whose `X-Forwarded-For` is believed; from anyone else the header is ignored, since a client
    /// could otherwise pick a fresh address for every sign-in guess.
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = Self.acceptedID(request.headers[.requestID]) ?? UUID().lowercasedString
        context.requestID = requestID
        if trustedProxies.contains(context.clientAddress),
           let forwarded = request.headers[.forwardedFor]?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
           !forwarded.isEmpty, forwarded.count <= 64 {
            context.clientAddress = forwarded
        }
        context.logger[metadataKey: "request_id"] = .string(requestID)
        // One id per request in the logs: ours, which the client also sees.
        context.logger[metadataKey: "hb.request.id"] = nil
        let started = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.requestID] = requestID
        let elapsed = ContinuousClock.now - started
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.1f", elapsed.timeInterval * 1000)),
            ]
        )
        return response
    }

    /// Accept a client-supplied id only if it cannot smuggle anything into logs.
    static func acceptedID(_ value: String?) -> String? {
        guard let value, (1...64).contains(value.count),
              value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        else { return nil }
        return value
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}
