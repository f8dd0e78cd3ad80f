import Certificates
import Core
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An RFC 9457 problem: the one shape of every error response.
public struct Problem: Error, Sendable, Equatable {
    public struct FieldError: Codable, Sendable, Equatable {
        public let field: String
        public let detail: String

        public init(field: String, detail: String) {
            self.field = field
            self.detail = detail
        }
    }

    public var status: HTTPResponse.Status
    /// A stable identifier of the kind of problem, e.g. `/problems/validation`.
    public var type: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]?
    public var headers: HTTPFields = [:]

    public init(status: HTTPResponse.Status, type: String, title: String, detail: String, errors: [FieldError]? = nil) {
        self.status = status
        self.type = "/problems/" + type
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    public static func badRequest(_ detail: String) -> Problem {
        Problem(status: .badRequest, type: "bad-request", title: "The request could not be read", detail: detail)
    }
    public static func unauthenticated(_ detail: String) -> Problem {
        var problem = Problem(status: .unauthorized, type: "unauthenticated", title: "Sign-in required", detail: detail)
        problem.headers[.wwwAuthenticate] = "Bearer"
        return problem
    }
    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, type: "forbidden", title: "Not allowed for your role", detail: detail)
    }
    public static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, type: "not-found", title: "Not found", detail: detail)
    }
    public static func conflict(_ detail: String) -> Problem {
        Problem(status: .conflict, type: "conflict", title: "Conflict with an existing record", detail: detail)
    }
    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(
            status: .unprocessableContent, type: "validation", title: "The input is not valid",
            detail: errors.map { "\($0.field): \($0.detail)" }.joined(separator: "; "), errors: errors
        )
    }
    public static func unavailable(_ detail: String) -> Problem {
        Problem(status: .serviceUnavailable, type: "unavailable", title: "Service unavailable", detail: detail)
    }
    public static let contentTooLarge = Problem(
        status: .contentTooLarge, type: "content-too-large", title: "Request body too large",
        detail: "the request body is larger than this API accepts (\(APILimits.maximumBodyBytes / 1024) KiB)"
    )
    /// An operation's body was absent or not JSON (the contract's bodies are all JSON).
    public static let missingJSONBody = Problem.badRequest("expected a JSON body")

    public static let internalError = Problem(
        status: .internalServerError, type: "internal", title: "Internal error",
        detail: "something went wrong on our side; the request id identifies it in the server log"
    )

    /// This server is configured (`PILNVEIDE_PUBLIC_URL`, or its port) as another issuer than the one the database's
    /// certificates are issued as, so it does not issue: 503, nothing the caller can change.
    public init(_ mismatch: IssuerIdentityMismatch) {
        self.init(status: .serviceUnavailable, type: "issuer-identity-mismatch", title: "Configured as another issuer", detail: mismatch.description)
    }

    /// The problem a service failure is shown as.
    public init(_ error: ServiceError, now: Date = Date()) {
        switch error {
        case .validation(let problems): self = .validation(problems.map { FieldError(field: $0.field, detail: $0.detail) })
        case .notFound(let detail): self = .notFound(detail)
        case .forbidden(let detail): self = .forbidden(detail)
        case .conflict(let detail): self = .conflict(detail)
        case .unauthenticated(let detail): self = .unauthenticated(detail)
        case .unavailable(let detail): self = .unavailable(detail)
        case .signInLocked(let until, let reason):
            let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
            self = Problem(
                status: .tooManyRequests, type: "sign-in-locked", title: "Sign-in temporarily locked",
                detail: "\(reason); try again after \(until.formatted(.iso8601)) (in \(Int((Double(seconds) / 60).rounded(.up))) min)"
            )
            self.headers[.retryAfter] = String(seconds)
        case .rateLimited(let retryAfter, let reason):
            self = Problem(
                status: .tooManyRequests, type: "rate-limited", title: "Too many requests",
                detail: "\(reason); try again in \(retryAfter) s"
            )
            self.headers[.retryAfter] = String(retryAfter)
        }
    }

    private struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let instance: String?
        let requestId: String?
        let errors: [FieldError]?
    }

    public func response(instance: String?, requestID: String?) -> Response {
        let body = Body(
            type: type, title: title, status: Int(status.code), detail: detail, instance: instance,
            requestId: requestID, errors: errors
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data()
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Limits every operation of the API shares.
public enum APILimits {
    /// The largest request body read; every JSON body of this API fits easily.
    public static let maximumBodyBytes = 256 * 1024
    /// The longest course or scheme code a filter may name (the document says the same).
    public static let maximumCodeLength = 64
    /// The longest certificate number or verification code (the document says the same).
    public static let maximumReferenceLength = 40
}
