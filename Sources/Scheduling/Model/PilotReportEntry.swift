/// One course version with a pilot rule, and how its pilot groups meet it.
public struct PilotReportEntry: Sendable {
    public let courseCode: String
    public let courseVersion: Int
    public let evaluation: PilotEvaluation

    public init(courseCode: String, courseVersion: Int, evaluation: PilotEvaluation) {
        self.courseCode = courseCode
        self.courseVersion = courseVersion
        self.evaluation = evaluation
    }
}
