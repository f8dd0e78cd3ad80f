import Foundation

/// A message claimed for sending: what the outbox holds, and the attempt this is.
public struct ClaimedMessage: Sendable, Equatable {
    public let id: Int64
    public let kind: String
    public let personID: UUID?
    /// The address to write to when it is not the person's own.
    public let recipient: String?
    public let subject: String
    public let body: String
    public let html: String?
    public let calendar: String?
    /// The same on every attempt: a resend is recognisably the same message.
    public let messageID: String
    /// 1 for the first attempt.
    public let attempt: Int
}
