import Core
import Curriculum
import Foundation

/// The scheme files of a folder, checked one by one and against each other and the course catalogue.
public struct SchemeCatalogue: Sendable {
    public let files: [SchemeFile]

    public var schemes: [CertificationScheme] { files.map(\.scheme) }

    /// Reads every `*.yaml` file of `directory`; course codes the schemes name must be in `courses`.
    public static func load(from directory: String, courses: [CourseDefinition]) throws -> SchemeCatalogue {
        try DataFile.checkFolder(directory, noun: "scheme") { try check($0, courses: courses) }
    }

    public static func check(_ files: [(name: String, text: String)], courses: [CourseDefinition]) throws -> SchemeCatalogue {
        var parsed: [SchemeFile] = []
        var problems: [FileProblem] = []
        for (name, text) in files {
            let (file, fileProblems) = SchemeFile.parse(text, file: name)
            problems += fileProblems
            if let file { parsed.append(file) }
        }
        let known = Set(courses.map(\.code))
        var byCode: [String: SchemeFile] = [:]
        for file in parsed {
            let scheme = file.scheme
            if let first = byCode[scheme.code] {
                problems.append(.init(file: file.file, line: file.line("code"), message: "scheme code \(scheme.code) is used already by \(first.file)"))
            } else {
                byCode[scheme.code] = file
            }
            var named: [(String, String)] = []
            for (part, requirement) in [("initial", scheme.initial?.requirement), ("recertification", scheme.recertification.requirement)] {
                guard let requirement else { continue }
                named += requirement.courses.enumerated().map { ("\(part).courses[\($0.offset)]", $0.element) }
                named += (requirement.eligibleCourses ?? []).enumerated().map { ("\(part).eligible_courses[\($0.offset)]", $0.element) }
                for (index, category) in requirement.categories.enumerated() {
                    named += category.courses.enumerated().map { ("\(part).categories[\(index)].courses[\($0.offset)]", $0.element) }
                }
            }
            for (path, code) in named where !known.contains(code) {
                problems.append(.init(file: file.file, line: file.line(path), message: "course \(code) is not in the catalogue"))
            }
        }
        for file in parsed {
            if let replaced = file.scheme.replaces, byCode[replaced] == nil || replaced == file.scheme.code {
                problems.append(.init(file: file.file, line: file.line("replaces"), message: "replaces names \(replaced), which is not another scheme here"))
            } else if file.scheme.replaces != nil, Self.replacementLoops(from: file.scheme.code, byCode.mapValues(\.scheme)) {
                problems.append(.init(file: file.file, line: file.line("replaces"), message: "replaces leads back to \(file.scheme.code): a scheme cannot replace itself through others"))
            }
            if file.scheme.inPostBeforeStart == .carryOver, file.scheme.replaces == nil {
                problems.append(.init(file: file.file, line: file.line("in_post_before_start"),
                                      message: "in_post_before_start: carry_over needs replaces: the scheme whose standing carries over"))
            }
        }
        if !problems.isEmpty { throw FileProblems(problems) }
        return SchemeCatalogue(files: parsed)
    }

    /// Whether following `replaces` from `code` comes back to it.
    static func replacementLoops(from code: String, _ schemes: [String: CertificationScheme]) -> Bool {
        var seen: Set<String> = [code]
        var next = schemes[code]?.replaces
        while let current = next {
            guard seen.insert(current).inserted else { return current == code }
            next = schemes[current]?.replaces
        }
        return false
    }
}
