import APIContract
import Core
import Curriculum
import Directory
import Foundation
import OpenAPIRuntime

extension APIImplementation {
    package func listCourses(_ input: Operations.ListCourses.Input) async throws -> Operations.ListCourses.Output {
        _ = try requireCaller()
        let query = input.query
        let page = try await catalogue.courses(
            CourseFilter(
                kind: query.kind.flatMap { CourseDefinition.Kind(rawValue: $0.rawValue) },
                audience: query.audience.flatMap { Position(rawValue: $0.rawValue) },
                status: query.status.flatMap { CourseDefinition.Status(rawValue: $0.rawValue) },
                text: query.q
            ),
            page: try PageRequest(limit: query.limit, offset: query.offset)
        )
        return .ok(.init(body: .json(.init(
            items: page.items.map(Components.Schemas.CourseSummary.init), total: page.total,
            limit: page.request.limit, offset: page.request.offset
        ))))
    }

    package func getCourse(_ input: Operations.GetCourse.Input) async throws -> Operations.GetCourse.Output {
        _ = try requireCaller()
        let detail = try await catalogue.course(code: input.path.code)
        return .ok(.init(body: .json(.init(
            code: detail.current.definition.code,
            kind: .init(rawValue: detail.current.definition.kind.rawValue)!,
            current: .init(detail.current),
            versions: detail.versions.map {
                .init(version: $0.version, status: .init(rawValue: $0.status.rawValue)!,
                      effectiveFrom: $0.effectiveFrom.description, effectiveUntil: $0.effectiveUntil?.description,
                      approvedAt: $0.approvedAt, retiredAt: $0.retiredAt)
            }
        ))))
    }

    package func getCourseVersion(_ input: Operations.GetCourseVersion.Input) async throws -> Operations.GetCourseVersion.Output {
        _ = try requireCaller()
        let version = try await catalogue.version(code: input.path.code, version: input.path.version)
        return .ok(.init(body: .json(.init(version))))
    }

    package func approveCourseVersion(
        _ input: Operations.ApproveCourseVersion.Input
    ) async throws -> Operations.ApproveCourseVersion.Output {
        let caller = try requireCaller()
        let version = try await catalogue.approve(code: input.path.code, version: input.path.version, by: .caller(caller))
        return .ok(.init(body: .json(.init(version))))
    }

    package func retireCourseVersion(
        _ input: Operations.RetireCourseVersion.Input
    ) async throws -> Operations.RetireCourseVersion.Output {
        let caller = try requireCaller()
        let version = try await catalogue.retire(code: input.path.code, version: input.path.version, by: .caller(caller))
        return .ok(.init(body: .json(.init(version))))
    }
}
