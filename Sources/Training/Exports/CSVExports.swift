import Core
import Foundation
import Scheduling

/// The attendance sheet as CSV: one row per participant and live session, names intact.
public enum AttendanceSheetCSV {
    public static func text(_ sheet: AttendanceSheet) -> String {
        var csv = CSVWriter(header: [
            "group", "session_id", "session_starts", "person_id", "family_name", "given_name", "status", "minutes_attended",
            "credited_hours",
        ])
        let people = sheet.summaries.sorted {
            let a = sheet.names[$0.personID], b = sheet.names[$1.personID]
            return (a?.family ?? "", a?.given ?? "") < (b?.family ?? "", b?.given ?? "")
        }
        for summary in people {
            let name = sheet.names[summary.personID]
            for session in sheet.group.liveSessions {
                let mark = summary.marks[session.id]
                csv.append([
                    sheet.group.code, session.id.lowercasedString, RigaTime.localText(session.startsAt),
                    summary.personID.lowercasedString, name?.family, name?.given, mark?.status ?? "unmarked",
                    mark?.minutes.map(String.init), summary.credits[session.id].map(\.description) ?? "0",
                ])
            }
        }
        return csv.text
    }
}

/// The national training summary as CSV: one row per course version, region and position.
public enum TrainingSummaryCSV {
    public static func text(_ counts: [CompletionCount]) -> String {
        var csv = CSVWriter(header: ["course_code", "course_version", "region", "position", "people"])
        for count in counts {
            csv.append([count.courseCode, "\(count.courseVersion)", count.region?.rawValue, count.position?.rawValue, "\(count.people)"])
        }
        return csv.text
    }
}

/// Training records as CSV: one row each.
public enum TrainingRecordsCSV {
    public static func text(_ records: [TrainingRecord]) -> String {
        var csv = CSVWriter(header: [
            "record_id", "person_id", "source", "course_code", "course_version", "group_code", "provider", "title", "starts_on",
            "ends_on", "academic_hours", "outcome", "reasons", "region", "position", "supersedes",
        ])
        for record in records {
            csv.append([
                record.id.lowercasedString, record.personID.lowercasedString, record.source.rawValue, record.courseCode,
                record.courseVersion.map(String.init), record.groupCode, record.provider, record.title, record.startsOn.description,
                record.endsOn.description, record.academicHours.description, record.outcome.rawValue, record.reasons.joined(separator: "; "),
                record.region?.rawValue, record.position?.rawValue, record.supersedes?.lowercasedString,
            ])
        }
        return csv.text
    }
}

/// The pilot report as CSV: one row per pilot group, with whether its course version's rule is met.
public enum PilotReportCSV {
    public static func text(_ entries: [PilotReportEntry]) -> String {
        var csv = CSVWriter(header: ["course_code", "course_version", "group_code", "region", "status", "participants", "completed", "counts", "rule_met"])
        for entry in entries {
            for group in entry.evaluation.groups {
                csv.append([
                    entry.courseCode, "\(entry.courseVersion)", group.code, group.region?.rawValue, group.status.rawValue,
                    "\(group.participants)", "\(group.completed)", entry.evaluation.qualifying.contains(group) ? "yes" : "no",
                    entry.evaluation.isMet ? "yes" : "no",
                ])
            }
        }
        return csv.text
    }
}
