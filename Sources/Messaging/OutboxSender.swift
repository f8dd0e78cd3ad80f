import Core
import Database
import Directory
import Foundation
import Logging
import Mail

/// Delivers the outbox by e-mail: claims the messages that are due (a lease, so two servers never send one at
/// once), finds each recipient's address, sends through the transport, and settles each — sent; tried again later
/// after a temporary failure, backing off; or failed with the reason when it can never be delivered. Nothing is
/// dropped silently: a failed message stays in the outbox with the server's reply.
public struct OutboxSender: Sendable {
    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var retried = 0
        public var failed = 0

        public init() {}
    }

    let database: Database
    let outbox: OutboxStore
    let directory: DirectoryService
    let transport: any MailTransport
    let from: MailAddress
    let messageIDDomain: String
    let retries: RetrySchedule
    /// How long a claim holds a message: longer than one send can take with its time-outs.
    let lease: Duration

    public init(
        database: Database, directory: DirectoryService, transport: any MailTransport, from: MailAddress, messageIDDomain: String,
        retries: RetrySchedule = .standard, lease: Duration = .seconds(600)
    ) {
        self.database = database
        outbox = OutboxStore(logger: database.logger)
        self.directory = directory
        self.transport = transport
        self.from = from
        self.messageIDDomain = messageIDDomain
        self.retries = retries
        self.lease = lease
    }

    /// Sends everything due now, `batch` claimed at a time, until nothing is due.
    public func deliverDue(batch: Int = 50) async throws -> Report {
        var report = Report()
        while true {
            let claimed = try await database.withConnection { connection in
                try await outbox.claimDue(limit: batch, lease: lease, messageIDDomain: messageIDDomain, on: connection)
            }
            guard !claimed.isEmpty else { break }
            let recipients = try await recipients(of: claimed)
            for message in claimed {
                // The batch's lease may run out while earlier messages are slow to send: each is held afresh just
                // before it goes, and left alone if another sender has claimed it meanwhile.
                guard try await database.withConnection({ try await outbox.renewClaim(message, lease: lease, on: $0) }) else { continue }
                switch await deliver(message, to: recipients[message.id]) {
                case .sent: report.sent += 1
                case .retried: report.retried += 1
                case .failed: report.failed += 1
                }
            }
            if claimed.count < batch { break }
        }
        return report
    }

    enum Outcome { case sent, retried, failed }

    func deliver(_ message: ClaimedMessage, to recipient: MailAddress?) async -> Outcome {
        let outcome: (Outcome, String?, Duration?)
        if let recipient {
            do throws(MailDeliveryError) {
                try await transport.send(mail(message, to: recipient))
                outcome = (.sent, nil, nil)
            } catch {
                switch error {
                case .temporary(let reply):
                    if let wait = retries.wait(after: message.attempt) {
                        outcome = (.retried, reply, wait)
                    } else {
                        outcome = (.failed, "gave up after \(message.attempt) attempts; the last reply: \(reply)", nil)
                    }
                case .permanent(let reply):
                    outcome = (.failed, reply, nil)
                }
            }
        } else {
            outcome = (.failed, "no e-mail address: \(message.personID.map { "person \($0.lowercasedString) has none in the directory" } ?? "the message names nobody")", nil)
        }
        do {
            try await database.withConnection { connection in
                switch outcome {
                case (.sent, _, _): try await outbox.settleSent(message, on: connection)
                case (.retried, let reply, let wait): try await outbox.settleRetry(message, after: wait!, reply: reply!, on: connection)
                case (.failed, let reply, _): try await outbox.settleFailed(message, reply: reply!, on: connection)
                }
            }
        } catch {
            // The lease runs out and the message is claimed again, with the same Message-ID.
            database.logger.error("outbox message \(message.id) was \(outcome.0) but could not be settled: \(String(reflecting: error))")
        }
        return outcome.0
    }

    func mail(_ message: ClaimedMessage, to recipient: MailAddress) -> MailMessage {
        MailMessage(
            from: from, to: [recipient], subject: message.subject, text: message.body, html: message.html,
            attachments: message.calendar.map { [MailAttachment(filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST",
                                                                data: Data($0.utf8))] } ?? [],
            messageID: message.messageID, date: Date()
        )
    }

    /// Each message's address: its own `recipient`, else its person's directory address (named as in the directory).
    func recipients(of messages: [ClaimedMessage]) async throws -> [Int64: MailAddress] {
        let ids = Array(Set(messages.filter { $0.recipient == nil }.compactMap(\.personID)))
        let people = ids.isEmpty ? [] : try await database.withConnection { connection in try await directory.findPeople(ids: ids, on: connection) }
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
        var result: [Int64: MailAddress] = [:]
        for message in messages {
            if let recipient = message.recipient {
                result[message.id] = MailAddress(recipient)
            } else if let person = message.personID.flatMap({ byID[$0] }), let email = person.email {
                result[message.id] = MailAddress(email, name: "\(person.givenName) \(person.familyName)")
            }
        }
        return result
    }
}
