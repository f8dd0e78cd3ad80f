import Foundation

/// A `MailMessage` written as RFC 5322 / MIME bytes, every line ending in CRLF and none longer than 78 characters
/// (bar an address too long to fold): headers with RFC 2047 encoded-words, the text (and HTML, as
/// `multipart/alternative`) quoted-printable in UTF-8, attachments in base64 inside `multipart/mixed`.
public struct MIMEMessage: Sendable {
    /// The whole message, headers and body.
    public let data: Data

    public init(rendering message: MailMessage) throws(MailFormatError) {
        var boundaries = SystemRandomNumberGenerator()
        try self.init(rendering: message, using: &boundaries)
    }

    /// The bytes of `message` for a transport to send: one that cannot be written fails for good, as every
    /// later attempt would.
    static func deliverable(_ message: MailMessage) throws(MailDeliveryError) -> Data {
        do {
            return try MIMEMessage(rendering: message).data
        } catch {
            throw MailDeliveryError.permanent(reply: "the message cannot be written: \(error)")
        }
    }

    /// With the boundaries drawn from `generator`, for tests that compare whole messages.
    init(rendering message: MailMessage, using generator: inout some RandomNumberGenerator) throws(MailFormatError) {
        guard !message.to.isEmpty else { throw MailFormatError("a message needs at least one recipient") }
        try MailAddress.validate(message.from.address)
        for recipient in message.to { try MailAddress.validate(recipient.address) }
        try Self.checkMessageID(message.messageID)
        for attachment in message.attachments { try Self.check(attachment) }

        var headers = [
            HeaderText.fold(name: "From", words: Self.words(for: [message.from])),
            HeaderText.fold(name: "To", words: Self.words(for: message.to)),
            HeaderText.fold(name: "Subject", words: HeaderText.unstructured(message.subject)),
            "Date: " + MailDate.format(message.date),
            "Message-ID: <\(message.messageID)>",
            "MIME-Version: 1.0",
        ]
        let body = Self.body(of: message, using: &generator)
        headers += body.headers
        let text = headers.joined(separator: "\r\n") + "\r\n\r\n" + body.content
        data = Data(text.utf8)
    }

    /// A MIME entity: its own headers and its content, CRLF throughout, the content ending in CRLF.
    struct Part {
        var headers: [String]
        var content: String

        var rendered: String { headers.joined(separator: "\r\n") + "\r\n\r\n" + content }
    }

    static func body(of message: MailMessage, using generator: inout some RandomNumberGenerator) -> Part {
        var main = textPart(message.text, subtype: "plain")
        if let html = message.html {
            main = multipart("alternative", [main, textPart(html, subtype: "html")], using: &generator)
        }
        guard !message.attachments.isEmpty else { return main }
        return multipart("mixed", [main] + message.attachments.map(attachmentPart), using: &generator)
    }

    static func textPart(_ text: String, subtype: String) -> Part {
        Part(
            headers: ["Content-Type: text/\(subtype); charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"],
            content: QuotedPrintable.encode(text) + "\r\n"
        )
    }

    static func attachmentPart(_ attachment: MailAttachment) -> Part {
        let base64 = attachment.data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Part(
            headers: [
                "Content-Type: \(attachment.contentType);\r\n " + parameter("name", attachment.filename),
                "Content-Disposition: attachment;\r\n " + parameter("filename", attachment.filename),
                "Content-Transfer-Encoding: base64",
            ],
            content: base64 + "\r\n"
        )
    }

    /// A boundary starting `=_`, which neither quoted-printable (where `=` is always followed by two hex digits or
    /// a line break) nor base64 can produce, so it cannot occur in any part; the random rest keeps nested
    /// boundaries apart.
    static func multipart(_ subtype: String, _ parts: [Part], using generator: inout some RandomNumberGenerator) -> Part {
        let random = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: ".")
        let boundary = "=_pilnveide_" + random
        var content = ""
        for part in parts { content += "--\(boundary)\r\n" + part.rendered }
        content += "--\(boundary)--\r\n"
        return Part(headers: ["Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\""], content: content)
    }

    /// The addresses of a `From:` or `To:` header as foldable words, a comma after each but the last.
    static func words(for addresses: [MailAddress]) -> [String] {
        var words: [String] = []
        for (index, address) in addresses.enumerated() {
            var entry = address.name.map(HeaderText.phrase) ?? []
            let angle = address.name == nil ? address.address : "<\(address.address)>"
            entry.append(index == addresses.count - 1 ? angle : angle + ",")
            words += entry
        }
        return words
    }

    /// A file name as a MIME parameter: quoted when plain ASCII, otherwise in RFC 2231's form
    /// (`filename*=UTF-8''iel%C5%AB...`).
    static func parameter(_ name: String, _ filename: String) -> String {
        if HeaderText.isPlain(filename), !filename.contains("\""), !filename.contains("\\") { return "\(name)=\"\(filename)\"" }
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        let encoded = filename.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : "%" + QuotedPrintable.hex($0).dropFirst() }
        return "\(name)*=UTF-8''" + encoded.joined()
    }

    static func checkMessageID(_ id: String) throws(MailFormatError) {
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed.contains) }), id.count <= 200 else {
            throw MailFormatError("Message-ID \"\(id)\" is not of the form left@right in plain ASCII (without angle brackets)")
        }
    }

    static func check(_ attachment: MailAttachment) throws(MailFormatError) {
        let type = attachment.contentType
        guard type.contains("/"), type.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }), type.count <= 200 else {
            throw MailFormatError("attachment \"\(attachment.filename)\": content type \"\(type)\" is not a plain MIME type")
        }
        guard !attachment.filename.isEmpty, !attachment.filename.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw MailFormatError("attachment file name \"\(attachment.filename)\" is empty or has control characters")
        }
    }
}
