import APIContract
import Core
import Database
import Foundation
import Hummingbird
import Logging
import Messaging
import OpenAPIHummingbird
import Platform
import PostgresNIO
import Prometheus
import ServiceLifecycle
import WebAPI

/// Checks, before serving, that the database is reachable with these credentials and that its schema is
/// current, so a misconfigured server stops at once with one clear line instead of serving errors.
public func preflight(_ settings: AppSettings, logger: Logger) async throws {
    let migrations = try Migration.load(from: settings.migrationsDirectory)
    try await Database.withDatabase(settings.database, logger: logger) { database in
        try await MigrationRunner(database: database, migrations: migrations).verifyCurrent()
    }
}

/// Builds the API server: the database pool (run as a service of the application), the services, the router.
/// Tests call this too, with a database of their own.
public func buildApplication(_ settings: AppSettings, logger: Logger) async throws -> some ApplicationProtocol {
    let migrations = try Migration.load(from: settings.migrationsDirectory)
    var databaseSettings = settings.database
    databaseSettings.keepsConnectionsOpen = true
    let client = PostgresClient(configuration: databaseSettings.clientConfiguration, backgroundLogger: logger)
    let database = Database(client: client, logger: logger)
    let services = try await Services(database: database, accountPolicy: settings.accountPolicy, trainingPolicy: settings.trainingPolicy,
                                      issuing: try settings.issuing())
    let readiness = ReadinessCheck {
        try await MigrationRunner(database: database, migrations: migrations).verifyCurrent()
    }
    let router = try await buildRouter(
        services: services, readiness: readiness, trustedProxies: settings.trustedProxies,
        verificationLimit: .init(bucket: "verification", requests: settings.verificationRequestsPerMinute, window: .seconds(60))
    )
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "pilnveide"),
        logger: logger
    )
    app.addServices(client)
    if let listening = settings.changeFeed.settings(besides: databaseSettings) {
        app.addServices(ChangeFeedService(changes: database.changes, settings: listening, logger: logger))
    }
    if !settings.mailEnvironment.isEmpty, case let mail = try settings.mailSettings(), mail.serverDelivers {
        let sender = OutboxSender(database: database, directory: services.directory, transport: mail.transport, from: mail.from,
                                  messageIDDomain: mail.messageIDDomain)
        app.addServices(OutboxDeliveryService(sender: sender, interval: mail.interval, logger: logger))
    }
    if let schedule = settings.dailyPassAt {
        app.addServices(DailyPassService(pass: DailyPass(services: services), schedule: schedule,
                                         runner: "server:\(settings.host):\(settings.port)", logger: logger))
    }
    return app
}

/// Listens for changes beside the server, so its copies (verification's certificates, token callers, scheme and
/// course versions) are served; stops on shutdown.
struct ChangeFeedService: Service {
    let changes: ChangeFeed
    let settings: DatabaseSettings
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { await changes.run(settings, logger: logger) }
    }
}

/// The middleware, in order, the API's handlers and the web pages beside them.
func buildRouter(
    services: Services, readiness: ReadinessCheck, trustedProxies: Set<String>, verificationLimit: RateLimiter.Rule
) async throws -> Router<AppRequestContext> {
    let registry = PrometheusCollectorRegistry()
    let document = String(decoding: try APIDocument.yaml(), as: UTF8.self)
    let publicOperations = try PublicOperations(document: document, pages: WebPages.publicRoutes)
    let methods = try MethodNotAllowedMiddleware(document: document, pages: WebPages.publicRoutes)
    let parameters = try ParameterTextMiddleware(document: document)
    let router = Router(context: AppRequestContext.self)
    // Outermost first: every response, errors included, gets a request id, a log line and metrics.
    router.addMiddleware {
        RequestLogMiddleware(trustedProxies: trustedProxies)
        PrometheusMetricsMiddleware(registry: registry)
        ProblemMiddleware()
        methods
        RequestBodyLimitMiddleware()
        AuthenticationMiddleware(accounts: services.accounts, publicOperations: publicOperations)
        RequireSignInMiddleware(publicOperations: publicOperations)
        PublicRateLimitMiddleware(limiter: RateLimiter(database: services.database), rule: verificationLimit)
        parameters
        StrictJSONBodyMiddleware()
        RequestIdentityMiddleware()
        ResponseHeaderDecodingMiddleware()
    }
    // The contract's paths are absolute (`/v1/...` for the API, `/health` and the calendar feeds at the root).
    let api = APIImplementation(services: services, readiness: readiness, metricsText: { registry.emitToString() })
    try api.registerHandlers(on: router, configuration: .pilnveide)
    try await WebPages.register(on: router, services: services)
    return router
}

/// Runs the API server until SIGTERM or SIGINT; in-flight requests finish and the pool closes first.
public func runServer(_ settings: AppSettings) async throws {
    var logger = Logger(label: "pilnveide-api")
    logger.logLevel = settings.logLevel
    try await preflight(settings, logger: logger)
    let app = try await buildApplication(settings, logger: logger)
    try await app.runService()
    logger.info("stopped")
}
