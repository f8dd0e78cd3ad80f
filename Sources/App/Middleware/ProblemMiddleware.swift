import Certificates
import Core
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import WebAPI
import Logging
import OpenAPIRuntime
import PostgresNIO

/// Turns every error into an `application/problem+json` response, in one place.
///
/// Handlers throw `ServiceError`s (wrapped by the OpenAPI runtime in `ServerError`); request decoding fails
/// with the runtime's own errors; the router throws `HTTPError` for unknown routes. Anything else is a bug:
/// logged with the request id, answered with a 500 that reveals nothing.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, logger: context.logger)
            return problem.response(instance: request.uri.path, requestID: context.requestID)
        }
    }

    static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as ServiceError:
            return Problem(error)
        case let error as IssuerIdentityMismatch:
            return Problem(error)
        case let error as PSQLError:
            return problem(for: error, logger: logger)
        case is NIOTooManyBytesError:
            return .contentTooLarge
        case let error as ServerError:
            if let problem = error.underlyingError as? Problem { return problem }
            if let serviceError = error.underlyingError as? ServiceError { return Problem(serviceError) }
            if let mismatch = error.underlyingError as? IssuerIdentityMismatch { return Problem(mismatch) }
            if let decoding = error.underlyingError as? DecodingError { return problem(for: decoding) }
            if let database = error.underlyingError as? PSQLError { return problem(for: database, logger: logger) }
            switch error.httpStatus {
            case .unsupportedMediaType:
                return Problem(
                    status: .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported media type",
                    detail: "send the body as application/json (\(error.causeDescription))"
                )
            case .notAcceptable:
                return Problem(
                    status: .notAcceptable, type: "not-acceptable", title: "Not acceptable",
                    detail: error.causeDescription
                )
            case let status where (400..<500).contains(status.code):
                return .badRequest(error.causeDescription)
            default:
                logger.error("unhandled error", metadata: ["operation": "\(error.operationID)", "error": "\(type(of: error.underlyingError))"])
                return .internalError
            }
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound("no such resource")
            case .methodNotAllowed:
                return Problem(status: .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                               detail: "this resource does not accept \(error.status)")
            case .contentTooLarge:
                return .contentTooLarge
            case .badRequest, .unsupportedMediaType:
                return Problem(status: error.status, type: "bad-request", title: "The request could not be read",
                               detail: error.body ?? error.status.reasonPhrase)
            default:
                if (400..<500).contains(error.status.code) {
                    return Problem(status: error.status, type: "bad-request", title: error.status.reasonPhrase,
                                   detail: error.body ?? error.status.reasonPhrase)
                }
                logger.error("unhandled HTTP error", metadata: ["error": "\(error)"])
                return .internalError
            }
        default:
            logger.error("unhandled error", metadata: ["error": "\(type(of: error))"])
            return .internalError
        }
    }

    /// A database error that escaped the services. Data and constraint errors come from the request's values,
    /// so they are the client's to fix; anything else is ours. Only the SQLSTATE and the constraint are
    /// logged: PostgreSQL's messages quote the offending values, which may be personal codes.
    static func problem(for error: PSQLError, logger: Logger) -> Problem {
        let state = error.sqlState ?? "none"
        switch state.prefix(2) {
        case "22":
            return .badRequest("a value in the request cannot be stored (SQLSTATE \(state))")
        case "23":
            return .conflict("the change conflicts with the records already kept (constraint \(error.constraintName ?? state))")
        case "40":
            // A deadlock or serialisation failure between concurrent requests: nothing was changed; retrying works.
            var problem = Problem.unavailable("a concurrent change got in the way; nothing was changed, please retry (SQLSTATE \(state))")
            problem.headers[.retryAfter] = "1"
            return problem
        default:
            logger.error("database error", metadata: ["sqlstate": "\(state)", "code": "\(error.code)"])
            return .internalError
        }
    }

    /// Unreadable JSON is a 400; JSON that reads but has a missing or mistyped field is a 422 naming the field.
    static func problem(for error: DecodingError) -> Problem {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .validation([.init(field: field(context.codingPath + [key]), detail: "is required")])
        case .typeMismatch(let type, let context) where !context.codingPath.isEmpty:
            return .validation([.init(field: field(context.codingPath), detail: "must be \(Self.describe(type))")])
        case .valueNotFound(_, let context) where !context.codingPath.isEmpty:
            return .validation([.init(field: field(context.codingPath), detail: "must not be null")])
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return .validation([.init(field: field(context.codingPath), detail: "has a value that is not allowed")])
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            // Not a field of a JSON body: the body is no JSON at all, or a path or query parameter is malformed.
            return .badRequest("the request could not be read: \(context.debugDescription)")
        @unknown default:
            return .badRequest("the request could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "of another type"
        }
    }
}
