/// Something wrong with a file (a course file, a schedule), where it is: printed as `file:line: message`.
public struct FileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Every problem found in a set of files; nothing is imported while there is one.
public struct FileProblems: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [FileProblem]

    public init(_ problems: [FileProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
