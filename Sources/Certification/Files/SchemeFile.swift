import Core
import Curriculum
import Foundation
import Yams

/// One file of `Courses/certification/`, read into a `CertificationScheme` with every problem it has, each
/// with its line. The format is documented in `Courses/certification/README.md`.
public struct SchemeFile: Sendable {
    public let file: String
    public let scheme: CertificationScheme
    /// A fingerprint of the file's content as YAML data without its status (as the catalogue's): equal means
    /// the scheme is unchanged.
    public let contentChecksum: String
    let lines: [String: Int]

    func line(_ path: String) -> Int { lines[path] ?? 1 }

    static let topLevelFields = [
        "code", "version", "status", "title", "applies_to", "initial", "validity_months", "recertification", "grace_months",
        "effective_from", "effective_until", "source", "assumptions", "note", "replaces", "in_post_before_start",
    ]

    public static func parse(_ text: String, file: String) -> (SchemeFile?, [FileProblem]) {
        let opened: (root: Node, reader: FieldReader, top: FieldReader.Fields)
        switch DataFile.open(text, file: file, known: topLevelFields) {
        case .success(let value): opened = value
        case .failure(let problems): return (nil, problems.problems)
        }
        let (root, top) = (opened.root, opened.top)
        var reader = opened.reader
        let code = reader.code(top, noun: "scheme", example: "BT-PILNVEIDE")
        let version = reader.int(top, "version", range: 1...10_000)
        let status = reader.value(CertificationScheme.Status.self, reader.string(top, "status"), "status")
        let title = reader.title(reader.nested(top, "title", required: true))
        let applies = applicability(reader.nested(top, "applies_to", required: true), &reader)
        let initial = reader.nested(top, "initial", required: false).flatMap { self.initial($0, &reader) }
        let validity = reader.int(top, "validity_months", range: 1...240)
        let recertification = reader.nested(top, "recertification", required: true).flatMap { self.recertification($0, validity: validity, &reader) }
        let grace = reader.int(top, "grace_months", required: false, range: 0...24) ?? 0
        let effectiveFrom = reader.date(top, "effective_from")
        let effectiveUntil = reader.date(top, "effective_until", required: false)
        if let effectiveFrom, let effectiveUntil, effectiveUntil < effectiveFrom {
            reader.report(reader.line(of: "effective_until"), "effective_until \(effectiveUntil) is before effective_from \(effectiveFrom)")
        }
        let source = reader.citation(reader.nested(top, "source", required: true))
        let assumptions = reader.list(top, "assumptions", required: false).compactMap { fields -> CertificationScheme.Assumption? in
            reader.rejectUnknown(fields, known: ["field", "note"])
            guard let field = reader.string(fields, "field"), let note = reader.string(fields, "note") else { return nil }
            if !topLevelFields.contains(String(field.split(separator: ".").first ?? "")) {
                reader.report(reader.line(of: "\(fields.path).field"), "\(fields.path).field names no field of the scheme: '\(field)'")
            }
            return .init(field: field, note: note)
        }
        let note = reader.string(top, "note", required: false)
        let replaces = reader.string(top, "replaces", required: false)
        let transition = reader.value(CertificationScheme.Transition.self, reader.string(top, "in_post_before_start", required: false), "in_post_before_start")

        guard reader.problems.isEmpty, let code, let version, let status, let title, let applies, let validity, let recertification,
              let effectiveFrom, let source
        else { return (nil, reader.problems) }
        let scheme = CertificationScheme(
            code: code, version: version, status: status, title: title, appliesTo: applies, initial: initial, validityMonths: validity,
            recertification: recertification, graceMonths: grace, effectiveFrom: effectiveFrom, effectiveUntil: effectiveUntil,
            source: source, assumptions: assumptions, note: note, replaces: replaces, inPostBeforeStart: transition
        )
        return (SchemeFile(file: file, scheme: scheme, contentChecksum: CourseFile.contentChecksum(of: root), lines: reader.lines), [])
    }

    private static func applicability(_ fields: FieldReader.Fields?, _ reader: inout FieldReader) -> CertificationScheme.Applicability? {
        guard let fields else { return nil }
        reader.rejectUnknown(fields, known: ["positions", "organisation_kinds"])
        let positions = reader.strings(fields, "positions", required: true).enumerated().compactMap { index, text in
            reader.value(Position.self, text, "applies_to.positions[\(index)]")
        }
        let kinds = reader.strings(fields, "organisation_kinds").enumerated().compactMap { index, text in
            reader.value(OrganisationKind.self, text, "applies_to.organisation_kinds[\(index)]")
        }
        if positions.isEmpty, reader.problems.isEmpty { reader.report(fields.line, "applies_to.positions must name at least one position") }
        return .init(positions: positions, organisationKinds: kinds)
    }

    private static func requirement(_ fields: FieldReader.Fields, _ reader: inout FieldReader) -> CertificationScheme.Requirement? {
        let path = fields.path
        let courses = reader.strings(fields, "courses")
        let hours = reader.int(fields, "academic_hours", required: false, range: 1...2000)
        let eligible: [String]? = reader.node(fields, "eligible_courses") == nil ? nil : reader.strings(fields, "eligible_courses")
        let external = reader.bool(fields, "external_training_counts", default: false)
        let categories = reader.list(fields, "categories", required: false).compactMap { category -> CertificationScheme.Requirement.Category? in
            reader.rejectUnknown(category, known: ["name", "courses", "academic_hours"])
            guard let name = reader.string(category, "name"), let hours = reader.int(category, "academic_hours", range: 1...2000) else { return nil }
            let courses = reader.strings(category, "courses", required: true)
            return .init(name: name, courses: courses, academicHours: hours)
        }
        if courses.isEmpty, hours == nil {
            reader.report(fields.line, "\(path) must ask for courses to complete, academic_hours, or both")
        }
        if let hours, categories.map(\.academicHours).reduce(0, +) > hours {
            reader.report(reader.line(of: "\(path).categories", or: fields.line), "\(path).categories ask for more hours than academic_hours (\(hours))")
        }
        if hours == nil, eligible != nil || external || !categories.isEmpty {
            reader.report(fields.line, "\(path): eligible_courses, external_training_counts and categories need academic_hours")
        }
        return .init(courses: courses, academicHours: hours, eligibleCourses: eligible, externalTrainingCounts: external, categories: categories)
    }

    private static func initial(_ fields: FieldReader.Fields, _ reader: inout FieldReader) -> CertificationScheme.Initial? {
        reader.rejectUnknown(fields, known: ["within_months", "courses", "academic_hours", "eligible_courses", "external_training_counts", "categories", "decision_by"])
        let months = reader.int(fields, "within_months", range: 1...60)
        let requirement = self.requirement(fields, &reader)
        let decision = reader.string(fields, "decision_by", required: false)
        guard let months, let requirement else { return nil }
        return .init(withinMonths: months, requirement: requirement, decisionBy: decision)
    }

    private static func recertification(
        _ fields: FieldReader.Fields, validity: Int?, _ reader: inout FieldReader
    ) -> CertificationScheme.Recertification? {
        reader.rejectUnknown(fields, known: [
            "courses", "academic_hours", "eligible_courses", "external_training_counts", "categories", "window_opens_months_before_expiry",
            "next_expiry_from", "fixed_date",
        ])
        let requirement = self.requirement(fields, &reader)
        let window = reader.int(fields, "window_opens_months_before_expiry", range: 0...240)
        if let window, let validity, window > validity {
            reader.report(reader.line(of: "recertification.window_opens_months_before_expiry"),
                          "the window cannot open \(window) months before expiry of a \(validity)-month validity")
        }
        let basis = reader.string(fields, "next_expiry_from").flatMap { reader.value(CertificationScheme.ExpiryBasis.self, $0, "recertification.next_expiry_from") }
        var month: Int?, day: Int?
        if let text = reader.string(fields, "fixed_date", required: basis == .fixedDate) {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            if parts.count == 2, (1...12).contains(parts[0]), (1...CalendarDate.daysIn(month: parts[0], year: 2023)).contains(parts[1]) {
                (month, day) = (parts[0], parts[1])
            } else {
                reader.report(reader.line(of: "recertification.fixed_date"), "recertification.fixed_date must be a day of every year written MM-DD, such as 12-31")
            }
            if basis != .fixedDate {
                reader.report(reader.line(of: "recertification.fixed_date"), "recertification.fixed_date is only for next_expiry_from: fixed_date")
            }
        }
        guard let requirement, let window, let basis else { return nil }
        return .init(requirement: requirement, windowOpensMonthsBeforeExpiry: window, nextExpiryFrom: basis, fixedMonth: month, fixedDay: day)
    }

}
