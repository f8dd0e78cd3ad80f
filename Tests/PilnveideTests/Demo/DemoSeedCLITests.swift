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
        let env = ["PILNVEIDE_KEYS_DIR": TestScratch.folder.appendingPathComponent("demo-keys-\(UUID().uuidString)").path]
        #expect(try await cli.pilnveide(["catalogue", "import"]).status == 0)
        #expect(try await cli.pilnveide(["certification", "import"]).status == 0)
        // Certificates are signed: without a key, the seed refuses before it writes anything.
        let keyless = try await cli.pilnveide(["demo", "seed"], input: "Demo-parole-2026\n", environment: env)
        #expect(keyless.status != 0 && keyless.errors.contains("keys generate"), "\(keyless.errors)")
        #expect(try await count("SELECT count(*)::int FROM people") == 0)
        #expect(try await count("SELECT count(*)::int FROM course_versions WHERE status = 'draft'") > 0)
        #expect(try await cli.pilnveide(["keys", "generate"], environment: env).status == 0)

        // The password comes from standard input, never from the arguments.
        let seeded = try await cli.pilnveide(["demo", "seed", "--scale", "national", "--seed", "3"], input: "Demo-parole-2026\n", environment: env)
        #expect(seeded.status == 0, "\(seeded.errors)")
        #expect(seeded.output.hasPrefix("demo (national, seed 3): 85 organisations"), "\(seeded.output)")
        let people = try await count("SELECT count(*)::int FROM people")
        #expect((5_900...6_300).contains(people))
        #expect(try await count("SELECT count(*)::int FROM accounts") == people)
        #expect(try await count("SELECT count(DISTINCT person_id)::int FROM position_history") == people)
        #expect(try await count("SELECT count(*)::int FROM training_records WHERE approved_at IS NULL") > 0)
        #expect(try await count("SELECT count(*)::int FROM certification_status_snapshots") > 0)
        #expect(try await count("SELECT count(*)::int FROM audit_events WHERE action = 'demo.seeded'") == 1)

        // Five years of groups, as the services would have left them.
        #expect(try await count("SELECT count(*)::int FROM course_versions WHERE status = 'draft'") == 0)
        #expect(try await count("SELECT count(*)::int FROM delivery_groups WHERE pilot") >= 2)
        #expect(try await count("SELECT count(*)::int FROM delivery_groups WHERE kind = 'trainer_cohort'") > 0)
        #expect(try await count("SELECT count(DISTINCT status)::int FROM delivery_groups") >= 4)
        #expect(try await count("""
            SELECT count(*)::int FROM delivery_groups g
            WHERE (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id AND e.status = 'booked') > g.capacity
            """) == 0)
        #expect(try await count("SELECT count(*)::int FROM session_attendance") > 10_000)
        #expect(try await count("SELECT count(*)::int FROM training_records WHERE source = 'group' AND outcome = 'not_completed'") > 0)
        #expect(try await count("SELECT count(*)::int FROM feedback_answers WHERE comment IS NOT NULL") > 0)
        #expect(try await count("SELECT count(*)::int FROM trainer_qualifications WHERE status = 'qualified' AND granted_via = 'cohort'") > 0)
        // Reminders and certificates in every state.
        #expect(try await count("SELECT count(*)::int FROM notification_outbox WHERE kind LIKE 'certification_%'") > 0)
        for condition in ["origin = 'imported'", "override_reason IS NOT NULL", "state = 'suspended'", "state = 'revoked'",
                          "superseded_by IS NOT NULL", "valid_until < current_date", "state = 'active' AND credential IS NOT NULL"] {
            #expect(try await count("SELECT count(*)::int FROM certificates WHERE \(condition)") > 0, "\(condition)")
        }
        #expect(try await count("SELECT count(*)::int FROM audit_events WHERE action = 'certificate.issued'") > 0)

        // A second seed would mix demo people into the first: refused in one line, nothing added.
        let again = try await cli.pilnveide(["demo", "seed", "--seed", "4"], input: "Demo-parole-2026\n", environment: env)
        #expect(again.status != 0)
        #expect(again.errors.contains("already holds a directory") && again.errors.split(separator: "\n").count == 1, "\(again.errors)")
        #expect(try await count("SELECT count(*)::int FROM people") == people)
    }
}
