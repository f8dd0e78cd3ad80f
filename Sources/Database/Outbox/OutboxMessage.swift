import Foundation

/// A notification in the outbox, waiting to be sent or sent.
public struct OutboxMessage: Sendable, Equatable, Codable {
    public let id: Int64
    public let kind: String
    public let groupID: UUID?
    /// Whom it is for, when it is for one person.
    public let personID: UUID?
    public let subject: String
    public let body: String
    public let createdAt: Date
    public let sentAt: Date?
    /// Attempts made to deliver it so far.
    public var attempts: Int = 0
    /// When delivery was given up, with the last reply (a permanent refusal, no address, too many attempts).
    public var failedAt: Date? = nil
    /// What the mail server (or the sender) last said about it.
    public var lastReply: String? = nil
}
