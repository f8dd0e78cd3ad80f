/// Writes CSV (RFC 4180) for exports: fields quoted when they hold a comma, quote or line break, lines ended
/// with CRLF, UTF-8 so Latvian names stay intact. A byte-order mark leads, so spreadsheet programs read the
/// file as UTF-8 rather than the locale's code page.
public struct CSVWriter: Sendable {
    public private(set) var text = "\u{FEFF}"

    public init(header: [String]) { append(header) }

    public mutating func append(_ fields: [String?]) {
        text += fields.map { Self.field($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        // A leading =, +, - or @ would be run as a formula by spreadsheet programs; quote-prefix it.
        var value = value
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
