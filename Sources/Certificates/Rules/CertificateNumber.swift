/// A certificate's number: the issuer's prefix, the year and a sequence without gaps within it, e.g.
/// `BAC-2027-000123`.
public struct CertificateNumber: Sendable, Equatable, CustomStringConvertible {
    public let prefix: String
    public let year: Int
    public let sequence: Int

    public init(prefix: String, year: Int, sequence: Int) {
        self.prefix = prefix
        self.year = year
        self.sequence = sequence
    }

    /// Six digits at least; a year past 999,999 certificates simply grows a digit.
    public var description: String {
        let digits = String(sequence)
        return "\(prefix)-\(year)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isLetter }),
              parts[1].count == 4, let year = Int(parts[1]), parts[2].count >= 6, parts[2].allSatisfy(\.isASCII),
              let sequence = Int(parts[2]), sequence > 0
        else { return nil }
        self.init(prefix: String(parts[0]), year: year, sequence: sequence)
    }
}
