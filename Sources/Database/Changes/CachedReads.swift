import Synchronization

/// Copies of what reads of some tables returned, each served again only while the `ChangeFeed` says none of the
/// tables has changed since it was read, and for at most `lifetime` (a bound should a notification ever be lost with its
/// connection before the loss is noticed).
///
/// A copy is filed under the generation seen before its read began. A change committed after the read took its
/// snapshot moves the generation on when heard of, so the copy is never served after that; one heard of before
/// the read began is in the snapshot.
///
/// Never read through it inside a transaction that has written one of its tables: what it kept would not be
/// committed yet (and might never be).
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
        try await values(for: [key]) { _ in try await read().map { [key: $0] } ?? [:] }[key]
    }

    /// The current copies of `keys`, and what one `read` of the others returns (it leaves out what it does not find).
    public func values(for keys: [Key], read: ([Key]) async throws -> [Key: Value]) async throws -> [Key: Value] {
        guard let generation = changes.generation(of: tables) else { return try await read(keys) }
        let now = ContinuousClock.now
        var found: [Key: Value] = [:]
        copies.withLock { copies in
            for key in keys {
                if let copy = copies[key], copy.generation == generation, now - copy.readAt < lifetime { found[key] = copy.value }
            }
        }
        let missing = keys.filter { found[$0] == nil }
        guard !missing.isEmpty else { return found }
        let read = try await read(missing)
        copies.withLock { copies in
            if copies.count + read.count > capacity {
                // Full: what is no longer current goes first, everything if that is not enough.
                copies = copies.filter { $0.value.generation == generation && now - $0.value.readAt < lifetime }
                if copies.count + read.count > capacity { copies.removeAll(keepingCapacity: true) }
            }
            for (key, value) in read.prefix(capacity) { copies[key] = Copy(value: value, generation: generation, readAt: now) }
        }
        return found.merging(read) { _, new in new }
    }

    /// How many copies are kept, current or not.
    public var count: Int { copies.withLock { $0.count } }
}
