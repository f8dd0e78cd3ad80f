import Core
import Foundation
package import Yams

/// Reads typed fields out of a YAML mapping and collects a problem, with its line, for each field that is
/// missing, of the wrong type or unknown — so one pass over a file reports everything wrong with it.
package struct FieldReader {
    package let file: String
    package private(set) var problems: [FileProblem] = []
    /// Where each field was found, by path (`version`, `prerequisites[0]`), for checks made after parsing.
    package private(set) var lines: [String: Int] = [:]

    package init(file: String) { self.file = file }

    package mutating func report(_ line: Int, _ message: String) {
        problems.append(FileProblem(file: file, line: line, message: message))
    }

    package static func line(_ node: Node?) -> Int { node?.mark?.line ?? 1 }

    /// The mapping under `key` of `parent` (the parent itself when `key` is nil).
    package struct Fields {
        package let mapping: Node.Mapping
        package let line: Int
        package let path: String
    }

    package mutating func fields(_ node: Node?, path: String, at line: Int) -> Fields? {
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            report(Self.line(node), "\(path.isEmpty ? "the file" : path) must be a mapping of fields")
            return nil
        }
        return Fields(mapping: mapping, line: Self.line(node), path: path)
    }

    /// Reports fields that are not in `known` (usually a typo that would otherwise be silently ignored).
    package mutating func rejectUnknown(_ fields: Fields, known: [String]) {
        for (key, _) in fields.mapping {
            guard let name = key.string, known.contains(name) else {
                report(Self.line(key), "unknown field '\(key.string ?? "?")' in \(fields.path.isEmpty ? "the file" : fields.path) (expected one of \(known.joined(separator: ", ")))")
                continue
            }
        }
    }

    package func node(_ fields: Fields, _ key: String) -> (key: Node, value: Node)? {
        for (keyNode, value) in fields.mapping where keyNode.string == key {
            if isNull(value) { return nil }
            return (keyNode, value)
        }
        return nil
    }

    private func isNull(_ value: Node) -> Bool {
        value.scalar != nil && ["~", "null", ""].contains(value.string ?? "") && value.scalar?.style == .plain
    }

    /// Reports a required field that is absent, or present without a value (at its own line).
    mutating func reportMissing(_ fields: Fields, _ key: String) {
        if let (keyNode, _) = fields.mapping.first(where: { $0.key.string == key }) {
            report(Self.line(keyNode), "\(path(fields, key)) has no value")
        } else {
            report(fields.line, "missing field '\(path(fields, key))'")
        }
    }

    private func path(_ fields: Fields, _ key: String) -> String {
        fields.path.isEmpty ? key : "\(fields.path).\(key)"
    }

    private mutating func record(_ fields: Fields, _ key: String, _ node: Node) {
        lines[path(fields, key)] = Self.line(node)
    }

    package mutating func string(_ fields: Fields, _ key: String, required: Bool = true) -> String? {
        guard let (_, value) = node(fields, key) else {
            if required { reportMissing(fields, key) }
            return nil
        }
        record(fields, key, value)
        guard let scalar = value.scalar else {
            report(Self.line(value), "\(path(fields, key)) must be text")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            report(Self.line(value), "\(path(fields, key)) must not be empty")
            return nil
        }
        return checkedText(text, path(fields, key), at: Self.line(value))
    }

    package mutating func int(_ fields: Fields, _ key: String, required: Bool = true, range: ClosedRange<Int>) -> Int? {
        guard let (_, value) = node(fields, key) else {
            if required { reportMissing(fields, key) }
            return nil
        }
        record(fields, key, value)
        guard let scalar = value.scalar, let number = Int(scalar.string) else {
            report(Self.line(value), "\(path(fields, key)) must be a whole number")
            return nil
        }
        guard range.contains(number) else {
            report(Self.line(value), "\(path(fields, key)) must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
            return nil
        }
        return number
    }

    package mutating func bool(_ fields: Fields, _ key: String, default defaultValue: Bool) -> Bool {
        guard let (_, value) = node(fields, key) else { return defaultValue }
        record(fields, key, value)
        switch value.scalar?.string {
        case "true": return true
        case "false": return false
        default:
            report(Self.line(value), "\(path(fields, key)) must be true or false")
            return defaultValue
        }
    }

    package mutating func date(_ fields: Fields, _ key: String, required: Bool = true) -> CalendarDate? {
        guard let text = string(fields, key, required: required) else { return nil }
        guard let date = CalendarDate(iso8601: text) else {
            report(lines[path(fields, key)] ?? fields.line, "\(path(fields, key)) must be a date written YYYY-MM-DD, not '\(text)'")
            return nil
        }
        return date
    }

    /// A list of texts; absent is an empty list unless required.
    package mutating func strings(_ fields: Fields, _ key: String, required: Bool = false) -> [String] {
        guard let (_, value) = node(fields, key) else {
            if required { reportMissing(fields, key) }
            return []
        }
        record(fields, key, value)
        guard let sequence = value.sequence else {
            report(Self.line(value), "\(path(fields, key)) must be a list")
            return []
        }
        var result: [String] = []
        for (index, item) in sequence.enumerated() {
            lines["\(path(fields, key))[\(index)]"] = Self.line(item)
            guard let text = item.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                report(Self.line(item), "\(path(fields, key)) must list texts")
                continue
            }
            if let text = checkedText(text, "\(path(fields, key))[\(index)]", at: Self.line(item)) { result.append(text) }
        }
        return result
    }

    /// Each mapping of a list, with its own path (`modules[2]`).
    package mutating func list(_ fields: Fields, _ key: String, required: Bool) -> [Fields] {
        guard let (_, value) = node(fields, key) else {
            if required { reportMissing(fields, key) }
            return []
        }
        record(fields, key, value)
        guard let sequence = value.sequence else {
            report(Self.line(value), "\(path(fields, key)) must be a list")
            return []
        }
        return sequence.enumerated().compactMap { index, item in
            self.fields(item, path: "\(path(fields, key))[\(index)]", at: Self.line(item))
        }
    }

    package mutating func nested(_ fields: Fields, _ key: String, required: Bool) -> Fields? {
        guard let (_, value) = node(fields, key) else {
            if required { reportMissing(fields, key) }
            return nil
        }
        record(fields, key, value)
        return self.fields(value, path: path(fields, key), at: Self.line(value))
    }

    package func line(of path: String, or fallback: Int = 1) -> Int { lines[path] ?? fallback }

    /// One of an enumeration's raw values, or a problem naming the values allowed.
    package mutating func value<Value: RawRepresentable & CaseIterable>(_ type: Value.Type, _ text: String?, _ field: String) -> Value?
    where Value.RawValue == String {
        guard let text else { return nil }
        guard let value = Value(rawValue: text) else {
            report(line(of: field), "\(field) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
            return nil
        }
        return value
    }

    /// A title in Latvian and English.
    package mutating func title(_ fields: Fields?) -> CourseDefinition.Title? {
        guard let fields else { return nil }
        rejectUnknown(fields, known: ["lv", "en"])
        guard let lv = string(fields, "lv"), let en = string(fields, "en") else { return nil }
        return .init(lv: lv, en: en)
    }

    /// Text the database can store and people can read: no control characters but line breaks and tabs.
    private mutating func checkedText(_ text: String, _ path: String, at line: Int) -> String? {
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
            report(line, "\(path) must not contain control characters")
            return nil
        }
        return text
    }
}
