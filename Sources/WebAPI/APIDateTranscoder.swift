import Foundation
import OpenAPIRuntime

/// RFC 3339 instants in parameters and bodies, read with or without fractional seconds (the document's
/// `date-time` allows both; the runtime's default reads only whole seconds) and written in whole seconds.
public struct APIDateTranscoder: DateTranscoder {
    private let whole = ISO8601DateTranscoder.iso8601
    private let fractional = ISO8601DateTranscoder.iso8601WithFractionalSeconds

    public init() {}

    public func encode(_ date: Date) throws -> String { try whole.encode(date) }

    public func decode(_ text: String) throws -> Date {
        if let date = try? whole.decode(text) { return date }
        return try fractional.decode(text)
    }
}

extension Configuration {
    /// How this API reads and writes its messages: compact JSON with sorted keys (pretty-printing costs
    /// every response bytes and time and helps no program), dates as `APIDateTranscoder` says.
    public static let pilnveide = Configuration(dateTranscoder: APIDateTranscoder(), jsonEncodingOptions: [.sortedKeys])
}
