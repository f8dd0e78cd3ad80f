/// Quoted-printable (RFC 2045 §6.7) for text bodies: every line of the result is at most 76 characters, so a
/// message passes any relay unchanged, while Latvian text stays mostly readable in the raw message.
enum QuotedPrintable {
    /// Encodes `text` as UTF-8, with its line breaks (CRLF, LF or CR) as CRLF hard breaks and longer lines cut
    /// by soft breaks (`=` at the end of a line). Trailing spaces and tabs are encoded, so a relay that strips
    /// them changes nothing.
    static func encode(_ text: String) -> String {
        lines(of: text).map(encodeLine).joined(separator: "\r\n")
    }

    /// The logical lines of `text`, whatever its line endings.
    static func lines(of text: String) -> [Substring] {
        // Swift treats "\r\n" as one Character, so splitting on the three kinds separately is exact.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
    }

    /// The longest an encoded line may be before the `=` of a soft break.
    private static let maximumBeforeSoftBreak = 75

    private static func encodeLine(_ line: Substring) -> String {
        let bytes = Array(line.utf8)
        var output = ""
        var current = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let token = encoded(byte, atEndOfLine: isLast)
            if current.utf8.count + token.utf8.count > maximumBeforeSoftBreak {
                output += current + "=\r\n"
                current = ""
            }
            current += token
        }
        return output + current
    }

    private static func encoded(_ byte: UInt8, atEndOfLine: Bool) -> String {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            atEndOfLine ? hex(byte) : String(UnicodeScalar(byte))
        case UInt8(ascii: "="):
            hex(byte)
        case 33...126:
            String(UnicodeScalar(byte))
        default:
            hex(byte)
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
