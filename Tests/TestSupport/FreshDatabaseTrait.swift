import Database
import Foundation
import Testing

/// `@Suite(.freshDatabase)`: the suite's tests share one new database copied from the migrated template,
/// reachable as `FreshDatabase.current`; it is dropped when the suite ends.
public struct FreshDatabase: SuiteTrait, TestScoping {
    public struct Handle: Sendable {
        public let settings: DatabaseSettings
        public let database: Database
    }

    @TaskLocal public static var handle: Handle?

    /// The suite's database; fails the test when the suite lacks the trait.
    public static var current: Handle {
        get throws { try #require(handle, "add .freshDatabase to the suite") }
    }

    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let settings = try await TestDatabase.createMigrated()
        do {
            try await Database.withDatabase(settings, logger: TestDatabase.logger) { database in
                try await Self.$handle.withValue(Handle(settings: settings, database: database)) {
                    try await function()
                }
            }
        } catch {
            await TestDatabase.drop(settings)
            throw error
        }
        await TestDatabase.drop(settings)
    }
}

extension Trait where Self == FreshDatabase {
    public static var freshDatabase: FreshDatabase { FreshDatabase() }
}
