import Foundation
import Testing

@testable import Mail

/// The encodings under the message: quoted-printable bodies (RFC 2045 §6.7) and encoded-word headers
/// (RFC 2047), each decoded back by the tests' own decoders.
@Suite struct MailEncodingTests {
    static let diacritics = "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž"

    @Test func quotedPrintableRoundTripsLatvianTextWithLongLines() {
        let text = """
            Labdien, Ilze Ozoliņa!
            \(String(repeating: "Bāriņtiesu darbinieku pilnveide — \(Self.diacritics). ", count: 4))
            a = b; 100% "pēdiņas"\ttabulācija\t
            beigas ar atstarpēm   \n\n.punkts rindas sākumā
            """
        let encoded = QuotedPrintable.encode(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        // Printable ASCII, and tabs, which RFC 2045 lets stand inside a line.
        #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0 == "\t" || (0x20...0x7E).contains($0.value) } })
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") && !$0.hasSuffix("\t") })
        let decoded = String(decoding: MailTestTools.decodeQuotedPrintable(encoded), as: UTF8.self)
        #expect(decoded == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func quotedPrintableEscapesEqualsAndTrailingWhitespaceAndKeepsLineBreaksAsCRLF() {
        #expect(QuotedPrintable.encode("a=b") == "a=3Db")
        #expect(QuotedPrintable.encode("end \nline\t") == "end=20\r\nline=09")
        #expect(QuotedPrintable.encode("one\r\ntwo\rthree\nfour") == "one\r\ntwo\r\nthree\r\nfour")
        #expect(QuotedPrintable.encode("ā") == "=C4=81")
        // 80 letters: cut by one soft break after 75 characters.
        let long = String(repeating: "x", count: 80)
        #expect(QuotedPrintable.encode(long) == String(repeating: "x", count: 75) + "=\r\n" + "xxxxx")
    }

    @Test func aSubjectWithEveryLatvianDiacriticIsEncodedFoldedAndDecodesBack() {
        let subject = "Ielūgums: Bērnu tiesību aizsardzības pilnveide (\(Self.diacritics)) — 2027. gada 15. janvāris, Cēsis"
        let header = HeaderText.fold(name: "Subject", words: HeaderText.unstructured(subject))
        let lines = header.components(separatedBy: "\r\n")
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?Q?") })
        let words = header.dropFirst("Subject: ".count).replacingOccurrences(of: "\r\n", with: "").split(separator: " ")
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?Q?") && $0.hasSuffix("?=") })
        // Each word alone is whole UTF-8: no character is split between two words.
        for word in words {
            let bytes = MailTestTools.decodeQuotedPrintable(String(word.dropFirst(10).dropLast(2)).replacingOccurrences(of: "_", with: " "))
            #expect(String(validating: bytes, as: UTF8.self) != nil, "\(word) splits a character")
        }
        let value = MailTestTools.rawHeader("Subject", in: header + "\r\n\r\n")!
        #expect(MailTestTools.decodeEncodedWords(value) == subject)
    }

    @Test func plainASCIISubjectsStayReadableAndFoldAtSpaces() {
        let subject = "Reminder: your certification under scheme BT-PILNVEIDE ends in 60 days, please enrol in a group"
        let header = HeaderText.fold(name: "Subject", words: HeaderText.unstructured(subject))
        #expect(!header.contains("=?"))
        #expect(header.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(header.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + subject)
    }

    @Test func lineBreaksAndLookalikeEncodedWordsInASubjectAreEncodedNotPassedThrough() {
        let injected = HeaderText.fold(name: "Subject", words: HeaderText.unstructured("Sveiki\r\nBcc: someone@example.com"))
        #expect(!injected.contains("\nBcc:"))
        #expect(MailTestTools.decodeEncodedWords(MailTestTools.rawHeader("Subject", in: injected + "\r\n\r\n")!) == "Sveiki\r\nBcc: someone@example.com")
        #expect(HeaderText.unstructured("=?UTF-8?Q?x?=").first?.hasPrefix("=?UTF-8?Q?=3D=3F") == true)
        #expect(HeaderText.unstructured("two  spaces").count == 1)
    }

    @Test func displayNamesAreAtomsQuotedStringsOrEncodedWords() {
        #expect(HeaderText.phrase("Pilnveide") == ["Pilnveide"])
        #expect(HeaderText.phrase("Doe, John") == ["\"Doe, John\""])
        #expect(HeaderText.phrase("Say \"hi\"") == ["\"Say \\\"hi\\\"\""])
        let encoded = HeaderText.phrase("Ilze Ozoliņa")
        #expect(encoded == ["=?UTF-8?Q?Ilze_Ozoli=C5=86a?="])
        #expect(MailTestTools.decodeEncodedWords(encoded.joined(separator: " ")) == "Ilze Ozoliņa")
    }

    @Test func datesAreRFC5322InUTC() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_800_000_000)) == "Fri, 15 Jan 2027 08:00:00 +0000")
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_796_198_400)) == "Wed, 02 Dec 2026 08:00:00 +0000")
    }

    @Test func addressesParseFromSettingsAndOnlyPlainOnesPass() throws {
        #expect(try MailAddress.parse("pilnveide@bti.gov.lv") == MailAddress("pilnveide@bti.gov.lv"))
        #expect(try MailAddress.parse("Pilnveide <pilnveide@bti.gov.lv>") == MailAddress("pilnveide@bti.gov.lv", name: "Pilnveide"))
        #expect(try MailAddress.parse(" Bērnu tiesību inspekcija  <info@bti.gov.lv> ") == MailAddress("info@bti.gov.lv", name: "Bērnu tiesību inspekcija"))
        #expect(try MailAddress.parse("\"Inspekcija, Pilnveide\" <a.b@x-y.lv>") == MailAddress("a.b@x-y.lv", name: "Inspekcija, Pilnveide"))
        for bad in ["", "no-at-sign", "a@", "@b.lv", "a b@c.lv", "ilze@bāriņtiesa.lv", "ilze@-x.lv", "Name <a@b.lv", "a..b@c.lv", "x@y@z.lv", "a@b.lv\r\nBcc: c@d.lv"] {
            #expect(throws: MailFormatError.self, "\(bad) was taken") { try MailAddress.parse(bad) }
        }
    }
}
