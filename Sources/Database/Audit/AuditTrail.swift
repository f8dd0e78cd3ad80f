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
        try await record(action, subjectType: subjectType, subjectID: subjectID, actorAccount: actor.accountID,
                         actorLabel: actor.auditLabel, details: details, on: connection)
    }

    /// An event whose actor signed in as no one: someone on the public pages (`anyone:<network>`), e.g. asking for a
    /// password reset. Not a `Principal`, which would be taken for an operator with every right.
    public func recordAnonymous(
        _ action: String, subjectType: String, subjectID: String, label: String,
        details: [String: String] = [:], on connection: PostgresConnection
    ) async throws {
        try await record(action, subjectType: subjectType, subjectID: subjectID, actorAccount: nil,
                         actorLabel: "anyone:\(label)", details: details, on: connection)
    }

    private func record(
        _ action: String, subjectType: String, subjectID: String, actorAccount: UUID?, actorLabel: String,
        details: [String: String], on connection: PostgresConnection
    ) async throws {
        var bindings = PostgresBindings()
        bindings.append(actorAccount)
        bindings.append(actorLabel)
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
