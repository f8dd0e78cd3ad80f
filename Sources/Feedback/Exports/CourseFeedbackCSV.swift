import Core
import Foundation

/// A course version's feedback as CSV: a row per questionnaire item (comments joined), then a row per
/// lecturer's report.
public enum CourseFeedbackCSV {
    public static func text(_ report: CourseFeedbackReport) -> String {
        var csv = CSVWriter(header: ["kind", "item", "text", "count", "mean", "scored_1", "scored_2", "scored_3", "scored_4", "scored_5", "comments"])
        for result in report.items {
            let distribution = result.distribution.isEmpty ? Array(repeating: nil as String?, count: 5) : result.distribution.map { String($0) as String? }
            csv.append(["item", result.item.code, result.item.text.lv, "\(result.count)", result.mean.map { String(format: "%.2f", $0) }]
                       + distribution + [result.comments.joined(separator: " | ")])
        }
        for lecturer in report.lecturerReports {
            let modules = lecturer.modules.map { "\($0.module): \([$0.whatWorked, $0.whatToChange].compactMap { $0 }.joined(separator: " / "))" }
            csv.append(["lecturer_report", lecturer.id.lowercasedString, lecturer.groupCode, nil, nil, nil, nil, nil, nil, nil,
                        (["worked: \(lecturer.whatWorked)", "change: \(lecturer.whatToChange)"] + modules).joined(separator: " | ")])
        }
        return csv.text
    }
}
