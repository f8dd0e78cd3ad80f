import Core
import Foundation
package import Yams

/// One file of `Courses/`, read into a `CourseDefinition` with every problem it has, each with its line.
/// The format is documented in `Courses/README.md`.
public struct CourseFile: Sendable {
    public let file: String
    public let definition: CourseDefinition
    /// A fingerprint of the file's content as YAML data, without its status (which the inspectorate moves
    /// through the API) and regardless of comments and layout: equal means the course is unchanged.
    public let contentChecksum: String
    /// Lines of fields by path, for problems found when files are checked together.
    let lines: [String: Int]

    func line(_ path: String) -> Int { lines[path] ?? 1 }

    static let topLevelFields = [
        "code", "version", "status", "kind", "title", "academic_hours", "academic_hour_minutes", "audiences",
        "prerequisites", "modules", "completion", "trainer_qualification", "pilot", "feedback_questionnaire", "methodology",
        "effective_from", "effective_until", "change_log", "source", "note",
    ]

    /// Parses `text`; returns the file and no problems, or nil and at least one problem.
    public static func parse(_ text: String, file: String) -> (CourseFile?, [FileProblem]) {
        let opened: (root: Node, reader: FieldReader, top: FieldReader.Fields)
        switch DataFile.open(text, file: file, known: topLevelFields) {
        case .success(let value): opened = value
        case .failure(let problems): return (nil, problems.problems)
        }
        let (root, top) = (opened.root, opened.top)
        var reader = opened.reader
        let code = reader.code(top, noun: "course", example: "ANO-BTK-16")
        let version = reader.int(top, "version", range: 1...10_000)
        let status = reader.value(CourseDefinition.Status.self, reader.string(top, "status"), "status")
        let kind = reader.value(CourseDefinition.Kind.self, reader.string(top, "kind"), "kind")
        let title = reader.title(reader.nested(top, "title", required: true))
        let hours = reader.int(top, "academic_hours", range: 1...2000)
        let minutes = reader.int(top, "academic_hour_minutes", required: false, range: 1...120) ?? 45
        let audiences = reader.strings(top, "audiences", required: true).enumerated().compactMap { index, text in
            let position = Position(rawValue: text)
            if position == nil {
                reader.report(reader.line(of: "audiences[\(index)]"), "audience '\(text)' is not a position (one of \(Position.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return position
        }
        if audiences.isEmpty, reader.lines["audiences"] != nil { reader.report(reader.line(of: "audiences"), "audiences must name at least one position") }
        let prerequisites = reader.strings(top, "prerequisites")
        let moduleFields = reader.list(top, "modules", required: true)
        let parsedModules = moduleFields.map { self.module($0, &reader) }
        let modules = parsedModules.compactMap { $0 }
        if moduleFields.isEmpty, reader.lines["modules"] != nil { reader.report(reader.line(of: "modules"), "modules must list at least one module") }
        var seenModules: [String: Int] = [:]
        for (index, module) in parsedModules.enumerated() {
            guard let module else { continue }
            if let first = seenModules[module.code] {
                reader.report(reader.line(of: "modules[\(index)].code"), "module code \(module.code) is used already on line \(first)")
            } else {
                seenModules[module.code] = reader.line(of: "modules[\(index)].code")
            }
        }
        let completion = self.completion(reader.nested(top, "completion", required: true), modules: modules, &reader)
        let trainer = self.trainer(reader.nested(top, "trainer_qualification", required: false), code: code, &reader)
        let pilot = self.pilot(reader.nested(top, "pilot", required: false), &reader)
        let questionnaire = self.questionnaire(top, &reader)
        let methodology = reader.string(top, "methodology", required: false)
        if kind == .professionalQualificationProgramme, methodology == nil {
            reader.report(top.line, "a professional qualification improvement programme must describe its training methodology (methodology)")
        }
        if kind == .course, let index = parsedModules.firstIndex(where: { $0?.course != nil }) {
            reader.report(reader.line(of: "modules[\(index)].course"), "only programmes include other courses as modules")
        }
        let effectiveFrom = reader.date(top, "effective_from")
        let effectiveUntil = reader.date(top, "effective_until", required: false)
        if let effectiveFrom, let effectiveUntil, effectiveUntil < effectiveFrom {
            reader.report(reader.line(of: "effective_until"), "effective_until \(effectiveUntil) is before effective_from \(effectiveFrom)")
        }
        let changeLogFields = reader.list(top, "change_log", required: true)
        if changeLogFields.isEmpty, reader.lines["change_log"] != nil {
            reader.report(reader.line(of: "change_log"), "change_log must have an entry for each version")
        }
        let changeLog = changeLogFields.compactMap { self.changeLogEntry($0, &reader) }
        checkChangeLog(changeLog, version: version, &reader)
        let source = reader.citation(reader.nested(top, "source", required: true))
        let note = reader.string(top, "note", required: false)

        if let hours, !modules.isEmpty, modules.count == moduleFields.count {
            let sum = modules.map(\.academicHours).reduce(0, +)
            if sum != hours {
                reader.report(reader.line(of: "academic_hours"), "the modules add up to \(sum) academic hours, but academic_hours is \(hours)")
            }
        }

        guard reader.problems.isEmpty, let code, let version, let status, let kind, let title, let hours,
              let completion, let effectiveFrom, let source
        else { return (nil, reader.problems) }
        let definition = CourseDefinition(
            code: code, version: version, status: status, kind: kind, title: title, academicHours: hours,
            academicHourMinutes: minutes, audiences: audiences, prerequisites: prerequisites, modules: modules, completion: completion,
            trainerQualification: trainer ?? .init(qualifiedFor: code, fromVersion: 1, supervisedFirstDelivery: false),
            pilot: pilot, feedbackQuestionnaire: questionnaire, methodology: methodology, effectiveFrom: effectiveFrom, effectiveUntil: effectiveUntil,
            changeLog: changeLog, source: source, note: note
        )
        return (CourseFile(file: file, definition: definition, contentChecksum: contentChecksum(of: root), lines: reader.lines), [])
    }

    private static func module(_ fields: FieldReader.Fields, _ reader: inout FieldReader) -> CourseDefinition.Module? {
        reader.rejectUnknown(fields, known: ["code", "course", "title", "academic_hours", "learning_outcomes", "teaching_methods"])
        let code = reader.string(fields, "code")
        let course = reader.string(fields, "course", required: false)
        let title = reader.title(reader.nested(fields, "title", required: true))
        let hours = reader.int(fields, "academic_hours", range: 1...500)
        let outcomes = reader.strings(fields, "learning_outcomes", required: true)
        let methods = reader.strings(fields, "teaching_methods", required: true)
        if outcomes.isEmpty, reader.lines["\(fields.path).learning_outcomes"] != nil {
            reader.report(reader.line(of: "\(fields.path).learning_outcomes"), "\(fields.path).learning_outcomes must list at least one outcome")
        }
        if methods.isEmpty, reader.lines["\(fields.path).teaching_methods"] != nil {
            reader.report(reader.line(of: "\(fields.path).teaching_methods"), "\(fields.path).teaching_methods must list at least one method")
        }
        guard let code, let title, let hours else { return nil }
        return .init(code: code, course: course, title: title, academicHours: hours, learningOutcomes: outcomes, teachingMethods: methods)
    }

    private static func completion(
        _ fields: FieldReader.Fields?, modules: [CourseDefinition.Module], _ reader: inout FieldReader
    ) -> CourseDefinition.CompletionRule? {
        guard let fields else { return nil }
        reader.rejectUnknown(fields, known: ["minimum_attendance_percent", "mandatory_modules", "assessment_required", "credit_unit"])
        let percent = reader.int(fields, "minimum_attendance_percent", range: 1...100)
        let mandatory = reader.strings(fields, "mandatory_modules")
        for (index, code) in mandatory.enumerated() where !modules.contains(where: { $0.code == code }) {
            reader.report(reader.line(of: "completion.mandatory_modules[\(index)]"), "mandatory module \(code) is not among the modules")
        }
        let assessment = reader.bool(fields, "assessment_required", default: false)
        var parts: Int?
        if let unit = reader.string(fields, "credit_unit", required: false) {
            parts = ["1": 1, "0.5": 2, "0.25": 4][unit]
            if parts == nil {
                reader.report(reader.line(of: "completion.credit_unit"), "completion.credit_unit must be 1, 0.5 or 0.25 academic hours, not '\(unit)'")
            }
        }
        guard let percent else { return nil }
        return .init(minimumAttendancePercent: percent, mandatoryModules: mandatory, assessmentRequired: assessment, creditPartsPerHour: parts)
    }

    private static func trainer(
        _ fields: FieldReader.Fields?, code: String?, _ reader: inout FieldReader
    ) -> CourseDefinition.TrainerRequirement? {
        guard let fields else { return nil }
        reader.rejectUnknown(fields, known: ["qualified_for", "from_version", "supervised_first_delivery"])
        let qualifiedFor = reader.string(fields, "qualified_for", required: false) ?? code ?? ""
        let fromVersion = reader.int(fields, "from_version", required: false, range: 1...10_000) ?? 1
        let supervised = reader.bool(fields, "supervised_first_delivery", default: false)
        return .init(qualifiedFor: qualifiedFor, fromVersion: fromVersion, supervisedFirstDelivery: supervised)
    }

    private static func pilot(_ fields: FieldReader.Fields?, _ reader: inout FieldReader) -> CourseDefinition.PilotRule? {
        guard let fields else { return nil }
        reader.rejectUnknown(fields, known: ["groups", "regions", "minimum_participants"])
        let groups = reader.int(fields, "groups", range: 1...50)
        let regions = reader.int(fields, "regions", range: 1...PlanningRegion.allCases.count)
        let minimum = reader.int(fields, "minimum_participants", range: 1...500)
        guard let groups, let regions, let minimum else { return nil }
        if regions > groups {
            reader.report(reader.line(of: "pilot.regions"), "pilot.regions (\(regions)) cannot exceed pilot.groups (\(groups))")
        }
        return .init(groups: groups, regions: regions, minimumParticipants: minimum)
    }

    /// The participants' questionnaire, when the file names one: at least one item, codes unique.
    private static func questionnaire(_ top: FieldReader.Fields, _ reader: inout FieldReader) -> CourseDefinition.Questionnaire? {
        guard reader.node(top, "feedback_questionnaire") != nil else { return nil }
        let fields = reader.list(top, "feedback_questionnaire", required: true)
        if fields.isEmpty {
            reader.report(reader.line(of: "feedback_questionnaire"), "feedback_questionnaire must list at least one item (leave it out for the standard one)")
            return nil
        }
        var seen: [String: Int] = [:]
        let items = fields.enumerated().compactMap { index, item -> CourseDefinition.Questionnaire.Item? in
            reader.rejectUnknown(item, known: ["code", "kind", "text"])
            let code = reader.string(item, "code")
            let kind = reader.value(CourseDefinition.Questionnaire.ItemKind.self, reader.string(item, "kind"), "feedback_questionnaire[\(index)].kind")
            let text = reader.title(reader.nested(item, "text", required: true))
            if let code {
                let line = reader.line(of: "feedback_questionnaire[\(index)].code")
                if let first = seen[code] {
                    reader.report(line, "questionnaire item \(code) is used already on line \(first)")
                } else {
                    seen[code] = line
                }
            }
            guard let code, let kind, let text else { return nil }
            return .init(code: code, kind: kind, text: text)
        }
        return items.count == fields.count ? .init(items: items) : nil
    }

    private static func changeLogEntry(_ fields: FieldReader.Fields, _ reader: inout FieldReader) -> CourseDefinition.ChangeLogEntry? {
        reader.rejectUnknown(fields, known: ["version", "date", "changes", "reason", "feedback"])
        let version = reader.int(fields, "version", range: 1...10_000)
        let date = reader.date(fields, "date")
        let changes = reader.string(fields, "changes")
        let reason = reader.string(fields, "reason")
        let feedback = reader.strings(fields, "feedback")
        for (index, reference) in feedback.enumerated() where FeedbackReference(reference) == nil {
            reader.report(reader.line(of: "\(fields.path).feedback[\(index)]", or: fields.line),
                          "feedback reference '\(reference)' must be group:<group code> or lecturer-report:<report id>")
        }
        guard let version, let date, let changes, let reason else { return nil }
        return .init(version: version, date: date, changes: changes, reason: reason, feedback: feedback)
    }

    /// Versions in the change log increase, and the newest entry is this file's version.
    private static func checkChangeLog(_ log: [CourseDefinition.ChangeLogEntry], version: Int?, _ reader: inout FieldReader) {
        for index in log.indices.dropFirst() where log[index].version <= log[index - 1].version {
            reader.report(reader.line(of: "change_log[\(index)].version"),
                          "change_log versions must increase: \(log[index].version) follows \(log[index - 1].version)")
        }
        if let version, let last = log.last, last.version != version {
            reader.report(reader.line(of: "change_log[\(log.count - 1)].version"),
                          "the newest change_log entry is for version \(last.version), but the file is version \(version)")
        }
    }


    /// The YAML data without `status`, written canonically (mappings sorted by key), hashed.
    package static func contentChecksum(of root: Node) -> String {
        func canonical(_ node: Node, top: Bool) -> String {
            switch node {
            case .scalar(let scalar): return "s:" + scalar.string.debugDescription
            case .sequence(let sequence): return "[" + sequence.map { canonical($0, top: false) }.joined(separator: ",") + "]"
            case .mapping(let mapping):
                let pairs = mapping.compactMap { key, value -> (String, String)? in
                    let name = key.string ?? canonical(key, top: false)
                    return top && name == "status" ? nil : (name, canonical(value, top: false))
                }
                return "{" + pairs.sorted { $0.0 < $1.0 }.map { "\($0.0.debugDescription):\($0.1)" }.joined(separator: ",") + "}"
            case .alias(let alias): return "a:" + alias.anchor.rawValue
            }
        }
        return SHA256Digest.hex(of: Data(canonical(root, top: true).utf8))
    }
}
