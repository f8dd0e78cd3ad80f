import APIContract
import Core
import Curriculum
import Foundation
import Scheduling
import Training

extension Components.Schemas.AttendanceSummary {
    init(_ summary: AttendanceSummary) {
        self.init(
            personId: summary.personID.lowercasedString, creditedHours: summary.credited.hours, meetsRule: summary.meetsRule,
            sessions: summary.marks.sorted { $0.key < $1.key }.map { session, mark in
                .init(sessionId: session.lowercasedString, status: .init(rawValue: mark.status)!,
                      minutesAttended: mark.minutes, creditedHours: (summary.credits[session] ?? .zero).hours)
            }
        )
    }
}

extension Components.Schemas.AttendanceChange {
    init(_ change: AttendanceChange) {
        self.init(sessionId: change.sessionID.lowercasedString, personId: change.personID.lowercasedString,
                  from: change.from.text, to: change.to.text, reason: change.reason, changedBy: change.changedBy,
                  changedAt: change.changedAt)
    }
}

extension Components.Schemas.AssessmentResult {
    init(_ result: AssessmentResult) {
        self.init(personId: result.personID.lowercasedString, passed: result.passed, note: result.note)
    }
}

extension Components.Schemas.GroupClosing {
    init(_ closing: GroupClosing) {
        self.init(
            groupId: closing.groupID.lowercasedString, groupCode: closing.groupCode, courseCode: closing.courseCode,
            courseVersion: closing.courseVersion, courseHours: closing.courseHours, closed: closing.closed,
            outcomes: closing.outcomes.map {
                .init(personId: $0.personID.lowercasedString, creditedHours: $0.credited.hours,
                      outcome: .init(rawValue: $0.outcome.rawValue)!, reasons: $0.reasons, assessmentPassed: $0.assessmentPassed)
            },
            incomplete: closing.incomplete
        )
    }
}

extension Components.Schemas.TrainingRecord {
    init(_ record: TrainingRecord) {
        self.init(
            id: record.id.lowercasedString, personId: record.personID.lowercasedString,
            source: .init(rawValue: record.source.rawValue)!, courseCode: record.courseCode, courseVersion: record.courseVersion,
            groupId: record.groupID?.lowercasedString, groupCode: record.groupCode, provider: record.provider,
            title: record.title, startsOn: record.startsOn.description, endsOn: record.endsOn.description,
            academicHours: record.academicHours.hours, outcome: .init(rawValue: record.outcome.rawValue)!, reasons: record.reasons,
            evidenceReference: record.evidenceReference, organisationId: record.organisationID?.lowercasedString,
            region: record.region.flatMap { .init(rawValue: $0.rawValue) }, position: record.position.flatMap { .init(rawValue: $0.rawValue) },
            supersedes: record.supersedes?.lowercasedString, correctionReason: record.correctionReason,
            supersededBy: record.supersededBy?.lowercasedString, counts: record.counts, recordedBy: record.recordedBy,
            recordedAt: record.recordedAt, approvedBy: record.approvedBy, approvedAt: record.approvedAt
        )
    }
}

extension Components.Schemas.TrainingRecordPage {
    init(_ page: Page<TrainingRecord>) {
        self.init(items: page.items.map(Components.Schemas.TrainingRecord.init), total: page.total,
                  limit: page.request.limit, offset: page.request.offset)
    }
}

extension Components.Schemas.CompletionCount {
    init(_ count: CompletionCount) {
        self.init(courseCode: count.courseCode, courseVersion: count.courseVersion,
                  region: count.region.flatMap { .init(rawValue: $0.rawValue) },
                  position: count.position.flatMap { .init(rawValue: $0.rawValue) }, people: count.people)
    }
}
