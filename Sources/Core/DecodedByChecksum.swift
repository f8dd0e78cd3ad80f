import Synchronization

/// Definitions (course files, certification schemes) already decoded from the JSON stored in the database, by key and
/// the content checksum they were stored with. A read sends the checksums it knows and the database sends the JSON
/// only where it differs: decoding it on every request was a tenth of a person's status and more of an attendance
/// sheet. A definition never changes under the same checksum, so this holds nothing another process could disagree
/// with; whatever else a row says (approved, retired) is still read every time.
public final class DecodedByChecksum<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: (checksum: String, value: Value)]>([:])

    public init() {}

    /// Everything known, at once: one snapshot serves both a query and the lookups after it, so the two cannot disagree.
    public func snapshot() -> [Key: (checksum: String, value: Value)] { entries.withLock { $0 } }

    public func entry(_ key: Key) -> (checksum: String, value: Value)? { entries.withLock { $0[key] } }

    public func remember(_ value: Value, key: Key, checksum: String) {
        entries.withLock { $0[key] = (checksum, value) }
    }

    /// The value of `key` as stored under `checksum`: decoded from `json` and remembered when the database sent it
    /// (what was `known` differed, or nothing was), otherwise `known`, which the database found current.
    public func value(
        _ key: Key, checksum: String, json: String?, known: (checksum: String, value: Value)?, decode: (String) throws -> Value
    ) throws -> Value {
        if let json {
            let value = try decode(json)
            remember(value, key: key, checksum: checksum)
            return value
        }
        // A stored definition that no longer reads is a fault to fix, not one to skip quietly.
        guard let known else { throw NotDecoded(key: "\(key)") }
        return known.value
    }

    /// The database sent no definition, as if it had been decoded before, and none was.
    public struct NotDecoded: Error, CustomStringConvertible {
        public let key: String
        public var description: String { "the definition of \(key) was neither sent nor decoded before" }
    }
}
