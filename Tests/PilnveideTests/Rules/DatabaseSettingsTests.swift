import Core
import Database
import PostgresNIO
import Testing

@Suite struct DatabaseSettingsTests {
    @Test func parsesAFullURLWithAnEncodedPassword() throws {
        let settings = try DatabaseSettings(url: "postgres://app:p%40ss%3Aword@db.internal:6543/pilnveide?sslmode=require")
        #expect(settings == DatabaseSettings(
            host: "db.internal", port: 6543, username: "app", password: "p@ss:word", database: "pilnveide", tls: .require
        ))
        #expect(!settings.displayName.contains("p@ss"))
        // A literal percent sign survives: decoded once, not twice.
        #expect(try DatabaseSettings(url: "postgres://app:50%2541@localhost/db").password == "50%41")
    }

    @Test(arguments: [
        "mysql://a@b/c", "postgres://b/c", "postgres://a@/c", "postgres://a@b", "postgres://a@b/c?sslmode=maybe",
    ])
    func rejectsURLsItCannotUse(_ url: String) {
        #expect(throws: DatabaseSettingsError.self) { try DatabaseSettings(url: url) }
    }

    @Test func withoutDatabaseURLOrLocalClusterSaysWhatToDo() {
        #expect {
            try DatabaseSettings.fromEnvironment([:], localDirectory: "/nonexistent/.local")
        } throws: { error in
            "\(error)".contains("DATABASE_URL is not set") && "\(error)".contains("make run")
        }
    }

    /// The pool arms no timer each time a connection comes back (PostgresNIO keeps a cancelled timer's memory until
    /// it would have fired: the server's memory grew by about 1.5 KB a request): no keep-alive pings, and a server's
    /// connections are all kept open so none has an idle timeout; other pools close idle ones soon.
    @Test func poolsArmNoTimerPerRequest() throws {
        var settings = try DatabaseSettings(url: "postgres://app@localhost/pilnveide")
        let onDemand = settings.clientConfiguration
        #expect(onDemand.options.keepAliveBehavior == nil && onDemand.options.minimumConnections == 0
                && onDemand.options.connectionIdleTimeout == .seconds(10))
        settings.keepsConnectionsOpen = true
        let server = settings.clientConfiguration
        #expect(server.options.keepAliveBehavior == nil && server.options.minimumConnections == settings.maximumConnections)
    }
}
