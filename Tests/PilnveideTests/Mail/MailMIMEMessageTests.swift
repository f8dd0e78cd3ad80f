import Foundation
import Testing
import TestSupport

@testable import Mail

/// Whole messages: headers, the MIME structure for text, HTML and attachments, and lines fit for any relay;
/// read back both by hand and by Python's `email` package, a reader written by others.
@Suite struct MailMIMEMessageTests {
    static let date = Date(timeIntervalSince1970: 1_800_000_000)

    static func invitation(html: Bool = true, attachments: Bool = true) -> MailMessage {
        MailMessage(
            from: MailAddress("pilnveide@bti.gov.lv", name: "Pilnveide — Bērnu tiesību inspekcija"),
            to: [MailAddress("ilze.ozolina@example.lv", name: "Ilze Ozoliņa"), MailAddress("karlis@example.lv")],
            subject: "Ielūgums: Līdzdalība un bērna viedoklis — 15. janvāris, Cēsis / Invitation",
            text: """
                Labdien, Ilze!

                Jūs esat pieteikta nodarbībai „Bērna līdzdalība“: ā č ē ģ ī ķ ļ ņ š ū ž.
                Skatīt: https://pilnveide.example.lv/v1/groups/ANO-PILOTS-KURZEME-2027
                .šī rinda sākas ar punktu

                --
                Hello, Ilze! You are enrolled in the session "Child participation".
                """,
            html: html
                ? """
                <p>Labdien, Ilze! Jūs esat pieteikta nodarbībai: ā č ē ģ ī ķ ļ ņ š ū ž.</p>
                <p><a href="https://pilnveide.example.lv/v1/groups/ANO-PILOTS-KURZEME-2027">Skatīt grupu</a></p>
                <hr><p lang="en">Hello, Ilze! You are enrolled.</p>
                """ : nil,
            attachments: attachments
                ? [MailAttachment(filename: "ielugums.ics", contentType: "text/calendar; method=REQUEST; charset=UTF-8", data: Data(Self.ics.utf8))]
                : [],
            messageID: "0190f1c2-7d1e-7000-8000-000000000001@pilnveide.example.lv", date: date
        )
    }

    static let ics = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Pilnveide//LV\r
        METHOD:REQUEST\r
        BEGIN:VEVENT\r
        UID:session-1@pilnveide.example.lv\r
        DTSTAMP:20270115T080000Z\r
        DTSTART:20270201T070000Z\r
        SUMMARY:Bērna līdzdalība — Cēsis\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    static func render(_ message: MailMessage) throws -> String {
        var generator = SeededGenerator(seed: 7)
        return String(decoding: try MIMEMessage(rendering: message, using: &generator).data, as: UTF8.self)
    }

    @Test func aTextOnlyMessageHasItsHeadersAndAQuotedPrintableBody() throws {
        let message = try Self.render(Self.invitation(html: false, attachments: false))
        let head = message.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.hasPrefix("From: =?UTF-8?Q?Pilnveide_"))
        #expect(MailTestTools.decodeEncodedWords(MailTestTools.rawHeader("From", in: message)!) == "Pilnveide — Bērnu tiesību inspekcija <pilnveide@bti.gov.lv>")
        #expect(MailTestTools.decodeEncodedWords(MailTestTools.rawHeader("To", in: message)!) == "Ilze Ozoliņa <ilze.ozolina@example.lv>, karlis@example.lv")
        #expect(MailTestTools.decodeEncodedWords(MailTestTools.rawHeader("Subject", in: message)!) == Self.invitation().subject)
        #expect(MailTestTools.rawHeader("Date", in: message) == "Fri, 15 Jan 2027 08:00:00 +0000")
        #expect(MailTestTools.rawHeader("Message-ID", in: message) == "<0190f1c2-7d1e-7000-8000-000000000001@pilnveide.example.lv>")
        #expect(MailTestTools.rawHeader("MIME-Version", in: message) == "1.0")
        #expect(MailTestTools.rawHeader("Content-Type", in: message) == "text/plain; charset=UTF-8")
        #expect(MailTestTools.rawHeader("Content-Transfer-Encoding", in: message) == "quoted-printable")
        let body = message.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        let decoded = String(decoding: MailTestTools.decodeQuotedPrintable(body), as: UTF8.self)
        #expect(decoded == Self.invitation().text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
        Self.expectFitForAnyRelay(message)
    }

    @Test func htmlMakesMultipartAlternativeWithTheTextFirst() throws {
        let message = try Self.render(Self.invitation(attachments: false))
        let type = try #require(MailTestTools.rawHeader("Content-Type", in: message))
        #expect(type.hasPrefix("multipart/alternative; boundary=\"=_pilnveide_"))
        let boundary = String(type.split(separator: "\"")[1])
        let sections = message.components(separatedBy: "--\(boundary)")
        #expect(sections.count == 4)  // the preamble (headers), text, HTML, and the closing "--"
        #expect(sections[1].hasPrefix("\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
        #expect(sections[2].hasPrefix("\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
        #expect(sections[3] == "--\r\n")
        Self.expectFitForAnyRelay(message)
    }

    @Test func attachmentsWrapEverythingInMultipartMixedAsBase64() throws {
        let message = try Self.render(Self.invitation())
        let type = try #require(MailTestTools.rawHeader("Content-Type", in: message))
        #expect(type.hasPrefix("multipart/mixed; boundary=\"=_pilnveide_"))
        let outer = String(type.split(separator: "\"")[1])
        let sections = message.components(separatedBy: "--\(outer)")
        #expect(sections.count == 4)  // the headers, the alternative, the attachment, the closing "--"
        #expect(sections[1].hasPrefix("\r\nContent-Type: multipart/alternative;\r\n boundary=\"=_pilnveide_"))
        #expect(!sections[1].contains(outer))
        let attachment = sections[2]
        #expect(attachment.hasPrefix("""
            \r\nContent-Type: text/calendar; method=REQUEST; charset=UTF-8;\r\n name="ielugums.ics"\r\n\
            Content-Disposition: attachment;\r\n filename="ielugums.ics"\r\nContent-Transfer-Encoding: base64\r\n\r\n
            """))
        let base64 = attachment.components(separatedBy: "\r\n\r\n")[1]
        let lines = base64.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.dropLast().allSatisfy { $0.count == 76 } && lines.last!.count <= 76)
        #expect(Data(base64Encoded: lines.joined()) == Data(Self.ics.utf8))
        Self.expectFitForAnyRelay(message)
    }

    @Test func boundariesDifferBetweenMessagesAndNestedParts() throws {
        let first = try MIMEMessage(rendering: Self.invitation()).data
        let second = try MIMEMessage(rendering: Self.invitation()).data
        #expect(first != second)
        let text = String(decoding: first, as: UTF8.self)
        let boundaries = Set(text.components(separatedBy: "boundary=\"").dropFirst().map { $0.prefix(while: { $0 != "\"" }) })
        #expect(boundaries.count == 2)
    }

    @Test func aNonASCIIAttachmentNameUsesRFC2231() throws {
        var message = Self.invitation()
        message.attachments[0].filename = "ielūgums.ics"
        let text = try Self.render(message)
        #expect(text.contains("Content-Disposition: attachment;\r\n filename*=UTF-8''iel%C5%ABgums.ics\r\n"))
    }

    @Test func messagesThatCannotBeWrittenAreRefused() {
        var noRecipient = Self.invitation()
        noRecipient.to = []
        var badID = Self.invitation()
        badID.messageID = "<with-brackets@x.lv>"
        var injectedID = Self.invitation()
        injectedID.messageID = "a@b\r\nBcc: c@d.lv"
        var badType = Self.invitation()
        badType.attachments[0].contentType = "text/calendar\r\nX-Evil: 1"
        var badRecipient = Self.invitation()
        badRecipient.to = [MailAddress("ilze@bāriņtiesa.lv")]
        for message in [noRecipient, badID, injectedID, badType, badRecipient] {
            #expect(throws: MailFormatError.self) { try MIMEMessage(rendering: message) }
        }
    }

    /// Python's `email` package, with the policy mail programs' behaviour is modelled on, reads the message
    /// without a defect: the names and subject decoded, text, HTML and the calendar in their places.
    @Test func pythonsEmailPackageReadsTheMessageAsSent() async throws {
        let file = TestScratch.path("invitation.eml")
        try MIMEMessage(rendering: Self.invitation()).data.write(to: file)
        let read = try await MailTestTools.readWithPython(file)
        #expect(read.defects == [])
        #expect(read.fromName == "Pilnveide — Bērnu tiesību inspekcija")
        #expect(read.toNames == ["Ilze Ozoliņa", ""])
        #expect(read.to == ["ilze.ozolina@example.lv", "karlis@example.lv"])
        #expect(read.subject == Self.invitation().subject)
        #expect(read.date == "2027-01-15T08:00:00+00:00")
        #expect(read.contentType == "multipart/mixed")
        #expect(read.parts.map(\.contentType) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar"])
        // The CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1), so the text is exactly as given.
        #expect(read.parts[2].text?.replacingOccurrences(of: "\r\n", with: "\n") == Self.invitation().text)
        #expect(read.parts[3].text?.contains("ā č ē ģ ī ķ ļ ņ š ū ž") == true)
        #expect(read.parts[4].filename == "ielugums.ics" && read.parts[4].method == "REQUEST")
        #expect(read.parts[4].text?.replacingOccurrences(of: "\r\n", with: "\n") == Self.ics.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(read.longestLine <= 78 && read.bareLineFeeds == 0)
    }

    /// CRLF only, no line over 78 characters, nothing but printable ASCII: a 7-bit message any relay passes.
    static func expectFitForAnyRelay(_ message: String) {
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let lines = message.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.filter { $0.utf8.count > 78 })")
        #expect(message.unicodeScalars.allSatisfy { $0 == "\r" || $0 == "\n" || (0x20...0x7E).contains($0.value) })
        #expect(message.hasSuffix("\r\n"))
    }
}

/// A deterministic generator (SplitMix64), so a test can name the boundaries it will find.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
