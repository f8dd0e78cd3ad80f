/// The JSON Canonicalization Scheme (RFC 8785): the one byte sequence a JSON value is hashed and signed as.
/// No whitespace; object members sorted by their names' UTF-16 code units; strings with only the escapes the
/// RFC names; numbers as ECMAScript prints them.
public enum CanonicalJSON {
    public struct Unrepresentable: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static func bytes(_ value: JSONValue) throws(Unrepresentable) -> [UInt8] {
        var output: [UInt8] = []
        try write(value, to: &output)
        return output
    }

    public static func string(_ value: JSONValue) throws(Unrepresentable) -> String {
        String(decoding: try bytes(value), as: UTF8.self)
    }

    private static func write(_ value: JSONValue, to output: inout [UInt8]) throws(Unrepresentable) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            guard let text = ECMAScriptNumber.string(number) else { throw Unrepresentable(description: "\(number) is not a JSON number") }
            output.append(contentsOf: text.utf8)
        case .string(let text): writeString(text, to: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let sorted = object.members.sorted { Array($0.name.utf16).lexicographicallyPrecedes(Array($1.name.utf16)) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.name, to: &output)
                output.append(UInt8(ascii: ":"))
                try write(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output.append(contentsOf: "\\\"".utf8)
            case 0x5C: output.append(contentsOf: "\\\\".utf8)
            case 0x08: output.append(contentsOf: "\\b".utf8)
            case 0x09: output.append(contentsOf: "\\t".utf8)
            case 0x0A: output.append(contentsOf: "\\n".utf8)
            case 0x0C: output.append(contentsOf: "\\f".utf8)
            case 0x0D: output.append(contentsOf: "\\r".utf8)
            case 0x00...0x1F:
                output.append(contentsOf: "\\u00".utf8)
                output.append(hex[Int(scalar.value >> 4)])
                output.append(hex[Int(scalar.value & 0xF)])
            default:
                output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// Number to text as ECMAScript's `Number.prototype.toString` does (ECMA-262, Number::toString), which RFC 8785
/// requires: the shortest digits that read back as the same double (Swift's own `description` finds those),
/// laid out by ECMAScript's rules — plain up to 21 integer digits, exponent form below 1e-6, `e+`/`e-`, no `.0`.
public enum ECMAScriptNumber {
    public static func string(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }  // -0 too
        if value < 0 { return "-" + string(-value)! }
        let (digits, n) = shortestDigits(value)
        let k = digits.count
        if k <= n && n <= 21 {
            return String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return String(decoding: digits[..<n], as: UTF8.self) + "." + String(decoding: digits[n...], as: UTF8.self)
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + String(decoding: digits, as: UTF8.self)
        }
        let exponent = n - 1
        let sign = exponent < 0 ? "-" : "+"
        let mantissa = k == 1 ? String(decoding: digits, as: UTF8.self)
            : String(decoding: digits[..<1], as: UTF8.self) + "." + String(decoding: digits[1...], as: UTF8.self)
        return mantissa + "e" + sign + String(abs(exponent))
    }

    /// The shortest round-tripping decimal digits of a positive finite double, without leading or trailing
    /// zeros, and n such that the value is 0.d₁d₂…dₖ × 10ⁿ.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], n: Int) {
        let text = value.description  // e.g. "4.5", "100.0", "1e-07", "3.3333333333333325e+08"
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1])! : 0
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for byte in parts[0].utf8 {
            if byte == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(byte)
            if !seenPoint { point += 1 }
        }
        while digits.first == UInt8(ascii: "0") { digits.removeFirst(); point -= 1 }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, point + exponent)
    }
}
