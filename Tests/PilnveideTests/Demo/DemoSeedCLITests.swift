import Foundation
import PostgresNIO
import Testing
import TestSupport

/// `pilnveide demo seed` on a suite's own database, as an operator runs it after `make run`.
@Suite(.freshDatabase) struct DemoSeedCLITests {
    func count(_ sql: String) async throws -> Int {
        try await FreshDatabase.current.database.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect().first!.decode(Int.self)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func seedsAnEmptyDatabaseAtNationalScaleOnceAndRefusesASecondTime() async throws {
        let cli = AdminCLITests()
        #expect(try await cli.pilnveide(["catalogue", "import"]).status == 0)
        #expect(try await cli.pilnveide(["certification", "import"]).status == 0)
        // The password comes from standard input, never from the arguments.
        let seeded = try await cli.pilnveide(["demo", "seed", "--scale", "national", "--seed", "3"], input: "Demo-parole-2026\n")
        #expect(seeded.status == 0, "\(seeded.errors)")
        #expect(seeded.output.hasPrefix("demo (national, seed 3): 85 organisations"), "\(seeded.output)")
        let people = try await count("SELECT count(*)::int FROM people")
        #expect((5_900...6_300).contains(people))
        #expect(try await count("SELECT count(*)::int FROM accounts") == people)
        #expect(try await count("SELECT count(DISTINCT person_id)::int FROM position_history") == people)
        #expect(try await count("SELECT count(*)::int FROM training_records WHERE approved_at IS NULL") > 0)
        #expect(try await count("SELECT count(*)::int FROM certification_status_snapshots") > 0)
        #expect(try await count("SELECT count(*)::int FROM audit_events WHERE action = 'demo.seeded'") == 1)

        // A second seed would mix demo people into the first: refused in one line, nothing added.
        let again = try await cli.pilnveide(["demo", "seed", "--seed", "4"], input: "Demo-parole-2026\n")
        #expect(again.status != 0)
        #expect(again.errors.contains("already holds a directory") && again.errors.split(separator: "\n").count == 1, "\(again.errors)")
        #expect(try await count("SELECT count(*)::int FROM people") == people)
    }
}
