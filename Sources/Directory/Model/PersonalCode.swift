import Core
import Foundation

/// A Latvian personal code (personas kods): 11 digits, written `DDMMYY-CNNNN`.
///
/// Codes issued before 2017-07-01 begin with a birth date and end with a checksum; newer codes begin with `3`
/// and a digit 2–9 and carry neither. The code is personal data: it is validated here, stored once, and shown
/// through `masked` to everyone but the roles that need the full value. Nothing derives a birth date or sex
/// from it.
public struct PersonalCode: Sendable, Hashable, CustomStringConvertible {
    /// The 11 digits, without the hyphen.
    public let digits: String

    public init(_ text: String) throws(PersonalCodeError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = trimmed
        if trimmed.count == 12, trimmed[trimmed.index(trimmed.startIndex, offsetBy: 6)] == "-" {
            digits.remove(at: digits.index(digits.startIndex, offsetBy: 6))
        }
        guard digits.count == 11, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .malformed
        }
        let d = digits.compactMap { $0.wholeNumberValue }
        if d[0] == 3, (2...9).contains(d[1]) {
            // Since 2017-07-01: no birth date and no checksum to verify.
        } else {
            let day = d[0] * 10 + d[1], month = d[2] * 10 + d[3], year = d[4] * 10 + d[5]
            guard (0...2).contains(d[6]) else { throw .invalidDate }
            let fullYear = 1800 + d[6] * 100 + year
            guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: fullYear) else {
                throw .invalidDate
            }
            let weights = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(d.prefix(10), weights).map(*).reduce(0, +)
            let check = ((1101 - sum) % 11 + 11) % 11 % 10
            guard check == d[10] else { throw .checksumMismatch }
        }
        self.digits = digits
    }

    /// `DDMMYY-*****` for old-format codes, `32****-*****` for new ones.
    public var masked: String {
        if isNewFormat {
            return String(digits.prefix(2)) + "****-*****"
        }
        return String(digits.prefix(6)) + "-*****"
    }

    /// The full value in its usual written form.
    public var formatted: String { String(digits.prefix(6)) + "-" + String(digits.suffix(5)) }

    public var isNewFormat: Bool {
        let d = Array(digits)
        return d[0] == "3" && ("2"..."9").contains(d[1])
    }

    /// Never the full code: printing a person must not leak it into logs.
    public var description: String { masked }
}

public enum PersonalCodeError: Error, Equatable, CustomStringConvertible {
    case malformed, invalidDate, checksumMismatch

    public var description: String {
        switch self {
        case .malformed: "a personal code has 11 digits, written DDMMYY-NNNNN"
        case .invalidDate: "the personal code does not begin with a valid date"
        case .checksumMismatch: "the personal code's check digit does not match"
        }
    }
}
