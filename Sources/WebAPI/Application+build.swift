import Database
import Curriculum
import Directory
import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird
import PostgresNIO
import Prometheus
import Scheduling

/// Checks, before serving, that the database is reachable with these credentials and that its schema is
/// current, so a misconfigured server stops at once with one clear line instead of serving errors.
public func preflight(_ settings: ServerSettings, logger: Logger) async throws {
    let migrations = try Migration.load(from: settings.migrationsDirectory)
    try await Database.withDatabase(settings.database, logger: logger) { database in
        try await MigrationRunner(database: database, migrations: migrations).verifyCurrent()
    }
}

/// Builds the API server: the database pool (run as a service of the application), the services, the router.
/// Tests call this too, with a database of their own.
public func buildApplication(_ settings: ServerSettings, logger: Logger) async throws -> some ApplicationProtocol {
    let migrations = try Migration.load(from: settings.migrationsDirectory)
    let client = PostgresClient(configuration: settings.database.clientConfiguration, backgroundLogger: logger)
    let database = Database(client: client, logger: logger)
    let accounts = try await AccountService(
        database: database,
        hasher: PasswordHasher(parameters: settings.passwordHashing),
        throttle: settings.signInThrottle,
        tokenLifetime: settings.tokenLifetime
    )
    let readiness = ReadinessCheck {
        try await MigrationRunner(database: database, migrations: migrations).verifyCurrent()
    }
    let router = try buildRouter(
        database: database, accounts: accounts, readiness: readiness, trustedProxies: settings.trustedProxies
    )
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "pilnveide"),
        logger: logger
    )
    app.addServices(client)
    return app
}

func buildRouter(
    database: Database, accounts: AccountService, readiness: ReadinessCheck, trustedProxies: Set<String>
) throws -> Router<AppRequestContext> {
    let registry = PrometheusCollectorRegistry()
    let router = Router(context: AppRequestContext.self)
    // Outermost first: every response, errors included, gets a request id, a log line and metrics.
    router.addMiddleware {
        RequestLogMiddleware(trustedProxies: trustedProxies)
        PrometheusMetricsMiddleware(registry: registry)
        ProblemMiddleware()
        RequestBodyLimitMiddleware()
        AuthenticationMiddleware(accounts: accounts)
        OpenAPIRequestContextMiddleware()
    }
    let api = APIImplementation(
        directory: DirectoryService(database: database), accounts: accounts, catalogue: CatalogService(database: database),
        groups: GroupService(database: database), enrolments: EnrolmentService(database: database),
        qualifications: QualificationService(database: database), calendars: CalendarService(database: database),
        readiness: readiness, metrics: registry
    )
    try api.registerHandlers(on: router)
    return router
}

/// Runs the API server until SIGTERM or SIGINT; in-flight requests finish and the pool closes first.
public func runServer(_ settings: ServerSettings) async throws {
    var logger = Logger(label: "pilnveide-api")
    logger.logLevel = settings.logLevel
    try await preflight(settings, logger: logger)
    let app = try await buildApplication(settings, logger: logger)
    try await app.runService()
    logger.info("stopped")
}
