import Curriculum
import Foundation

/// What a lecturer writes.
public struct LecturerReportDraft: Sendable {
    public var whatWorked: String?
    public var whatToChange: String?
    public var modules: [LecturerReport.ModuleNote]

    public init(whatWorked: String?, whatToChange: String?, modules: [LecturerReport.ModuleNote] = []) {
        self.whatWorked = whatWorked
        self.whatToChange = whatToChange
        self.modules = modules
    }
}
