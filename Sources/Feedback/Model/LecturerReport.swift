import Curriculum
import Foundation

/// A lecturer's report on a group: what worked, what to change, overall and per module.
public struct LecturerReport: Sendable, Equatable {
    public struct ModuleNote: Sendable, Equatable, Codable {
        public var module: String
        public var whatWorked: String?
        public var whatToChange: String?

        public init(module: String, whatWorked: String?, whatToChange: String?) {
            self.module = module
            self.whatWorked = whatWorked
            self.whatToChange = whatToChange
        }
    }

    public let id: UUID
    public let groupID: UUID
    public let groupCode: String
    public let authorID: UUID
    public let whatWorked: String
    public let whatToChange: String
    public let modules: [ModuleNote]
    public let submittedAt: Date
}
