import Core
import Foundation

/// The course files of a folder, checked one by one and against each other.
public struct CourseCatalogue: Sendable {
    public let files: [CourseFile]

    public var definitions: [CourseDefinition] { files.map(\.definition) }

    /// Reads every `*.yaml` file of the folder at `directory` (problems name files by that path too);
    /// throws `FileProblems` listing everything wrong.
    public static func load(from directory: String) throws -> CourseCatalogue {
        try DataFile.checkFolder(directory, noun: "course") { try check($0) }
    }

    /// Parses and checks files given as (name, text).
    public static func check(_ files: [(name: String, text: String)]) throws -> CourseCatalogue {
        var parsed: [CourseFile] = []
        var problems: [FileProblem] = []
        for (name, text) in files {
            let (file, fileProblems) = CourseFile.parse(text, file: name)
            problems += fileProblems
            if let file { parsed.append(file) }
        }
        problems += crossCheck(parsed)
        if !problems.isEmpty { throw FileProblems(problems) }
        return CourseCatalogue(files: parsed)
    }

    /// Rules that need all files: unique codes, existing references, hours including the courses a
    /// programme includes, and no course that depends on itself.
    static func crossCheck(_ files: [CourseFile]) -> [FileProblem] {
        var problems: [FileProblem] = []
        var byCode: [String: CourseFile] = [:]
        for file in files {
            if let first = byCode[file.definition.code] {
                problems.append(.init(file: file.file, line: file.line("code"),
                                      message: "course code \(file.definition.code) is used already by \(first.file)"))
            } else {
                byCode[file.definition.code] = file
            }
        }
        for file in files {
            let course = file.definition
            for (index, code) in course.prerequisites.enumerated() where byCode[code] == nil {
                problems.append(.init(file: file.file, line: file.line("prerequisites[\(index)]"),
                                      message: "prerequisite \(code) is not a course in the catalogue"))
            }
            for (index, module) in course.modules.enumerated() {
                guard let code = module.course else { continue }
                let line = file.line("modules[\(index)].course")
                guard let included = byCode[code]?.definition else {
                    problems.append(.init(file: file.file, line: line, message: "module \(module.code) is course \(code), which is not in the catalogue"))
                    continue
                }
                if included.kind != .course {
                    problems.append(.init(file: file.file, line: line, message: "\(code) is a programme; a programme's modules may be courses only"))
                } else if included.academicHours != module.academicHours {
                    problems.append(.init(file: file.file, line: file.line("modules[\(index)].academic_hours"),
                                          message: "module \(module.code) is course \(code) of \(included.academicHours) academic hours, not \(module.academicHours)"))
                }
            }
            if byCode[course.trainerQualification.qualifiedFor] == nil {
                problems.append(.init(file: file.file, line: file.line("trainer_qualification.qualified_for"),
                                      message: "trainer_qualification.qualified_for \(course.trainerQualification.qualifiedFor) is not a course in the catalogue"))
            }
        }
        problems += cycles(files, byCode: byCode)
        return problems
    }

    /// A course may not require or include itself, directly or through others.
    private static func cycles(_ files: [CourseFile], byCode: [String: CourseFile]) -> [FileProblem] {
        func dependencies(_ code: String) -> [String] {
            guard let course = byCode[code]?.definition else { return [] }
            return course.prerequisites + course.includes
        }
        var problems: [FileProblem] = []
        var reported: Set<String> = []
        for file in files {
            let start = file.definition.code
            // Depth-first search for a path back to `start`.
            var stack: [(code: String, path: [String])] = dependencies(start).map { ($0, [start, $0]) }
            var visited: Set<String> = []
            while let (code, path) = stack.popLast() {
                if code == start {
                    let cycle = Set(path)
                    if reported.insert(cycle.sorted().joined(separator: ",")).inserted {
                        let line = file.definition.prerequisites.firstIndex(of: path[1]).map { file.line("prerequisites[\($0)]") }
                            ?? file.definition.modules.firstIndex { $0.course == path[1] }.map { file.line("modules[\($0)].course") }
                            ?? 1
                        problems.append(.init(file: file.file, line: line,
                                              message: "courses depend on each other in a circle: \(path.joined(separator: " → "))"))
                    }
                    continue
                }
                guard visited.insert(code).inserted else { continue }
                stack += dependencies(code).map { ($0, path + [$0]) }
            }
        }
        return problems
    }
}
