/// One reply of an SMTP server (RFC 5321 §4.2): a three-digit code and its lines of text; `250-…` lines continue,
/// the `250 …` line ends it.
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    /// The reply as the server wrote it, lines joined by " / ", for the outbox to keep and people to read.
    var description: String { lines.map { "\(code) \($0)" }.joined(separator: " / ") }

    var isPositive: Bool { (200...399).contains(code) }

    /// The EHLO keywords (`STARTTLS`, `AUTH`, `8BITMIME`, …), upper-case, with their parameters: every line but
    /// the first, which is the server's greeting.
    var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            result[keyword.uppercased()] = words.dropFirst().map { $0.uppercased() }
        }
        return result
    }
}

/// Collects reply lines until a reply is complete, checking each line's form so that anything else from the
/// server is a clear protocol error rather than a misread code.
struct SMTPReplyParser {
    private var code: Int?
    private var lines: [String] = []

    /// Adds one line (without its CRLF); returns the reply when this line completed it.
    mutating func add(_ line: String) throws(SMTPProtocolError) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let lineCode = Int(String(decoding: bytes[0...2], as: UTF8.self)),
            (200...599).contains(lineCode)
        else {
            throw SMTPProtocolError("the server sent \"\(line.prefix(200))\", which is not an SMTP reply")
        }
        let separator: UInt8? = bytes.count > 3 ? bytes[3] : nil
        guard separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw SMTPProtocolError("the server sent \"\(line.prefix(200))\", which is not an SMTP reply")
        }
        if let code, code != lineCode {
            throw SMTPProtocolError("the server changed the code inside one reply (\(code), then \(lineCode))")
        }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard separator != UInt8(ascii: "-") else { return nil }
        defer { self = SMTPReplyParser() }
        return SMTPReply(code: lineCode, lines: lines)
    }
}

/// The server did not speak SMTP as RFC 5321 says (a malformed reply, an unexpected code, data where none
/// belongs). The message may still go through later, so it counts as a temporary failure.
struct SMTPProtocolError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
