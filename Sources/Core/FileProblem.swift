/// Something wrong in an input file (a course file, a schedule, a CSV import), and where: printed as
/// `file:line: message`, or `line N: message` while the file has no name yet (a CSV body sent to the API).
public struct FileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public let line: Int
    public let message: String

    public init(file: String? = nil, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let file { return "\(file):\(line): \(message)" }
        return "line \(line): \(message)"
    }
}

/// Every problem found in a set of files; nothing is imported while there is one.
public struct FileProblems: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [FileProblem]

    public init(_ problems: [FileProblem]) { self.problems = problems }

    /// The same problems, naming `file` where they named none.
    public func inFile(_ file: String) -> FileProblems {
        FileProblems(problems.map { problem in
            var named = problem
            named.file = problem.file ?? file
            return named
        })
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
