import APIContract
import Directory
import Foundation
import OpenAPIRuntime
import Scheduling

extension APIImplementation {
    // MARK: Groups

    func listGroups(_ input: Operations.ListGroups.Input) async throws -> Operations.ListGroups.Output {
        _ = try requireCaller()
        let query = input.query
        let page = try await groups.groups(
            GroupFilter(
                courseCode: query.course, region: query.region.flatMap { PlanningRegion(rawValue: $0.rawValue) },
                status: query.status.flatMap { GroupStatus(rawValue: $0.rawValue) }, from: query.from, to: query.to
            ),
            page: try PageRequest(limit: query.limit, offset: query.offset)
        )
        return .ok(.init(body: .json(.init(
            items: page.items.map(Components.Schemas.Group.init), total: page.total,
            limit: page.request.limit, offset: page.request.offset
        ))))
    }

    func createGroup(_ input: Operations.CreateGroup.Input) async throws -> Operations.CreateGroup.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        var draft = GroupService.GroupDraft(
            code: body.code, courseCode: body.courseCode, courseVersion: body.courseVersion, region: body.region.rawValue,
            leadTrainerID: try requiredID(body.leadTrainerId, field: "leadTrainerId"), capacity: body.capacity
        )
        draft.kind = body.kind.flatMap { GroupKind(rawValue: $0.rawValue) } ?? .delivery
        draft.venue = body.venue
        draft.online = body.online ?? false
        draft.coTrainerIDs = try (body.coTrainerIds ?? []).map { try requiredID($0, field: "coTrainerIds") }
        draft.minimumParticipants = body.minimumParticipants
        draft.registrationOpensAt = body.registrationOpensAt
        draft.registrationClosesAt = body.registrationClosesAt
        draft.cancellationDeadline = body.cancellationDeadline
        draft.pilot = body.pilot ?? false
        let group = try await groups.createGroup(draft, by: .caller(caller))
        return .created(.init(body: .json(.init(group))))
    }

    func getGroup(_ input: Operations.GetGroup.Input) async throws -> Operations.GetGroup.Output {
        _ = try requireCaller()
        return .ok(.init(body: .json(.init(try await groups.group(id: try id(input.path.groupId, of: "group"))))))
    }

    func updateGroup(_ input: Operations.UpdateGroup.Input) async throws -> Operations.UpdateGroup.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let group = try await groups.setCapacity(of: try id(input.path.groupId, of: "group"), to: body.capacity, by: .caller(caller))
        return .ok(.init(body: .json(.init(group))))
    }

    func addSession(_ input: Operations.AddSession.Input) async throws -> Operations.AddSession.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let group = try await groups.addSession(
            to: try id(input.path.groupId, of: "group"),
            .init(startsAt: body.startsAt, endsAt: body.endsAt, academicHours: body.academicHours, venue: body.venue),
            by: .caller(caller)
        )
        return .created(.init(body: .json(.init(group))))
    }

    func cancelSession(_ input: Operations.CancelSession.Input) async throws -> Operations.CancelSession.Output {
        let caller = try requireCaller()
        let group = try await groups.cancelSession(
            try id(input.path.sessionId, of: "session"), of: try id(input.path.groupId, of: "group"), by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(group))))
    }

    func changeGroupStatus(_ input: Operations.ChangeGroupStatus.Input) async throws -> Operations.ChangeGroupStatus.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let group = try await groups.changeStatus(
            of: try id(input.path.groupId, of: "group"), to: GroupStatus(rawValue: body.status.rawValue)!,
            reason: body.reason, by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(group))))
    }

    func completeCohort(_ input: Operations.CompleteCohort.Input) async throws -> Operations.CompleteCohort.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let granted = try await qualifications.completeCohort(
            try id(input.path.groupId, of: "group"),
            completed: try body.completedPersonIds.map { try $0.map { try requiredID($0, field: "completedPersonIds") } },
            by: .caller(caller)
        )
        return .ok(.init(body: .json(granted.map(Components.Schemas.Qualification.init))))
    }

    func recordAttendance(_ input: Operations.RecordAttendance.Input) async throws -> Operations.RecordAttendance.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let summaries = try await groups.recordAttendance(
            of: try id(input.path.groupId, of: "group"), session: try id(input.path.sessionId, of: "session"),
            try body.entries.map { (person: try requiredID($0.personId, field: "entries.personId"), present: $0.present) },
            by: .caller(caller)
        )
        return .ok(.init(body: .json(summaries.map(Components.Schemas.AttendanceSummary.init))))
    }

    func getAttendance(_ input: Operations.GetAttendance.Input) async throws -> Operations.GetAttendance.Output {
        let caller = try requireCaller()
        let summaries = try await groups.attendance(of: try id(input.path.groupId, of: "group"), by: .caller(caller))
        return .ok(.init(body: .json(summaries.map(Components.Schemas.AttendanceSummary.init))))
    }

    // MARK: Enrolments

    func listEnrolments(_ input: Operations.ListEnrolments.Input) async throws -> Operations.ListEnrolments.Output {
        let caller = try requireCaller()
        let list = try await enrolments.enrolments(in: try id(input.path.groupId, of: "group"), by: .caller(caller))
        return .ok(.init(body: .json(list.map(Components.Schemas.Enrolment.init))))
    }

    func enrol(_ input: Operations.Enrol.Input) async throws -> Operations.Enrol.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let enrolment = try await enrolments.enrol(
            personID: try optionalID(body.personId, field: "personId"), in: try id(input.path.groupId, of: "group"),
            overrideReason: body.overrideReason, by: .caller(caller)
        )
        return .created(.init(body: .json(.init(enrolment))))
    }

    func getEnrolment(_ input: Operations.GetEnrolment.Input) async throws -> Operations.GetEnrolment.Output {
        let caller = try requireCaller()
        let enrolment = try await enrolments.enrolment(id: try id(input.path.enrolmentId, of: "enrolment"), by: .caller(caller))
        return .ok(.init(body: .json(.init(enrolment))))
    }

    func cancelEnrolment(_ input: Operations.CancelEnrolment.Input) async throws -> Operations.CancelEnrolment.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let enrolment = try await enrolments.cancel(
            try id(input.path.enrolmentId, of: "enrolment"), reason: body.reason, overrideReason: body.overrideReason,
            by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(enrolment))))
    }

    func approveEnrolment(_ input: Operations.ApproveEnrolment.Input) async throws -> Operations.ApproveEnrolment.Output {
        let caller = try requireCaller()
        let enrolment = try await enrolments.approve(try id(input.path.enrolmentId, of: "enrolment"), by: .caller(caller))
        return .ok(.init(body: .json(.init(enrolment))))
    }

    func listMyEnrolments(_ input: Operations.ListMyEnrolments.Input) async throws -> Operations.ListMyEnrolments.Output {
        let caller = try requireCaller()
        return .ok(.init(body: .json(try await enrolments.myEnrolments(by: .caller(caller)).map(Components.Schemas.Enrolment.init))))
    }

    // MARK: Calendars

    func rotateCalendarFeed(_ input: Operations.RotateCalendarFeed.Input) async throws -> Operations.RotateCalendarFeed.Output {
        let caller = try requireCaller()
        let secret = try await calendars.rotateFeed(for: caller.personID, by: .caller(caller))
        return .ok(.init(body: .json(.init(url: "/calendar/\(secret).ics"))))
    }

    func getCalendarFeed(_ input: Operations.GetCalendarFeed.Input) async throws -> Operations.GetCalendarFeed.Output {
        let secret = input.path.feed.hasSuffix(".ics") ? String(input.path.feed.dropLast(4)) : input.path.feed
        guard let feed = try await calendars.feed(secret: secret) else { throw Problem.notFound("no calendar feed has this address") }
        return .ok(.init(body: .textCalendar(HTTPBody(feed))))
    }

    // MARK: Qualifications

    func listQualifications(_ input: Operations.ListQualifications.Input) async throws -> Operations.ListQualifications.Output {
        let caller = try requireCaller()
        let list = try await qualifications.qualifications(of: try id(input.path.personId, of: "person"), by: .caller(caller))
        return .ok(.init(body: .json(list.map(Components.Schemas.Qualification.init))))
    }

    func grantQualification(_ input: Operations.GrantQualification.Input) async throws -> Operations.GrantQualification.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let granted = try await qualifications.grant(
            personID: try requiredID(body.personId, field: "personId"), courseCode: body.courseCode,
            fromVersion: body.fromVersion, provisional: body.provisional ?? false, reason: body.reason, by: .caller(caller)
        )
        return .created(.init(body: .json(.init(granted))))
    }

    func withdrawQualification(_ input: Operations.WithdrawQualification.Input) async throws -> Operations.WithdrawQualification.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let withdrawn = try await qualifications.withdraw(
            try id(input.path.qualificationId, of: "qualification"), reason: body.reason, by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(withdrawn))))
    }

    func signOffQualification(_ input: Operations.SignOffQualification.Input) async throws -> Operations.SignOffQualification.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.badRequest("expected a JSON body") }
        let signed = try await qualifications.signOff(
            try id(input.path.qualificationId, of: "qualification"),
            deliveredIn: try requiredID(body.groupId, field: "groupId"), by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(signed))))
    }

    // MARK: Reports

    func getPilotReport(_ input: Operations.GetPilotReport.Input) async throws -> Operations.GetPilotReport.Output {
        let caller = try requireCaller()
        let report = try await groups.pilotReport(by: .caller(caller))
        return .ok(.init(body: .json(report.map(Components.Schemas.PilotReportEntry.init))))
    }
}
