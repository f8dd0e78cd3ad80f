import APIContract
import Core
import Directory
import Foundation
import Scheduling

extension Components.Schemas.Group {
    init(_ group: Group) {
        self.init(
            id: group.id.lowercasedString, code: group.code, kind: .init(rawValue: group.kind.rawValue)!,
            courseCode: group.courseCode, courseVersion: group.courseVersion, courseTitle: .init(group.courseTitle),
            region: group.region.flatMap { .init(rawValue: $0.rawValue) }, venue: group.venue, online: group.online,
            capacity: group.capacity, minimumParticipants: group.minimumParticipants, booked: group.booked,
            waitlisted: group.waitlisted, registrationOpensAt: group.registration.opensAt,
            registrationClosesAt: group.registration.closesAt, cancellationDeadline: group.registration.cancellationDeadline,
            pilot: group.pilot, status: .init(rawValue: group.status.rawValue)!, cancelledReason: group.cancelledReason,
            trainers: group.trainers.map { .init(personId: $0.personID.lowercasedString, role: .init(rawValue: $0.role.rawValue)!) },
            sessions: group.sessions.map {
                .init(id: $0.id.lowercasedString, startsAt: $0.startsAt, endsAt: $0.endsAt,
                      startsAtLocal: RigaTime.localText($0.startsAt), endsAtLocal: RigaTime.localText($0.endsAt),
                      academicHours: $0.academicHours, venue: $0.venue, modules: $0.modules, cancelled: $0.cancelledAt != nil)
            },
            scheduledHours: group.scheduledHours
        )
    }
}

extension Components.Schemas.Enrolment {
    init(_ enrolment: Enrolment) {
        self.init(
            id: enrolment.id.lowercasedString, groupId: enrolment.groupID.lowercasedString,
            personId: enrolment.personID.lowercasedString, status: .init(rawValue: enrolment.status.rawValue)!,
            queuedAt: enrolment.queuedAt,
            history: enrolment.history.map {
                .init(status: .init(rawValue: $0.status.rawValue)!, changedAt: $0.changedAt, changedBy: $0.changedBy, reason: $0.reason)
            }
        )
    }
}

extension Components.Schemas.Qualification {
    init(_ qualification: TrainerQualification) {
        self.init(
            id: qualification.id.lowercasedString, personId: qualification.personID.lowercasedString,
            courseCode: qualification.courseCode, fromVersion: qualification.fromVersion,
            status: .init(rawValue: qualification.status.rawValue)!, grantedVia: .init(rawValue: qualification.grantedVia.rawValue)!,
            reason: qualification.reason, grantedBy: qualification.grantedBy, grantedAt: qualification.grantedAt,
            signedOffAt: qualification.signedOffAt, withdrawnReason: qualification.withdrawnReason
        )
    }
}

extension Components.Schemas.PilotReportEntry {
    init(_ entry: PilotReportEntry) {
        let evaluation = entry.evaluation
        self.init(
            courseCode: entry.courseCode, courseVersion: entry.courseVersion,
            rule: .init(groups: evaluation.rule.groups, regions: evaluation.rule.regions, minimumParticipants: evaluation.rule.minimumParticipants),
            groups: evaluation.groups.map { group in
                .init(code: group.code, region: group.region.flatMap { .init(rawValue: $0.rawValue) }, participants: group.participants, completed: group.completed,
                      status: .init(rawValue: group.status.rawValue)!, counts: evaluation.qualifying.contains(group))
            },
            regions: evaluation.regions.map(\.rawValue).sorted().compactMap { .init(rawValue: $0) },
            met: evaluation.isMet, shortfall: evaluation.shortfall
        )
    }
}

