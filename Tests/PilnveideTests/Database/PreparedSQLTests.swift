import Database
import Foundation
import PostgresNIO
import Testing
import TestSupport

/// Statements prepared once per connection: a read by ids in its one-id and many-id forms, run again on a connection
/// that has them prepared, a statement with its parameters, and one that can no longer run.
@Suite(.freshDatabase) struct PreparedSQLTests {
    static let ids = (0..<3).map { UUID(uuidString: "00000000-0000-4000-8000-00000000000\($0)")! }

    enum Listed: ReadByIDs {
        static let name = "pilnveide-test:listed"
        static func sql(comparing ids: String) -> String {
            """
            SELECT v.id, v.label FROM (VALUES
                ('\(PreparedSQLTests.ids[0])'::uuid, 'nulle'), ('\(PreparedSQLTests.ids[1])'::uuid, 'viens'),
                ('\(PreparedSQLTests.ids[2])'::uuid, 'divi')) AS v(id, label)
            WHERE v.id \(ids) ORDER BY v.label
            """
        }
    }

    enum Labelled: PreparedSQL {
        static let name = "pilnveide-test:labelled"
        static let sql = "SELECT $1::text || ' ' || $2::int"
        static let bindingDataTypes: [PostgresDataType] = [.text, .int8]
    }

    enum Figures: PreparedSQL {
        static let name = "pilnveide-test:figures"
        static let sql = "SELECT * FROM prepared_sql_figures"
    }

    /// A statement that cannot run on its connection any more (here a column it returns changed type, as a migration
    /// might) closes the connection, so the pool replaces it instead of failing every later request on it.
    @Test func aStatementThatCanNoLongerRunClosesItsConnection() async throws {
        let database = try FreshDatabase.current.database
        try await database.withConnection { connection in
            try await connection.query("CREATE TEMPORARY TABLE prepared_sql_figures (figure integer)", logger: TestDatabase.logger)
            try await connection.query("INSERT INTO prepared_sql_figures VALUES (43)", logger: TestDatabase.logger)
            #expect(try await connection.run(Figures.self, PostgresBindings(), logger: TestDatabase.logger).map { try $0.decode(Int.self) } == [43])
            try await connection.query("ALTER TABLE prepared_sql_figures ALTER COLUMN figure TYPE text", logger: TestDatabase.logger)
            await #expect(throws: PSQLError.self) {
                try await connection.run(Figures.self, PostgresBindings(), logger: TestDatabase.logger)
            }
            #expect(connection.isClosed)
        }
        // The pool hands out a working connection afterwards.
        let answer = try await database.withConnection { connection in
            try await connection.query("SELECT 1", logger: TestDatabase.logger).collect()[0].decode(Int.self)
        }
        #expect(answer == 1)
    }

    @Test func oneIdAndManyReadTheSameRowsEachTimeTheyRun() async throws {
        let database = try FreshDatabase.current.database
        try await database.withConnection { connection in
            func labels(_ ids: [UUID]) async throws -> [String] {
                try await connection.rows(Listed.self, ids: ids, logger: TestDatabase.logger).map { try $0.decode((UUID, String).self).1 }
            }
            // The first call prepares each form; the later ones reuse it, with other values.
            #expect(try await labels([Self.ids[1]]) == ["viens"])
            #expect(try await labels([Self.ids[2]]) == ["divi"])
            #expect(try await labels([Self.ids[0], Self.ids[2]]) == ["divi", "nulle"])
            #expect(try await labels(Self.ids + [UUID()]) == ["divi", "nulle", "viens"])
            #expect(try await labels([UUID()]).isEmpty)
            #expect(try await labels([]).isEmpty)

            var bindings = PostgresBindings()
            bindings.append("Bāriņtiesa")
            bindings.append(43)
            let first = try await connection.run(Labelled.self, bindings, logger: TestDatabase.logger)
            #expect(try first.map { try $0.decode(String.self) } == ["Bāriņtiesa 43"])
            bindings = PostgresBindings()
            bindings.append("Novadi")
            bindings.append(5)
            #expect(try await connection.run(Labelled.self, bindings, logger: TestDatabase.logger).map { try $0.decode(String.self) } == ["Novadi 5"])
        }
    }
}
