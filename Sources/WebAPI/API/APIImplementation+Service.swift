import APIContract
import Foundation
import OpenAPIRuntime
import Platform

extension APIImplementation {
    package func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: "ok"))))
    }

    package func getReady(_ input: Operations.GetReady.Input) async throws -> Operations.GetReady.Output {
        do {
            try await readiness.check()
        } catch {
            throw Problem.unavailable("not ready: \(error)")
        }
        let last = try await DailyPass(services: services).lastRun()
        return .ok(.init(body: .json(.init(status: "ready", dailyPass: last.map {
            .init(startedAt: $0.startedAt, finishedAt: $0.finishedAt, succeeded: $0.succeeded)
        }))))
    }

    package func getOpenAPIDocument(
        _ input: Operations.GetOpenAPIDocument.Input
    ) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(try APIDocument.yaml()))))
    }

    package func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(metricsText() + (try await DeliveryMetrics.text(services: services))))))
    }
}
