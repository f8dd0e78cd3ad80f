import APIContract
import Core
import Feedback
import Foundation
import OpenAPIRuntime

extension APIImplementation {

    package func getQuestionnaire(_ input: Operations.GetQuestionnaire.Input) async throws -> Operations.GetQuestionnaire.Output {
        _ = try requireCaller()
        let questionnaire = try await feedback.questionnaire(of: try id(input.path.groupId, of: "group"))
        return .ok(.init(body: .json(.init(items: questionnaire.items.map(Components.Schemas.QuestionnaireItem.init)))))
    }

    package func answerQuestionnaire(_ input: Operations.AnswerQuestionnaire.Input) async throws -> Operations.AnswerQuestionnaire.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        try await feedback.answer(
            body.answers.map { FeedbackAnswer(item: $0.item, score: $0.score, comment: $0.comment) },
            group: try id(input.path.groupId, of: "group"), by: .caller(caller)
        )
        return .noContent(.init())
    }

    package func getGroupFeedback(_ input: Operations.GetGroupFeedback.Input) async throws -> Operations.GetGroupFeedback.Output {
        let caller = try requireCaller()
        let results = try await feedback.results(of: try id(input.path.groupId, of: "group"), by: .caller(caller))
        return .ok(.init(body: .json(.init(results))))
    }

    package func submitLecturerReport(_ input: Operations.SubmitLecturerReport.Input) async throws -> Operations.SubmitLecturerReport.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let report = try await feedback.report(
            .init(whatWorked: body.whatWorked, whatToChange: body.whatToChange,
                  modules: (body.modules ?? []).map { .init(module: $0.module, whatWorked: $0.whatWorked, whatToChange: $0.whatToChange) }),
            on: try id(input.path.groupId, of: "group"), by: .caller(caller)
        )
        return .created(.init(body: .json(.init(report))))
    }

    package func getCourseFeedback(_ input: Operations.GetCourseFeedback.Input) async throws -> Operations.GetCourseFeedback.Output {
        let caller = try requireCaller()
        let report = try await feedback.courseReport(code: input.path.code, version: input.path.version, by: .caller(caller))
        return .ok(.init(body: .json(.init(report))))
    }
}
