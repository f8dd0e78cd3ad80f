import APIContract
import Core
import Curriculum
import Directory
import Foundation
import OpenAPIRuntime
import Scheduling
import Training

extension APIImplementation {

    // MARK: Attendance

    package func markAttendance(_ input: Operations.MarkAttendance.Input) async throws -> Operations.MarkAttendance.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        var problems: [Problem.FieldError] = []
        var entries: [AttendanceEntry] = []
        for (index, entry) in body.entries.enumerated() {
            let person = try requiredID(entry.personId, field: "entries[\(index)].personId")
            guard let mark = AttendanceMark(status: entry.status.rawValue, minutes: entry.minutesAttended) else {
                problems.append(.init(field: "entries[\(index)].minutesAttended", detail: entry.status == .partial
                    ? "is required for partial presence" : "is given only for partial presence"))
                continue
            }
            entries.append(AttendanceEntry(personID: person, mark: mark, reason: entry.reason))
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let summaries = try await attendance.mark(
            group: try id(input.path.groupId, of: "group"), session: try id(input.path.sessionId, of: "session"), entries,
            reason: body.reason, by: .caller(caller)
        )
        return .ok(.init(body: .json(summaries.map(Components.Schemas.AttendanceSummary.init))))
    }

    package func getAttendance(_ input: Operations.GetAttendance.Input) async throws -> Operations.GetAttendance.Output {
        let caller = try requireCaller()
        let sheet = try await attendance.sheet(of: try id(input.path.groupId, of: "group"), by: .caller(caller))
        if prefers(.csv, in: input.headers.accept) { return .ok(.init(body: .csv(HTTPBody(AttendanceSheetCSV.text(sheet))))) }
        return .ok(.init(body: .json(sheet.summaries.map(Components.Schemas.AttendanceSummary.init))))
    }

    package func listAttendanceChanges(_ input: Operations.ListAttendanceChanges.Input) async throws -> Operations.ListAttendanceChanges.Output {
        let caller = try requireCaller()
        let changes = try await attendance.changes(of: try id(input.path.groupId, of: "group"), by: .caller(caller))
        return .ok(.init(body: .json(changes.map(Components.Schemas.AttendanceChange.init))))
    }

    // MARK: Assessment and closing

    package func recordAssessments(_ input: Operations.RecordAssessments.Input) async throws -> Operations.RecordAssessments.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let results = try body.results.enumerated().map { index, result in
            AssessmentResult(personID: try requiredID(result.personId, field: "results[\(index)].personId"), passed: result.passed, note: result.note)
        }
        let recorded = try await closings.recordAssessments(results, in: try id(input.path.groupId, of: "group"), by: .caller(caller))
        return .ok(.init(body: .json(recorded.map(Components.Schemas.AssessmentResult.init))))
    }

    package func previewClosing(_ input: Operations.PreviewClosing.Input) async throws -> Operations.PreviewClosing.Output {
        let caller = try requireCaller()
        let closing = try await closings.preview(try id(input.path.groupId, of: "group"), by: .caller(caller))
        return .ok(.init(body: .json(.init(closing))))
    }

    package func closeGroup(_ input: Operations.CloseGroup.Input) async throws -> Operations.CloseGroup.Output {
        let caller = try requireCaller()
        let (closing, _) = try await closings.close(
            try id(input.path.groupId, of: "group"), allowIncomplete: input.query.allowIncomplete ?? false, by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(closing))))
    }

    package func completeCohort(_ input: Operations.CompleteCohort.Input) async throws -> Operations.CompleteCohort.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let (_, granted) = try await closings.close(
            try id(input.path.groupId, of: "group"),
            qualifying: try body.completedPersonIds.map { try $0.map { try requiredID($0, field: "completedPersonIds") } },
            cohort: true, allowIncomplete: body.allowIncomplete ?? false, by: .caller(caller)
        )
        return .ok(.init(body: .json(granted.map(Components.Schemas.Qualification.init))))
    }

    // MARK: Training records

    package func listTrainingRecords(_ input: Operations.ListTrainingRecords.Input) async throws -> Operations.ListTrainingRecords.Output {
        let caller = try requireCaller()
        let query = input.query
        let filter = TrainingRecordFilter(
            personID: try optionalID(query.personId, field: "personId"), courseCode: try filterCode(query.courseCode, "courseCode"),
            region: query.region.flatMap { PlanningRegion(rawValue: $0.rawValue) },
            organisationID: try optionalID(query.organisationId, field: "organisationId"),
            position: query.position.flatMap { Position(rawValue: $0.rawValue) },
            from: try date(query.from, field: "from"), to: try date(query.to, field: "to"),
            source: query.source.flatMap { TrainingRecord.Source(rawValue: $0.rawValue) },
            includePending: query.includePending ?? false
        )
        let page = try await trainingRecords.records(filter, page: try PageRequest(limit: query.limit, offset: query.offset), by: .caller(caller))
        return .ok(.init(body: .json(.init(page))))
    }

    package func listMyTrainingRecords(_ input: Operations.ListMyTrainingRecords.Input) async throws -> Operations.ListMyTrainingRecords.Output {
        let caller = try requireCaller()
        let page = try await trainingRecords.records(
            TrainingRecordFilter(personID: caller.personID, includePending: true),
            page: try PageRequest(limit: input.query.limit, offset: input.query.offset), by: .caller(caller)
        )
        return .ok(.init(body: .json(.init(page))))
    }

    package func getTrainingRecord(_ input: Operations.GetTrainingRecord.Input) async throws -> Operations.GetTrainingRecord.Output {
        let caller = try requireCaller()
        let chain = try await trainingRecords.record(try id(input.path.recordId, of: "training record"), by: .caller(caller))
        return .ok(.init(body: .json(chain.map(Components.Schemas.TrainingRecord.init))))
    }

    package func recordExternalTraining(_ input: Operations.RecordExternalTraining.Input) async throws -> Operations.RecordExternalTraining.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let record = try await trainingRecords.recordExternal(.init(
            personID: try requiredID(body.personId, field: "personId"), provider: body.provider, title: body.title,
            academicHours: body.academicHours, startedOn: try dateField(body.startedOn, field: "startedOn"), completedOn: try dateField(body.completedOn, field: "completedOn"),
            evidenceReference: body.evidenceReference
        ), by: .caller(caller))
        return .created(.init(body: .json(.init(record))))
    }

    package func approveTrainingRecord(_ input: Operations.ApproveTrainingRecord.Input) async throws -> Operations.ApproveTrainingRecord.Output {
        let caller = try requireCaller()
        let record = try await trainingRecords.approve(try id(input.path.recordId, of: "training record"), by: .caller(caller))
        return .ok(.init(body: .json(.init(record))))
    }

    package func correctTrainingRecord(_ input: Operations.CorrectTrainingRecord.Input) async throws -> Operations.CorrectTrainingRecord.Output {
        let caller = try requireCaller()
        guard case .json(let body) = input.body else { throw Problem.missingJSONBody }
        let record = try await trainingRecords.correct(
            try id(input.path.recordId, of: "training record"),
            .init(academicHours: body.academicHours, outcome: body.outcome.flatMap { TrainingRecord.Outcome(rawValue: $0.rawValue) },
                  reasons: body.reasons, reason: body.reason),
            by: .caller(caller)
        )
        return .created(.init(body: .json(.init(record))))
    }

    // MARK: Reports

    package func getTrainingSummary(_ input: Operations.GetTrainingSummary.Input) async throws -> Operations.GetTrainingSummary.Output {
        let caller = try requireCaller()
        let counts = try await trainingReports.completionSummary(
            courseCode: try filterCode(input.query.courseCode, "courseCode"), from: try date(input.query.from, field: "from"), to: try date(input.query.to, field: "to"),
            by: .caller(caller)
        )
        if prefers(.csv, in: input.headers.accept) {
            return .ok(.init(body: .csv(HTTPBody(TrainingSummaryCSV.text(counts)))))
        }
        return .ok(.init(body: .json(counts.map(Components.Schemas.CompletionCount.init))))
    }

    package func getPilotReport(_ input: Operations.GetPilotReport.Input) async throws -> Operations.GetPilotReport.Output {
        let caller = try requireCaller()
        let report = try await trainingReports.pilotReport(by: .caller(caller))
        return .ok(.init(body: .json(report.map(Components.Schemas.PilotReportEntry.init))))
    }

    // MARK: Helpers

    /// A date in a query: not YYYY-MM-DD is a validation failure of that field.
    func date(_ text: String?, field: String) throws -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(iso8601: text) else {
            throw Problem.validation([.init(field: field, detail: "must be a date written YYYY-MM-DD")])
        }
        return date
    }

    /// Whether the client's most preferred acceptable type is `type` (JSON wins ties and a missing header).
    func prefers<T: AcceptableProtocol>(_ type: T, in accept: [AcceptHeaderContentType<T>]) -> Bool {
        let best = accept.sortedByQuality().first
        return best?.contentType == type && !accept.contains { $0.contentType != type && $0.quality == best?.quality && $0 != best }
    }
}
