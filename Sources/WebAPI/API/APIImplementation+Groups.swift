import APIContract
import Core
import Directory
import Foundation
import OpenAPIRuntime
import Scheduling

extension APIImplementation {

    package func listGroups(_ input: Operations.ListGroups.Input) async throws -> Operations.ListGroups.Output {
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

    package func createGroup(_ input: Operations.CreateGroup.Input) async throws -> Operations.CreateGroup.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        var draft = GroupDraft(
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

    package func getGroup(_ input: Operations.GetGroup.Input) async throws -> Operations.GetGroup.Output {
        _ = try requireCaller()
        return .ok(.init(body: .json(.init(try await groups.group(id: try id(input.path.groupId, of: "group"))))))
    }

    package func updateGroup(_ input: Operations.UpdateGroup.Input) async throws -> Operations.UpdateGroup.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let group = try await groups.setCapacity(of: try id(input.path.groupId, of: "group"), to: body.capacity, by: .caller(caller))
        return .ok(.init(body: .json(.init(group))))
    }

    package func addSession(_ input: Operations.AddSession.Input) async throws -> Operations.AddSession.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let group = try await sessions.addSession(
            to: try id(input.path.groupId, of: "group"),
            .init(startsAt: body.startsAt, endsAt: body.endsAt, academicHours: body.academicHours, venue: body.venue,
                  modules: body.modules ?? []),
            by: .caller(caller)
        )
        return .created(.init(body: .json(.init(group))))
    }

    package func cancelSession(_ input: Operations.CancelSession.Input) async throws -> Operations.CancelSession.Output {
        let caller = try requireCaller()
        let group = try await sessions.cancelSession(
            try id(input.path.sessionId, of: "session"), of: try id(input.path.groupId, of: "group"), by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(group))))
    }

    package func changeGroupStatus(_ input: Operations.ChangeGroupStatus.Input) async throws -> Operations.ChangeGroupStatus.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let group = try await groups.changeStatus(
            of: try id(input.path.groupId, of: "group"), to: GroupStatus(rawValue: body.status.rawValue)!,
            reason: body.reason, by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(group))))
    }
}
