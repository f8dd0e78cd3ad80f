import APIContract
import Curriculum
import Scheduling
import Directory
import Foundation
import OpenAPIRuntime
import Prometheus

/// The handlers of the OpenAPI contract: each turns the generated input into a service call and the result
/// into the generated output. Rules and SQL live in the services; errors are thrown and rendered by
/// `ProblemMiddleware`.
struct APIImplementation: APIProtocol {
    let directory: DirectoryService
    let accounts: AccountService
    let catalogue: CatalogService
    let groups: GroupService
    let enrolments: EnrolmentService
    let qualifications: QualificationService
    let calendars: CalendarService
    let readiness: ReadinessCheck
    let metrics: PrometheusCollectorRegistry

    /// The current request's context; always set by `OpenAPIRequestContextMiddleware`.
    var context: AppRequestContext {
        get throws {
            guard let context = AppRequestContext.current else { throw Problem.internalError }
            return context
        }
    }

    /// The signed-in caller, or a 401 saying why there is none.
    func requireCaller() throws -> Caller {
        switch try context.identity {
        case .caller(let caller): return caller
        case .invalidToken: throw Problem.unauthenticated("the bearer token is unknown, expired or revoked; sign in again")
        case .anonymous: throw Problem.unauthenticated("this operation needs a bearer token from POST /v1/auth/login")
        }
    }

    /// A path id: not a UUID means no such record.
    func id(_ text: String, of kind: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Problem.notFound("no \(kind) has id \(text)") }
        return id
    }

    /// A required id in a body: not a UUID is a validation failure of that field.
    func requiredID(_ text: String, field: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw Problem.validation([.init(field: field, detail: "must be a UUID")])
        }
        return id
    }

    /// An id in a query or body: not a UUID is a validation failure of that field.
    func optionalID(_ text: String?, field: String) throws -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw Problem.validation([.init(field: field, detail: "must be a UUID")])
        }
        return id
    }
}

/// Whether the service can serve: the database answers and its schema is current.
struct ReadinessCheck: Sendable {
    let check: @Sendable () async throws -> Void
}
