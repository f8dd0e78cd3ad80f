import Core
import Foundation
import Logging
import PostgresNIO

/// Records who did what to which record, in the same transaction as the change itself.
public struct AuditTrail: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(
        _ action: String, subjectType: String, subjectID: String, by actor: Principal,
        details: [String: String] = [:], on connection: PostgresConnection
    ) async throws {
        var bindings = PostgresBindings()
        bindings.append(actor.accountID)
        bindings.append(actor.auditLabel)
        bindings.append(action)
        bindings.append(subjectType)
        bindings.append(subjectID)
        bindings.append(String(decoding: try JSONEncoder().encode(details), as: UTF8.self))
        try await connection.run(InsertEvent.self, bindings, logger: logger)
    }

    /// Every change writes one: prepared.
    enum InsertEvent: PreparedSQL {
        static let name = "pilnveide:audit-event"
        static let sql = """
            INSERT INTO audit_events (actor_account, actor_label, action, subject_type, subject_id, details)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb)
            """
        static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text, .text, .text, .text]
    }
}
