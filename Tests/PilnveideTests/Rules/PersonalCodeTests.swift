import Core
import Directory
import Testing

@Suite struct PersonalCodeTests {
    @Test(arguments: ["010190-12349", "01019012349", "311285-11110", "290200-20017"])
    func acceptsOldFormatCodesWithValidDateAndChecksum(_ text: String) throws {
        let code = try PersonalCode(text)
        #expect(code.digits.count == 11)
        #expect(!code.isNewFormat)
    }

    @Test func acceptsNewFormatCodesWithoutChecksum() throws {
        let code = try PersonalCode("321234-56789")
        #expect(code.isNewFormat)
        #expect(code.digits == "32123456789")
    }

    @Test func rejectsAWrongCheckDigit() {
        #expect(throws: PersonalCodeError.checksumMismatch) { try PersonalCode("010190-12340") }
    }

    // 31 February, 29 February 1990 (not a leap year), month 13, century digit 5.
    @Test(arguments: ["310290-12345", "290290-10001", "011390-12345", "010190-52349"])
    func rejectsImpossibleBirthDates(_ text: String) {
        #expect(throws: PersonalCodeError.invalidDate) { try PersonalCode(text) }
    }

    @Test(arguments: ["", "0101901234", "010190-1234a", "010190_12349", "0101901234567", "abcdefghijk"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: PersonalCodeError.malformed) { try PersonalCode(text) }
    }

    @Test func masksOldFormatAfterTheDateAndNewFormatAfterThePrefix() throws {
        #expect(try PersonalCode("010190-12349").masked == "010190-*****")
        #expect(try PersonalCode("32123456789").masked == "32****-*****")
    }

    @Test func printingNeverRevealsTheFullCode() throws {
        let code = try PersonalCode("010190-12349")
        #expect("\(code)" == "010190-*****")
        #expect(code.formatted == "010190-12349")
    }
}
