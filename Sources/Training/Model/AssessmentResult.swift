import Foundation

/// Whether a participant passed the course's assessment, with a trainer's note.
public struct AssessmentResult: Sendable, Equatable {
    public let personID: UUID
    public let passed: Bool
    public let note: String?

    public init(personID: UUID, passed: Bool, note: String? = nil) {
        self.personID = personID
        self.passed = passed
        self.note = note
    }
}
