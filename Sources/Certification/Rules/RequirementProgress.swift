import Core
import Curriculum
import Foundation

/// How far a person's training records go towards one requirement: which records count (in date order, each
/// only while it still adds something), the day the requirement was met, and what is still missing in words.
public struct RequirementProgress: Sendable, Equatable {
    public let used: [TrainingEvidence]
    /// The day the last record needed was completed; nil while something is missing.
    public let metOn: CalendarDate?
    /// What is still missing, e.g. "6 more academic hours from eligible courses".
    public let missing: [StatusMessage]
    public let hours: HoursCredit

    /// Walks `evidence` in date order (each record once) and stops as soon as the requirement is met.
    public init(_ requirement: CertificationScheme.Requirement, evidence: [TrainingEvidence]) {
        let target = requirement.academicHours.map { HoursCredit(hours: $0) }
        var coursesDone = Set<String>()
        var hours = HoursCredit.zero
        var categoryHours = [HoursCredit](repeating: .zero, count: requirement.categories.count)
        var used: [TrainingEvidence] = []
        var metOn: CalendarDate?

        func countsForHours(_ record: TrainingEvidence) -> Bool {
            guard target != nil else { return false }
            guard let code = record.courseCode else { return requirement.externalTrainingCounts }
            return requirement.eligibleCourses.map { $0.contains(code) } ?? true
        }
        func isMet() -> Bool {
            coursesDone.count == Set(requirement.courses).count && target.map { hours >= $0 } != false
                && zip(requirement.categories, categoryHours).allSatisfy { $1 >= HoursCredit(hours: $0.academicHours) }
        }

        for record in evidence.sorted(by: { ($0.completedOn, $0.recordID) < ($1.completedOn, $1.recordID) }) {
            var adds = false
            if let code = record.courseCode, requirement.courses.contains(code), !coursesDone.contains(code) {
                coursesDone.insert(code)
                adds = true
            }
            if countsForHours(record) {
                let needsHours = target.map { hours < $0 } ?? false
                let categories = requirement.categories.indices.filter { index in
                    record.courseCode.map(requirement.categories[index].courses.contains) == true
                        && categoryHours[index] < HoursCredit(hours: requirement.categories[index].academicHours)
                }
                if needsHours || !categories.isEmpty {
                    hours = hours + record.academicHours
                    for index in categories { categoryHours[index] = categoryHours[index] + record.academicHours }
                    adds = true
                }
            }
            guard adds else { continue }
            used.append(record)
            if isMet() {
                metOn = record.completedOn
                break
            }
        }

        var missing: [StatusMessage] = []
        for code in requirement.courses where !coursesDone.contains(code) { missing.append(StatusMessage(.missingCourse, ["course": .text(code)])) }
        if let target, hours < target {
            let more = StatusMessage.Value.hours(HoursCredit(quarters: target.quarters - hours.quarters))
            missing.append(requirement.eligibleCourses.map { StatusMessage(.missingHoursFrom, ["hours": more, "courses": .text($0.joined(separator: ", "))]) }
                ?? StatusMessage(.missingHoursEligible, ["hours": more]))
        }
        for (category, done) in zip(requirement.categories, categoryHours) where done < HoursCredit(hours: category.academicHours) {
            missing.append(StatusMessage(.missingCategoryHours, [
                "hours": .hours(HoursCredit(quarters: category.academicHours * 4 - done.quarters)), "category": .text(category.name),
                "courses": .text(category.courses.joined(separator: ", ")),
            ]))
        }
        self.used = used
        self.metOn = metOn
        self.missing = missing
        self.hours = hours
    }
}
