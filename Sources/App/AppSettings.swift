import Certificates
import Core
import Database
import Directory
import Foundation
import Logging
import Platform

/// How the API server and the admin CLI run: one type, read from the environment in one place, with
/// command-line options taking precedence. The database URL (which may hold a password) comes only from the
/// environment.
public struct AppSettings: Sendable {
    /// Which program reads the settings: the CLI logs less by default, so its output stays the command's own.
    public enum Program: Sendable, Equatable {
        case server, commandLine

        var defaultLogLevel: Logger.Level { self == .server ? .info : .warning }
    }

    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var database: DatabaseSettings
    public var migrationsDirectory: URL
    /// How long a bearer token from sign-in stays valid.
    public var tokenLifetime: Duration
    public var signInThrottle: SignInThrottle
    public var passwordHashing: PasswordHasher.Parameters
    /// How "forgot my password" is limited (per address typed and per client network) and how long its answer takes.
    public var passwordResets = PasswordResetPolicy()
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    public var trustedProxies: Set<String>
    /// When attendance may be marked and questionnaires answered.
    public var trainingPolicy = Services.TrainingPolicy()
    /// Who issues certificates, where they are published, and the folder of the signing keys.
    public var issuer = IssuerProfile()
    public var keysDirectory: URL = InstallationLayout.locate().local.appendingPathComponent("keys")
    /// How many public verification requests one address may make per minute.
    public var verificationRequestsPerMinute = 60
    /// Where the server listens for changes to what it keeps copies of.
    public var changeFeed = ChangeFeedSource.database
    /// When (Riga time) the server runs the daily pass itself; nil: it does not (then run the CLI's commands from cron).
    public var dailyPassAt: DailySchedule?
    /// The environment mail is configured from, read when mail is sent (`mailSettings()`), so a command that sends
    /// none never fails over it; the project-local folder `.eml` files go to without an SMTP server.
    public var mailEnvironment: [String: String] = [:]
    public var localDirectory: URL = InstallationLayout.locate().local

    /// How messages leave the outbox: see `MailSettings.fromEnvironment`.
    public func mailSettings() throws -> MailSettings {
        let host = environmentPublicHost ?? "localhost"
        return try MailSettings.fromEnvironment(mailEnvironment, localDirectory: localDirectory, publicHost: host)
    }

    var environmentPublicHost: String? { mailEnvironment["PILNVEIDE_PUBLIC_URL"].flatMap { URL(string: $0)?.host } }

    public enum ChangeFeedSource: Sendable, Equatable {
        /// `DATABASE_URL`'s database.
        case database
        /// The same database by another address: a direct one when `DATABASE_URL` goes through PgBouncer in
        /// transaction mode, which cannot keep a connection listening.
        case direct(DatabaseSettings)
        /// Not at all: no copies are kept, and every read goes to the database.
        case off

        /// Where to listen, for a server whose database is `database`; nil when it does not.
        func settings(besides database: DatabaseSettings) -> DatabaseSettings? {
            switch self {
            case .database: database
            case .direct(let direct): direct
            case .off: nil
            }
        }
    }

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        logLevel: Logger.Level = .info,
        database: DatabaseSettings,
        migrationsDirectory: URL = InstallationLayout.locate().migrations,
        tokenLifetime: Duration = .seconds(8 * 3600),
        signInThrottle: SignInThrottle = SignInThrottle(),
        passwordHashing: PasswordHasher.Parameters = PasswordHasher.Parameters(),
        trustedProxies: Set<String> = []
    ) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.database = database
        self.migrationsDirectory = migrationsDirectory
        self.tokenLifetime = tokenLifetime
        self.signInThrottle = signInThrottle
        self.passwordHashing = passwordHashing
        self.trustedProxies = trustedProxies
    }

    /// `PILNVEIDE_HOST`, `PILNVEIDE_PORT`, `PILNVEIDE_LOG_LEVEL`, `PILNVEIDE_TOKEN_LIFETIME_MINUTES`,
    /// `PILNVEIDE_TRUSTED_PROXIES`, `PILNVEIDE_ATTENDANCE_OPENS_MINUTES` (before a session, 30),
    /// `PILNVEIDE_FEEDBACK_WINDOW_DAYS` (after the last session, 14), the folders of `InstallationLayout` and `DATABASE_URL`; each argument given
    /// overrides its variable.
    public static func fromEnvironment(
        for program: Program = .server, host: String? = nil, port: Int? = nil, logLevel: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        layout: InstallationLayout? = nil
    ) throws -> AppSettings {
        let layout = layout ?? InstallationLayout.locate(environment: environment)
        var settings = AppSettings(
            logLevel: program.defaultLogLevel,
            database: try DatabaseSettings.fromEnvironment(environment, localDirectory: layout.local.path),
            migrationsDirectory: layout.migrations
        )
        settings.mailEnvironment = environment
        settings.localDirectory = layout.local
        settings.keysDirectory = environment["PILNVEIDE_KEYS_DIR"].map { URL(fileURLWithPath: $0) } ?? layout.local.appendingPathComponent("keys")
        if let name = environment["PILNVEIDE_ISSUER_NAME"], !name.isEmpty { settings.issuer.name = name }
        if let prefix = environment["PILNVEIDE_CERTIFICATE_PREFIX"] {
            guard !prefix.isEmpty, prefix.count <= 10, prefix.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw SettingsError("PILNVEIDE_CERTIFICATE_PREFIX must be 1–10 capital letters A–Z, not '\(prefix)'")
            }
            settings.issuer.numberPrefix = prefix
        }
        if let url = environment["PILNVEIDE_PUBLIC_URL"] {
            // did:web names the host alone (the DID document is served at /.well-known/did.json): no path.
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil, parsed.query == nil,
                  parsed.path.isEmpty || parsed.path == "/"
            else {
                throw SettingsError("PILNVEIDE_PUBLIC_URL must be an http(s) address with no path, such as https://pilnveide.example.lv, not '\(url)'")
            }
            settings.issuer = IssuerProfile(name: settings.issuer.name, numberPrefix: settings.issuer.numberPrefix, publicURL: url)
        }
        if let text = logLevel ?? environment["PILNVEIDE_LOG_LEVEL"] {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw SettingsError("the log level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
            }
            settings.logLevel = level
        }
        // The rest is the server's alone: a CLI command never fails over a setting it does not use.
        guard program == .server else { return settings }
        if let value = host ?? environment["PILNVEIDE_HOST"] { settings.host = value }
        if let value = port ?? environment["PILNVEIDE_PORT"].flatMap({ Int($0) }) {
            guard (0...65535).contains(value) else { throw SettingsError("the port must be 0–65535, not \(value)") }
            settings.port = value
        }
        if environment["PILNVEIDE_PUBLIC_URL"] == nil {
            settings.issuer = IssuerProfile(name: settings.issuer.name, numberPrefix: settings.issuer.numberPrefix,
                                            publicURL: "http://\(settings.host):\(settings.port)")
        }
        switch environment["PILNVEIDE_DAILY_AT"] ?? "03:00" {
        case "off": settings.dailyPassAt = nil
        case let text:
            guard let schedule = DailySchedule(text) else {
                throw SettingsError("PILNVEIDE_DAILY_AT must be a Riga time of day written HH:MM (such as 03:00), or off, not '\(text)'")
            }
            settings.dailyPassAt = schedule
        }
        if let text = environment["PILNVEIDE_TOKEN_LIFETIME_MINUTES"] {
            guard let minutes = Int(text), minutes > 0 else {
                throw SettingsError("PILNVEIDE_TOKEN_LIFETIME_MINUTES must be a positive whole number")
            }
            settings.tokenLifetime = .seconds(minutes * 60)
        }
        if let text = environment["PILNVEIDE_ATTENDANCE_OPENS_MINUTES"] {
            guard let minutes = Int(text), (0...24 * 60).contains(minutes) else {
                throw SettingsError("PILNVEIDE_ATTENDANCE_OPENS_MINUTES must be a whole number of minutes from 0 to 1440")
            }
            settings.trainingPolicy.attendance = .init(opensBeforeStart: .seconds(minutes * 60))
        }
        if let text = environment["PILNVEIDE_FEEDBACK_WINDOW_DAYS"] {
            guard let days = Int(text), (1...365).contains(days) else {
                throw SettingsError("PILNVEIDE_FEEDBACK_WINDOW_DAYS must be a whole number of days from 1 to 365")
            }
            settings.trainingPolicy.feedback = .init(answerWindow: .seconds(days * 24 * 3600))
        }
        if let text = environment["PILNVEIDE_VERIFY_RATE_LIMIT"] {
            guard let perMinute = Int(text), (1...10_000_000).contains(perMinute) else {
                throw SettingsError("PILNVEIDE_VERIFY_RATE_LIMIT must be a whole number of requests per minute from 1 to 10000000")
            }
            settings.verificationRequestsPerMinute = perMinute
        }
        if let text = environment["PILNVEIDE_LISTEN_URL"], !text.isEmpty {
            do {
                settings.changeFeed = text == "off" ? .off : .direct(try DatabaseSettings(url: text))
            } catch .invalidURL(let reason) {
                throw SettingsError("PILNVEIDE_LISTEN_URL must be off or a postgres:// URL: \(reason)")
            } catch {
                throw SettingsError("PILNVEIDE_LISTEN_URL must be off or a postgres:// URL")
            }
        }
        if let text = environment["PILNVEIDE_TRUSTED_PROXIES"] {
            settings.trustedProxies = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        return settings
    }
}

extension AppSettings {
    /// Who issues certificates, with the keys now in their folder.
    public func issuing() throws -> Services.Issuing {
        do {
            return Services.Issuing(profile: issuer, keys: try IssuerKeys.load(from: keysDirectory))
        } catch {
            throw SettingsError("issuer keys: \(error.description)")
        }
    }

    /// How accounts sign in, for `Services`.
    public var accountPolicy: Services.AccountPolicy {
        .init(passwordHashing: passwordHashing, signInThrottle: signInThrottle, tokenLifetime: tokenLifetime, passwordResets: passwordResets)
    }
}

public struct SettingsError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
