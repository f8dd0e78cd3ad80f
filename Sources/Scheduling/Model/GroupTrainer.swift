import Foundation

/// A trainer of a group: its lead, or a co-trainer.
public struct GroupTrainer: Sendable, Equatable {
    public enum Role: String, Sendable { case lead, co }
    public let personID: UUID
    public let role: Role
}
