import Core
import Database
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
}
