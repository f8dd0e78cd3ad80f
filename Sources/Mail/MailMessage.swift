import Foundation

/// One e-mail, ready to send: who from and to, the subject, a plain-text body and an optional HTML one (sent as
/// `multipart/alternative`), attachments (a calendar invitation), and the `Message-ID` it keeps on every attempt,
/// so a resend after a crash is recognisably the same message.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var text: String
    public var html: String?
    public var attachments: [MailAttachment]
    /// Without angle brackets: `4f1c…@pilnveide.example.lv`.
    public var messageID: String
    public var date: Date

    public init(
        from: MailAddress, to: [MailAddress], subject: String, text: String, html: String? = nil, attachments: [MailAttachment] = [],
        messageID: String, date: Date
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
    }
}

/// An address with an optional display name (`Ilze Ozoliņa <ilze.ozolina@example.lv>`).
public struct MailAddress: Sendable, Equatable {
    public var address: String
    public var name: String?

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}

/// A file sent with a message, e.g. `text/calendar; method=REQUEST` for an `.ics`.
public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var data: Data

    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
