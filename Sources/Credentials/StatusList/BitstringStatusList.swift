import CompressNIO
import ExtrasBase64
import NIOCore

/// A W3C Bitstring Status List: one bit per credential, index 0 the most significant bit of the first byte,
/// published GZIP-compressed, base64url without padding, after the multibase prefix `u`.
public struct BitstringStatusList: Sendable, Equatable {
    /// The specification's floor: 16 KiB, so a list says little about how many credentials exist.
    public static let minimumEntries = 131_072

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notMultibaseBase64url
        case notBase64url
        case notGzip
        case tooShort(Int)
        case indexOutOfRange(Int)

        public var description: String {
            switch self {
            case .notMultibaseBase64url: "encodedList must start with u (multibase base64url)"
            case .notBase64url: "encodedList is not base64url without padding"
            case .notGzip: "encodedList is not GZIP-compressed"
            case .tooShort(let entries): "the list has \(entries) entries, fewer than \(BitstringStatusList.minimumEntries)"
            case .indexOutOfRange(let index): "index \(index) is outside the list"
            }
        }
    }

    public private(set) var bytes: [UInt8]

    public init(entries: Int = minimumEntries) {
        bytes = [UInt8](repeating: 0, count: (max(entries, Self.minimumEntries) + 7) / 8)
    }

    public init(bytes: [UInt8]) throws(Problem) {
        guard bytes.count * 8 >= Self.minimumEntries else { throw .tooShort(bytes.count * 8) }
        self.bytes = bytes
    }

    public var count: Int { bytes.count * 8 }

    public subscript(index: Int) -> Bool {
        get { bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0 }
        set {
            if newValue { bytes[index / 8] |= 0x80 >> UInt8(index % 8) } else { bytes[index / 8] &= ~(0x80 >> UInt8(index % 8)) }
        }
    }

    public func value(at index: Int) throws(Problem) -> Bool {
        guard index >= 0, index < count else { throw .indexOutOfRange(index) }
        return self[index]
    }

    public var setIndices: [Int] { (0..<count).filter { self[$0] } }

    public func encoded() -> String {
        var buffer = ByteBuffer(bytes: bytes)
        // Compressing bytes in memory cannot fail short of running out of memory.
        let compressed = try! buffer.compress(with: .gzip())
        return "u" + Base64.encodeToString(bytes: compressed.readableBytesView, options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }

    public init(encoded: String) throws(Problem) {
        guard encoded.first == "u" else { throw .notMultibaseBase64url }
        let text = encoded.dropFirst()
        guard !text.contains("="),
              let compressed = try? Base64.decode(string: String(text), options: [.base64UrlAlphabet, .omitPaddingCharacter])
        else { throw .notBase64url }
        // A GZIP member starts 1f 8b; zlib and raw deflate are refused.
        guard compressed.starts(with: [0x1F, 0x8B]) else { throw .notGzip }
        var buffer = ByteBuffer(bytes: compressed)
        guard let expanded = try? buffer.decompress(with: .gzip(), maxSize: 16 * 1024 * 1024) else { throw .notGzip }
        try self.init(bytes: Array(expanded.readableBytesView))
    }
}
