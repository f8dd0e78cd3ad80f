/// Header values as RFC 5322 and RFC 2047 want them: plain ASCII where that is safe, otherwise UTF-8
/// encoded-words (`=?UTF-8?Q?…?=`), and folded so that no line is longer than 78 characters.
enum HeaderText {
    /// The longest encoded-word written. RFC 2047 allows 75; 66 leaves room for the longest header name that
    /// carries one (`Subject: `) on the first line, so the first line too stays within 78.
    static let maximumEncodedWord = 66
    static let maximumLine = 78

    /// An unstructured value (a subject): as it is when it is plain printable ASCII that folds, otherwise as
    /// encoded-words. The result's words are separated by single spaces, ready for `fold`.
    static func unstructured(_ value: String) -> [String] {
        if isPlain(value) {
            return value.split(separator: " ").map(String.init)
        }
        return encodedWords(value)
    }

    /// A display name in an address: an atom phrase, a quoted string, or encoded-words.
    static func phrase(_ name: String) -> [String] {
        guard isPlain(name) else { return encodedWords(name) }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
        if name.allSatisfy(atext.contains) {
            return name.split(separator: " ").map(String.init)
        }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let quoted = "\"" + escaped + "\""
        // A quoted string cannot be folded inside; one longer than a line is sent as encoded-words instead.
        return quoted.count <= maximumEncodedWord ? [quoted] : encodedWords(name)
    }

    /// `Name: word word…`, with a fold (CRLF and a space) before any word that would pass 78 characters.
    static func fold(name: String, words: [String]) -> String {
        var result = name + ":"
        var lineLength = result.count
        for word in words {
            if lineLength + 1 + word.count > maximumLine, lineLength > name.count + 1 {
                result += "\r\n"
                lineLength = 0
            }
            result += " " + word
            lineLength += 1 + word.count
        }
        return result
    }

    /// Printable ASCII, single spaces between words, none at the ends, no word too long to fold, and nothing
    /// a reader would take for an encoded-word.
    static func isPlain(_ value: String) -> Bool {
        guard !value.isEmpty, value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else { return false }
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        return !value.contains("=?") && words.allSatisfy { !$0.isEmpty && $0.count <= maximumEncodedWord }
    }

    /// `value` as Q-encoded UTF-8 encoded-words, none longer than `maximumEncodedWord`, never splitting a
    /// character between two words. Spaces are encoded inside the words (`_`), since the space between two
    /// encoded-words is dropped when they are decoded.
    static func encodedWords(_ value: String) -> [String] {
        let prefix = "=?UTF-8?Q?", suffix = "?="
        let capacity = maximumEncodedWord - prefix.count - suffix.count
        var words: [String] = []
        var current = ""
        func append(_ piece: String) {
            if current.count + piece.count > capacity, !current.isEmpty {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += piece
        }
        for character in value {
            let piece = qEncoded(character.unicodeScalars)
            if piece.count <= capacity {
                append(piece)
            } else {
                // A character too long for one word (a long sequence of combining marks): split it between
                // its scalars, which is still never inside a UTF-8 sequence.
                for scalar in character.unicodeScalars { append(qEncoded(CollectionOfOne(scalar))) }
            }
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    /// Q encoding with only the characters RFC 2047 §5(3) allows in a phrase, so one encoder serves subjects
    /// and display names alike.
    private static func qEncoded(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var result = ""
        for scalar in scalars {
            for byte in String(scalar).utf8 {
                switch byte {
                case UInt8(ascii: " "):
                    result += "_"
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
                    result += String(UnicodeScalar(byte))
                default:
                    result += QuotedPrintable.hex(byte)
                }
            }
        }
        return result
    }
}
