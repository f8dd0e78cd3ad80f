import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `body` under a savepoint of the current transaction: if it throws, only its own work is rolled back
    /// and the error is rethrown, so a caller can collect one problem per item and go on with the next.
    public func withSavepoint<Result>(
        _ name: String = "item", logger: Logger, _ body: () async throws -> Result
    ) async throws -> Result {
        try await query("SAVEPOINT \(unescaped: name)", logger: logger)
        do {
            let result = try await body()
            try await query("RELEASE SAVEPOINT \(unescaped: name)", logger: logger)
            return result
        } catch {
            // The body's error is the one worth reporting; if even the rollback fails, the transaction is lost
            // anyway and will fail at its next statement.
            _ = try? await query("ROLLBACK TO SAVEPOINT \(unescaped: name)", logger: logger)
            throw error
        }
    }
}
