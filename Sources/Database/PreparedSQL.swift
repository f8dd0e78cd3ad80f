import Foundation
import Logging
import PostgresNIO

/// A statement prepared once on each connection and reused, run through `PostgresConnection.run(_:_:logger:)`: for
/// the statements nearly every request makes (the caller, the person, their posts and records) and those run under
/// a group's lock, where PostgreSQL spent more time parsing and planning them than running them. Its parameters are
/// compared with single values: over an array PostgreSQL usually plans it again on each call anyway (see `ReadByIDs`).
/// (A statement that decodes its rows into a type of its own conforms to PostgresNIO's `PostgresPreparedStatement`.)
public protocol PreparedSQL {
    /// Unique in the application.
    static var name: String { get }
    /// The statement, with `$1`, `$2`… bound in order.
    static var sql: String { get }
    /// The types of `$1`, `$2`…; empty to let PostgreSQL infer them from the first call's values.
    static var bindingDataTypes: [PostgresDataType] { get }
}

extension PreparedSQL {
    public static var bindingDataTypes: [PostgresDataType] { [] }
}

/// A read of rows by ids, prepared in two forms: one id compared with `= $1`, many with `= ANY($1)`. Most requests read
/// one (the caller's person, their posts, their records), and PostgreSQL reuses the plan of `= $1`; over an array it
/// mostly plans again on each call, judging a plan for the ids at hand cheaper than the generic one (which assumes
/// ten), and that is the better trade for batches of hundreds.
public protocol ReadByIDs {
    /// Unique in the application.
    static var name: String { get }
    /// The statement, with `ids` (`= $1` or `= ANY($1)`) where the ids are compared, and no other parameter.
    static func sql(comparing ids: String) -> String
}

/// The two forms of a `ReadByIDs`.
enum ReadOne<Read: ReadByIDs>: PreparedSQL {
    static var name: String { Read.name + ":one" }
    static var sql: String { Read.sql(comparing: "= $1") }
    static var bindingDataTypes: [PostgresDataType] { [.uuid] }
}

enum ReadMany<Read: ReadByIDs>: PreparedSQL {
    static var name: String { Read.name + ":many" }
    static var sql: String { Read.sql(comparing: "= ANY($1)") }
    static var bindingDataTypes: [PostgresDataType] { [.uuidArray] }
}

/// PostgresNIO's form of a `PreparedSQL` with the values of one call.
struct PreparedCall<Text: PreparedSQL>: PostgresPreparedStatement {
    static var name: String { Text.name }
    static var sql: String { Text.sql }
    static var bindingDataTypes: [PostgresDataType] { Text.bindingDataTypes }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension PostgresConnection {
    /// Runs `Text` with these values through its statement prepared on this connection; the rows it returns.
    @discardableResult
    public func run<Text: PreparedSQL>(_ text: Text.Type, _ bindings: PostgresBindings, logger: Logger) async throws -> [PostgresRow] {
        try await prepared(PreparedCall<Text>(bindings: bindings), logger: logger)
    }

    /// Runs a prepared statement and collects its rows. When the statement can no longer run on this connection,
    /// the connection is closed, so the pool replaces it rather than handing out one that fails each time: PostgreSQL
    /// refuses a prepared statement whose result changed type (a migration altered a column it reads), and PostgresNIO
    /// keeps refusing a statement whose preparation failed (cancelled, or sent into an aborted transaction).
    public func prepared<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row] {
        do {
            var rows: [Statement.Row] = []
            for try await row in try await execute(statement, logger: logger) { rows.append(row) }
            return rows
        } catch let error as PSQLError where error.leavesPreparedStatementsUnusable {
            logger.warning("closing a database connection whose prepared statement \(Statement.name) failed", metadata: [
                "sqlstate": .string(error.sqlState ?? "none"),
            ])
            try? await close()
            throw error
        }
    }

    /// The rows `Read` finds for these ids.
    public func rows<Read: ReadByIDs>(_ read: Read.Type, ids: [UUID], logger: Logger) async throws -> [PostgresRow] {
        var bindings = PostgresBindings()
        if ids.count == 1 {
            bindings.append(ids[0])
            return try await run(ReadOne<Read>.self, bindings, logger: logger)
        }
        bindings.append(ids)
        return try await run(ReadMany<Read>.self, bindings, logger: logger)
    }
}
