import PostgresNIO

extension PSQLError {
    /// The SQLSTATE PostgreSQL reported, if the error came from the server.
    public var sqlState: String? { serverInfo?[.sqlState] }

    /// The constraint a failed statement violated, if PostgreSQL named one.
    public var constraintName: String? { serverInfo?[.constraintName] }

    /// `23505`: a unique index refused a duplicate.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// `23503`: a row refers to one that does not exist.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }

    /// A prepared statement failed in a way that will repeat on this connection: `0A000` (its cached plan's result
    /// changed type), `25P02` (it was sent into an aborted transaction: if that was its preparation, PostgresNIO
    /// remembers the failure), `57014` (cancelled, perhaps while being prepared).
    var leavesPreparedStatementsUnusable: Bool { ["0A000", "25P02", "57014"].contains(sqlState) }
}

extension Error {
    /// The unique index this error reports as violated, if it is a duplicate-key error.
    public var violatedUniqueConstraint: String? {
        guard let error = self as? PSQLError, error.isUniqueViolation else { return nil }
        return error.constraintName
    }
}
