import APIContract
import Curriculum
import Feedback
import Foundation

extension Components.Schemas.QuestionnaireItem {
    init(_ item: CourseDefinition.Questionnaire.Item) {
        self.init(code: item.code, kind: .init(rawValue: item.kind.rawValue)!, text: .init(lv: item.text.lv, en: item.text.en))
    }
}

extension Components.Schemas.ItemResult {
    init(_ result: ItemResult) {
        self.init(item: .init(result.item), count: result.count, mean: result.mean, distribution: result.distribution,
                  comments: result.comments)
    }
}

extension Components.Schemas.GroupFeedback {
    init(_ results: GroupFeedbackResults) {
        self.init(groupId: results.groupID.lowercasedString, groupCode: results.groupCode, answers: results.answers,
                  withheld: results.withheld, message: results.message, items: results.items.map(Components.Schemas.ItemResult.init))
    }
}

extension Components.Schemas.LecturerReport {
    init(_ report: Feedback.LecturerReport) {
        self.init(
            id: report.id.lowercasedString, groupId: report.groupID.lowercasedString, groupCode: report.groupCode,
            authorId: report.authorID.lowercasedString, whatWorked: report.whatWorked, whatToChange: report.whatToChange,
            modules: report.modules.map { .init(module: $0.module, whatWorked: $0.whatWorked, whatToChange: $0.whatToChange) },
            submittedAt: report.submittedAt
        )
    }
}

extension Components.Schemas.CourseFeedback {
    init(_ report: CourseFeedbackReport) {
        self.init(
            courseCode: report.courseCode, courseVersion: report.courseVersion,
            groups: report.groups.map {
                .init(groupId: $0.groupID.lowercasedString, groupCode: $0.groupCode, answers: $0.answers, included: $0.included)
            },
            answers: report.answers, items: report.items.map(Components.Schemas.ItemResult.init),
            lecturerReports: report.lecturerReports.map(Components.Schemas.LecturerReport.init)
        )
    }
}
