import Foundation

/// A notification waiting in the outbox to be sent.
public struct OutboxMessage: Sendable, Equatable {
    public let id: Int64
    public let kind: String
    public let groupID: UUID?
    public let subject: String
    public let body: String
    public let createdAt: Date
}
