import Hummingbird
import WebAPI
import Prometheus

/// Counts requests and measures their latency by route and status, into this application's own Prometheus
/// registry (served at `/metrics`). Unmatched paths share one label so random URLs cannot explode the series.
struct PrometheusMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
    ]

    // Immutable; swift-prometheus does not declare its descriptor Sendable.
    nonisolated(unsafe) static let requests = MetricNameDescriptor(
        metricName: "http_requests", unitName: "total", helpText: "Requests answered, by method, route and status."
    )
    nonisolated(unsafe) static let durations = MetricNameDescriptor(
        metricName: "http_request_duration", unitName: "seconds",
        helpText: "Time to answer a request, by method, route and status."
    )

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let labels = [
            ("method", request.method.rawValue),
            ("route", context.endpointPath ?? "unmatched"),
            ("status", String(response.status.code)),
        ]
        registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
        registry.makeDurationHistogram(descriptor: Self.durations, labels: labels, buckets: Self.buckets)
            .record(ContinuousClock.now - started)
        return response
    }
}
