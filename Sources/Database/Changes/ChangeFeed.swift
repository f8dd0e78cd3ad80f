import Logging
import NIOPosix
import PostgresNIO
import Synchronization

/// Tells this process when a table it keeps copies of has changed, in this process or any other: the table's
/// statement trigger sends `pg_notify('pilnveide_changes', <table>)`, which PostgreSQL delivers on commit, and one
/// connection here listens.
///
/// Each table has a generation, moved on by every change; a copy read under one generation is good only while the
/// table is still at it (`CachedReads`). While this process is not listening, nothing has a generation and nothing
/// is served from a copy: a change it did not hear of could otherwise be hidden for good.
public final class ChangeFeed: Sendable {
    /// The channel the triggers notify (migration 0012).
    public static let channel = "pilnveide_changes"

    /// A table's place in the feed. `session` moves on each time listening starts, so copies from before a gap
    /// in listening are never taken for current.
    public struct Generation: Sendable, Hashable {
        let session: Int
        let changes: Int
    }

    struct State {
        var listening = false
        var session = 0
        var changes: [String: Int] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// The tables' generation (it moves on when any of them changes), or nil while this process is not listening
    /// (then read the database).
    public func generation(of tables: [String]) -> Generation? {
        state.withLock { state in
            state.listening ? Generation(session: state.session, changes: tables.reduce(0) { $0 + state.changes[$1, default: 0] }) : nil
        }
    }

    public func generation(of table: String) -> Generation? { generation(of: [table]) }

    /// Records a change to `table`. Called for each notification, and by this process after it commits a change
    /// itself, so its own next read cannot be answered from a copy while the notification is on its way.
    public func changed(_ table: String) {
        state.withLock { $0.changes[table, default: 0] += 1 }
    }

    /// Listens on a connection of its own (not one of the pool's) until the task is cancelled; when the connection
    /// fails it stops serving copies, then connects again after `retryDelay`.
    ///
    /// A connection can also die silently (a firewall forgetting it, a failover), leaving the stream open and quiet.
    /// So every `heartbeat` it notifies the channel itself, with an empty payload: a connection that has heard
    /// nothing for three heartbeats stops the copies and is closed, and the feed connects again.
    public func run(
        _ settings: DatabaseSettings, logger: Logger, retryDelay: Duration = .seconds(1), heartbeat: Duration = .seconds(5)
    ) async {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try settings.connectionConfiguration(),
                    id: 0, logger: logger
                )
                do {
                    // A query in flight (a heartbeat) does not end when its task is cancelled; closing the connection
                    // ends it, so shutdown never waits for a dead connection's TCP timeout.
                    try await withTaskCancellationHandler {
                        try await listen(on: connection, logger: logger, heartbeat: heartbeat)
                    } onCancel: {
                        _ = connection.close() as EventLoopFuture<Void>
                    }
                } catch {
                    stop()
                    try? await connection.close()
                    throw error
                }
                stop()
                try? await connection.close()
            } catch where !Task.isCancelled {
                logger.warning("not listening for changes; copies are not served until it listens again", metadata: ["error": "\(String(reflecting: error))"])
            } catch {}
            stop()
            try? await Task.sleep(for: retryDelay)
        }
    }

    private func listen(on connection: PostgresConnection, logger: Logger, heartbeat: Duration) async throws {
        try await connection.listen(on: Self.channel) { notifications in
            let heard = LastHeard()
            // Not a child of the group below: PostgresNIO never answers a query sent on a connection already closed,
            // and shutdown (or the watchdog) may close it just as a heartbeat goes out. Such a heartbeat waits on
            // alone instead of holding up the group.
            let sender = Task {
                while !Task.isCancelled, !connection.isClosed {
                    try await Task.sleep(for: heartbeat)
                    guard !connection.isClosed else { return }
                    try await connection.query("SELECT pg_notify(\(Self.channel), '')", logger: logger)
                }
            }
            defer { sender.cancel() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Apart from the sending: on a dead connection the send itself may wait for minutes.
                    while true {
                        try await Task.sleep(for: heartbeat)
                        if ContinuousClock.now - heard.time.withLock({ $0 }) > heartbeat * 3 {
                            self.stop()
                            logger.warning("the connection listening for changes went quiet; connecting again")
                            try? await connection.close()
                            return
                        }
                    }
                }
                // LISTEN is in force: every change committed from now on will be heard of.
                state.withLock { state in
                    state.session += 1
                    state.listening = true
                }
                for try await notification in notifications {
                    heard.time.withLock { $0 = .now }
                    if !notification.payload.isEmpty { changed(notification.payload) }
                }
                group.cancelAll()
            }
        }
    }

    /// When the listening connection last heard anything, its own heartbeats included.
    private final class LastHeard: Sendable {
        let time = Mutex(ContinuousClock.now)
    }

    private func stop() {
        state.withLock { $0.listening = false }
    }
}
