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
        bindings.append(try Self.encoded(details))
        try await connection.run(InsertEvent.self, bindings, logger: logger)
    }

    /// The columns an event is inserted with, in this order: the actor's account, their label, the action, the
    /// subject's type and id, the details (jsonb). For a change made in one statement, whose event is inserted by the
    /// same statement (`INSERT INTO audit_events (\(AuditTrail.columns)) SELECT …`), saving a round trip.
    public static let columns = "actor_account, actor_label, action, subject_type, subject_id, details"

    /// An event's details as the text its `details` column is cast from.
    public static func encoded(_ details: [String: String]) throws -> String {
        String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
    }

    /// Every change writes one: prepared.
    enum InsertEvent: PreparedSQL {
        static let name = "pilnveide:audit-event"
        static let sql = """
            INSERT INTO audit_events (\(columns))
            VALUES ($1, $2, $3, $4, $5, $6::jsonb)
            """
        static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text, .text, .text, .text]
    }
}
