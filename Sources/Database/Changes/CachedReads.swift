import Synchronization

/// Copies of what reads of some tables returned, each served again only while the `ChangeFeed` says none of the
/// tables has changed since it was read, and for at most `lifetime` (a bound should a notification ever be lost with its
/// connection before the loss is noticed).
///
/// A copy is filed under the generation seen before its read began. A change committed after the read took its
/// snapshot moves the generation on when heard of, so the copy is never served after that; one heard of before
/// the read began is in the snapshot.
public final class CachedReads<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    struct Copy {
        let value: Value
        let generation: ChangeFeed.Generation
        let readAt: ContinuousClock.Instant
    }

    let changes: ChangeFeed
    let tables: [String]
    let capacity: Int
    let lifetime: Duration
    private let copies = Mutex<[Key: Copy]>([:])

    public init(changes: ChangeFeed, tables: [String], capacity: Int, lifetime: Duration = .seconds(60)) {
        self.changes = changes
        self.tables = tables
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// The copy for `key` if it is current, else what `read` returns, kept when it is not nil (what is not found is
    /// read again: keeping it would let anyone fill the copies with made-up keys).
    public func value(for key: Key, read: () async throws -> Value?) async throws -> Value? {
        guard let generation = changes.generation(of: tables) else { return try await read() }
        let now = ContinuousClock.now
        if let copy = copies.withLock({ $0[key] }), copy.generation == generation, now - copy.readAt < lifetime {
            return copy.value
        }
        guard let value = try await read() else { return nil }
        copies.withLock { copies in
            if copies.count >= capacity, copies[key] == nil {
                // Full: what is no longer current goes first, everything if that is not enough.
                copies = copies.filter { $0.value.generation == generation && now - $0.value.readAt < lifetime }
                if copies.count >= capacity { copies.removeAll(keepingCapacity: true) }
            }
            copies[key] = Copy(value: value, generation: generation, readAt: now)
        }
        return value
    }

    /// How many copies are kept, current or not.
    public var count: Int { copies.withLock { $0.count } }
}
