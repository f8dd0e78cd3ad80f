import Core
import Foundation
package import Yams

/// What every data file of `Courses/` (courses, certification schemes) shares: a folder of YAML files read as
/// text, a file opened into its top-level fields with YAML errors at their line, and a code that names its file.
package enum DataFile {
    /// Checks the `*.yaml` files of a folder, read as (path, text) and sorted, with `check`; a file that cannot
    /// be read is reported beside whatever `check` finds in the others.
    package static func checkFolder<Checked>(
        _ directory: String, noun: String, _ check: ([(name: String, text: String)]) throws -> Checked
    ) throws -> Checked {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw FileProblems([FileProblem(file: directory, line: 1, message: "cannot read the folder: \(error.localizedDescription)")])
        }
        if names.isEmpty {
            throw FileProblems([FileProblem(file: directory, line: 1, message: "the folder has no \(noun) files (*.yaml)")])
        }
        var texts: [(String, String)] = []
        var problems: [FileProblem] = []
        for name in names {
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + name
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append(FileProblem(file: path, line: 1, message: "cannot be read as UTF-8 text"))
                continue
            }
            texts.append((path, text))
        }
        do {
            let checked = try check(texts)
            if !problems.isEmpty { throw FileProblems(problems) }
            return checked
        } catch let error as FileProblems {
            throw FileProblems(problems + error.problems)
        }
    }

    /// The file's root and top-level fields (unknown ones reported), or the problems that stop reading it.
    package static func open(
        _ text: String, file: String, known: [String]
    ) -> Result<(root: Node, reader: FieldReader, top: FieldReader.Fields), FileProblems> {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(FileProblems([FileProblem(file: file, line: line(of: error), message: "not valid YAML: \(problem(of: error))")]))
        } catch {
            return .failure(FileProblems([FileProblem(file: file, line: 1, message: "not valid YAML: \(error)")]))
        }
        var reader = FieldReader(file: file)
        guard let root, let top = reader.fields(root, path: "", at: 1) else {
            return .failure(FileProblems(reader.problems.isEmpty ? [FileProblem(file: file, line: 1, message: "the file is empty")] : reader.problems))
        }
        reader.rejectUnknown(top, known: known)
        return .success((root, reader, top))
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: 1
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, _): "a field appears twice (\(duplicates.joined(separator: ", ")))"
        default: "\(error)"
        }
    }
}

extension FieldReader {
    /// The file's `code`: capital letters, digits and hyphens, and the file named after it in lower case.
    package mutating func code(_ top: Fields, noun: String, example: String) -> String? {
        let code = string(top, "code")
        if let code, code.range(of: #"^[A-Z0-9][A-Z0-9-]{1,39}$"#, options: .regularExpression) == nil {
            report(line(of: "code"), "code must be 2–40 capital letters, digits and hyphens, such as \(example)")
        }
        if let code, URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent != code.lowercased() {
            report(line(of: "code"), "the file of \(noun) \(code) must be named \(code.lowercased()).yaml")
        }
        return code
    }
}
