import APIContract
import Core
import Curriculum
import Directory
import Foundation

extension Components.Schemas.LocalizedText {
    init(_ title: CourseDefinition.Title) { self.init(lv: title.lv, en: title.en) }
}

extension Components.Schemas.CourseSummary {
    init(_ summary: CourseSummary) {
        self.init(
            code: summary.code,
            kind: .init(rawValue: summary.kind.rawValue)!,
            version: summary.version,
            status: .init(rawValue: summary.status.rawValue)!,
            title: .init(summary.title),
            academicHours: summary.academicHours,
            audiences: summary.audiences.compactMap { .init(rawValue: $0.rawValue) },
            effectiveFrom: summary.effectiveFrom.description,
            effectiveUntil: summary.effectiveUntil?.description
        )
    }
}

extension Components.Schemas.CourseVersion {
    init(_ stored: StoredCourseVersion) {
        let course = stored.definition
        self.init(
            code: course.code,
            kind: .init(rawValue: course.kind.rawValue)!,
            version: course.version,
            status: .init(rawValue: stored.status.rawValue)!,
            title: .init(course.title),
            academicHours: course.academicHours,
            academicHourMinutes: course.academicHourMinutes,
            audiences: course.audiences.compactMap { .init(rawValue: $0.rawValue) },
            prerequisites: course.prerequisites,
            includes: course.includes,
            modules: course.modules.map {
                .init(code: $0.code, course: $0.course, title: .init($0.title), academicHours: $0.academicHours,
                      learningOutcomes: $0.learningOutcomes, teachingMethods: $0.teachingMethods)
            },
            completion: .init(
                minimumAttendancePercent: course.completion.minimumAttendancePercent,
                mandatoryModules: course.completion.mandatoryModules,
                assessmentRequired: course.completion.assessmentRequired
            ),
            trainerQualification: .init(
                qualifiedFor: course.trainerQualification.qualifiedFor,
                fromVersion: course.trainerQualification.fromVersion,
                supervisedFirstDelivery: course.trainerQualification.supervisedFirstDelivery
            ),
            pilot: course.pilot.map {
                .init(groups: $0.groups, regions: $0.regions, minimumParticipants: $0.minimumParticipants)
            },
            methodology: course.methodology,
            effectiveFrom: course.effectiveFrom.description,
            effectiveUntil: course.effectiveUntil?.description,
            changeLog: course.changeLog.map {
                .init(version: $0.version, date: $0.date.description, changes: $0.changes, reason: $0.reason, feedback: $0.feedback)
            },
            source: .init(document: course.source.document, url: course.source.url, statement: course.source.statement),
            note: course.note,
            sourceFile: stored.sourceFile,
            importedAt: stored.importedAt,
            approvedAt: stored.approvedAt,
            approvedBy: stored.approvedBy,
            retiredAt: stored.retiredAt,
            retiredBy: stored.retiredBy
        )
    }
}
