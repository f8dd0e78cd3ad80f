/// Base58 with the Bitcoin alphabet, as multibase's `z` prefix uses it for keys and signatures. No listed package
/// does it; it is small: the bytes as one big-endian number written in base 58, each leading zero byte as `1`.
public enum Base58BTC {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let values: [UInt8: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    public struct InvalidCharacter: Error, Equatable {
        public let character: Character
    }

    /// Decoding takes time quadratic in the length: callers with untrusted input bound it first (a 64-byte
    /// signature is at most 88 characters, a 34-byte Multikey 47).
    public static func maximumLength(forBytes count: Int) -> Int { count * 138 / 100 + 1 }

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        let zeros = bytes.prefix { $0 == 0 }.count
        var digits: [UInt8] = []  // base-58 digits, least significant first
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        return String(repeating: "1", count: zeros) + String(decoding: digits.reversed().map { alphabet[Int($0)] }, as: UTF8.self)
    }

    public static func decode(_ text: String) throws(InvalidCharacter) -> [UInt8] {
        let characters = Array(text.utf8)
        let ones = characters.prefix { $0 == UInt8(ascii: "1") }.count
        var bytes: [UInt8] = []  // least significant first
        for character in characters[ones...] {
            guard let value = values[character] else { throw InvalidCharacter(character: Character(Unicode.Scalar(character))) }
            var carry = value
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: ones) + bytes.reversed()
    }
}
