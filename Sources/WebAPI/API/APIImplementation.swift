import APIContract
import Certificates
import Certification
import Core
import Curriculum
import Database
import Directory
import Feedback
import Foundation
import OpenAPIRuntime
import Platform
import Scheduling
import Training

/// The handlers of the OpenAPI contract: each turns the generated input into a service call and the result
/// into the generated output. Rules and SQL live in the services; errors are thrown and rendered by the
/// application's problem middleware.
/// A class, so the generated server copies one reference per request rather than every service it holds.
package final class APIImplementation: APIProtocol {
    let services: Services
    let readiness: ReadinessCheck
    /// The metrics in Prometheus's text format.
    let metricsText: @Sendable () -> String

    package init(services: Services, readiness: ReadinessCheck, metricsText: @escaping @Sendable () -> String) {
        self.services = services
        self.readiness = readiness
        self.metricsText = metricsText
    }

    /// The current request; always set by the application's last middleware.
    var request: RequestIdentity {
        get throws {
            guard let request = RequestIdentity.current else { throw Problem.internalError }
            return request
        }
    }

    /// The signed-in caller, or a 401 saying why there is none.
    func requireCaller() throws -> Caller {
        let identity = try request.identity
        guard case .caller(let caller) = identity else { throw Problem.signInRequired(identity) }
        return caller
    }

    /// A path id: not a UUID means no such record.
    func id(_ text: String, of kind: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Problem.notFound("no \(kind) has id \(text)") }
        return id
    }

    /// A code a list is filtered by (a scheme's or course's): bounded as the document says, so a filter the
    /// contract refuses is refused here too rather than quietly matching nothing.
    func filterCode(_ text: String?, _ name: String, maxLength: Int = APILimits.maximumCodeLength) throws -> String? {
        var validation = Validation()
        let code = validation.optionalText(text, name, maxLength: maxLength)
        try validation.check()
        return code
    }

    /// A `format: date` field as sent. The directory reads a blank date as none (CSV cells are often blank),
    /// but the document's date has no blank form, so the API refuses one rather than take it as "not given".
    func dateField(_ text: String?, field: String) throws -> String? {
        guard let text else { return nil }
        guard !text.isEmpty, text == text.trimmingCharacters(in: .whitespacesAndNewlines) else {
            throw Problem.validation([.init(field: field, detail: "must be a date written YYYY-MM-DD")])
        }
        return text
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
        return try requiredID(text, field: field)
    }
}

/// Whether the service can serve: the database answers and its schema is current.
public struct ReadinessCheck: Sendable {
    let check: @Sendable () async throws -> Void

    public init(_ check: @escaping @Sendable () async throws -> Void) { self.check = check }
}

// The services the handlers call, by name.
extension APIImplementation {
    var directory: DirectoryService { services.directory }
    var accounts: AccountService { services.accounts }
    var catalogue: CatalogueService { services.catalogue }
    var groups: GroupService { services.groups }
    var sessions: SessionService { services.sessions }
    var attendance: AttendanceService { services.attendance }
    var enrolments: EnrolmentService { services.enrolments }
    var qualifications: QualificationService { services.qualifications }
    var calendars: CalendarService { services.calendars }
    var closings: GroupClosingService { services.closings }
    var trainingRecords: TrainingRecordService { services.trainingRecords }
    var trainingReports: TrainingReportService { services.trainingReports }
    var feedback: FeedbackService { services.feedback }
    var schemes: SchemeService { services.schemes }
    var certification: CertificationService { services.certification }
    var auditLog: AuditLog { services.auditLog }
    var national: NationalCertificationService { services.national }
    var impactPreviews: ImpactPreviewService { services.impactPreviews }
    var certificates: CertificateService { services.certificates }
    var verification: VerificationService { services.verification }
    var issuer: IssuerProfile { services.issuer }
}
