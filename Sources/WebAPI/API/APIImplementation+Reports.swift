import APIContract
import Core
import Directory
import Foundation
import OpenAPIRuntime
import Scheduling

extension APIImplementation {

    package func getPilotReport(_ input: Operations.GetPilotReport.Input) async throws -> Operations.GetPilotReport.Output {
        let caller = try requireCaller()
        let report = try await pilotReports.pilotReport(by: .caller(caller))
        return .ok(.init(body: .json(report.map(Components.Schemas.PilotReportEntry.init))))
    }
}
