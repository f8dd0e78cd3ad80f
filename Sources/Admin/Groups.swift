import ArgumentParser
import Core
import Directory
import Foundation
import Messaging
import Scheduling
import Training

struct Groups: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Plan and list groups; warn about groups below their minimum.",
        subcommands: [Plan.self, List.self, Close.self, CheckMinimums.self, ReleaseFeedback.self]
    )

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the groups and sessions of a schedule file, all or nothing.",
            discussion: "The format is in README.md (Schedules). Every problem is printed as FILE:LINE: message; then nothing is created."
        )

        @Argument(help: "The schedule file (YAML).") var file: String

        func run() async throws {
            let plan = try await reportingFailures {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw PromptError("cannot read \(file) as UTF-8 text")
                }
                return try SchedulePlan.parse(text, file: file)
            }
            try await Environment.run { environment in
                let (groups, sessions) = try await environment.services.schedulePlans.apply(plan, by: .commandLine)
                print("schedule: \(groups) groups with \(sessions) sessions created")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups, earliest first.")

        @Option(help: "A course code.") var course: String?
        @Option(help: "kurzeme, latgale, riga, vidzeme or zemgale.") var region: String?
        @Option(help: "planned, open, confirmed, in_progress, completed or cancelled.") var status: String?
        @Option(help: "Groups with a session on or after this day (YYYY-MM-DD, Riga).") var from: String?
        @Option(help: "Groups with a session before this day (YYYY-MM-DD, Riga).") var to: String?

        func validate() throws {
            if let region, PlanningRegion(lenient: region) == nil { throw ValidationError("unknown region '\(region)'") }
            if let status, GroupStatus(rawValue: status) == nil { throw ValidationError("unknown status '\(status)'") }
            for day in [from, to].compactMap({ $0 }) where CalendarDate(iso8601: day) == nil {
                throw ValidationError("'\(day)' is not a day written YYYY-MM-DD")
            }
        }

        func run() async throws {
            let filter = GroupFilter(
                courseCode: course, region: region.flatMap(PlanningRegion.init(lenient:)),
                status: status.flatMap(GroupStatus.init(rawValue:)),
                from: try from.map { try RigaTime.instant(from: "\($0)T00:00") },
                to: try to.map { try RigaTime.instant(from: "\($0)T00:00") }
            )
            try await Environment.run { environment in
                let page = try await environment.services.groups.groups(filter, page: try PageRequest(limit: 200))
                for group in page.items {
                    let first = group.firstSessionStartsAt.map(RigaTime.localText) ?? "no sessions"
                    print([group.code, "\(group.courseCode)@\(group.courseVersion)", group.region?.rawValue ?? "-", group.status.rawValue,
                           first, "\(group.booked)/\(group.capacity) booked", "\(group.waitlisted) waiting", group.pilot ? "pilot" : ""]
                        .joined(separator: "\t"))
                }
                print("\(page.items.count) of \(page.total) groups")
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a group: each participant's outcome becomes their training record.",
            discussion: """
                Shows each participant's outcome (completed or not, with the reasons) and closes the group only with
                --confirm. Closing is one transaction; a closed group cannot be closed again.
                """
        )

        @Argument(help: "The group's code.") var code: String
        @Flag(help: "Close it; without this, only show what closing would record.") var confirm = false
        @Flag(help: "Close even though participants are not marked at every session or lack an assessment result.")
        var allowIncomplete = false

        func run() async throws {
            try await Environment.run { environment in
                let services = environment.services
                let group = try await services.groups.group(code: code)
                let closing = confirm
                    ? try await services.closings.close(group.id, allowIncomplete: allowIncomplete, by: .commandLine).closing
                    : try await services.closings.preview(group.id, by: .commandLine)
                for outcome in closing.outcomes {
                    print([outcome.personID.lowercasedString, outcome.outcome.rawValue, "\(outcome.credited) of \(closing.courseHours) h",
                           outcome.reasons.joined(separator: "; ")].joined(separator: "\t"))
                }
                for missing in closing.incomplete { print("incomplete: \(missing)") }
                let completed = closing.outcomes.filter { $0.outcome == .completed }.count
                print(closing.closed
                    ? "\(closing.groupCode): closed, \(completed) of \(closing.outcomes.count) completed"
                    : "\(closing.groupCode): not closed (preview), \(completed) of \(closing.outcomes.count) would complete; add --confirm to close")
            }
        }
    }

    struct ReleaseFeedback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release-feedback",
            abstract: "Move the questionnaire answers of groups whose questionnaire has closed out of the inbox, shuffled.",
            discussion: "Meant to run daily (e.g. from cron). Results are shown once a questionnaire closes whether or not this has run; it only stores the answers so that nothing ties them to when they came."
        )

        func run() async throws {
            try await Environment.run { environment in
                let released = try await environment.services.feedback.releaseClosed()
                print("feedback: answers of \(released) closed group(s) released")
            }
        }
    }

    struct CheckMinimums: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-minimums",
            abstract: "Warn, in the outbox, about open groups below their minimum soon before they start.",
            discussion: "Meant to run daily (e.g. from cron). Each group is warned once."
        )

        @Option(help: "How many days before the first session to warn.") var days = 14

        func run() async throws {
            let days = self.days
            try await Environment.run { environment in
                let added = try await environment.services.outbox.warnGroupsBelowMinimum(daysBefore: days)
                print("\(added) new warnings in the outbox")
            }
        }
    }
}

struct Outbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "The notifications waiting to be sent: send them, list them, export them for another sender, mark them delivered.",
        subcommands: [Send.self, List.self, Export.self, MarkSent.self]
    )

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the notifications due now, once (the server does this by itself every few seconds).",
            discussion: """
                For those who run no server, or set PILNVEIDE_MAIL_DELIVERY=off: e.g. from cron. Through PILNVEIDE_SMTP_URL \
                (with PILNVEIDE_MAIL_FROM), or without it as .eml files in .local/mail/. A message refused for good stays \
                in the outbox as failed, with the server's reply (pilnveide outbox list --all).
                """
        )

        func run() async throws {
            try await Environment.run { environment in
                let mail = try environment.settings.mailSettings()
                let sender = OutboxSender(database: environment.database, directory: environment.services.directory, transport: mail.transport,
                                          from: mail.from, messageIDDomain: mail.messageIDDomain)
                let report = try await sender.deliverDue()
                print("outbox: \(report.sent) sent, \(report.retried) to retry later, \(report.failed) failed"
                      + (mail.folder.map { " (written to \($0.path))" } ?? ""))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List notifications (unsent ones unless --all).")

        @Flag(help: "Include notifications already sent.") var all = false

        func run() async throws {
            let all = self.all
            try await Environment.run { environment in
                let messages = try await environment.services.outbox.outbox(unsentOnly: !all)
                for message in messages {
                    let state = message.sentAt.map { "sent \(RigaTime.localText($0))" }
                        ?? message.failedAt.map { "FAILED \(RigaTime.localText($0)) after \(message.attempts) attempt(s): \(message.lastReply ?? "")" }
                        ?? (message.attempts == 0 ? "waiting" : "waiting, \(message.attempts) attempt(s) so far: \(message.lastReply ?? "")")
                    print("#\(message.id)\t\(RigaTime.localText(message.createdAt))\t\(message.kind)\t\(state)\t\(message.subject)\n\t\(message.body)")
                }
                print("\(messages.count) notifications")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print notifications as JSON (unsent ones unless --all), for a mail or SMS sender.")

        @Flag(help: "Include notifications already sent.") var all = false

        func run() async throws {
            let all = self.all
            try await Environment.run { environment in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                let messages = try await environment.services.outbox.outbox(unsentOnly: !all)
                print(String(decoding: try encoder.encode(messages), as: UTF8.self))
            }
        }
    }

    struct MarkSent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "mark-sent", abstract: "Mark notifications delivered, by id.")

        @Argument(help: "The notifications' ids.") var ids: [Int64]

        func run() async throws {
            let ids = self.ids
            try await Environment.run { environment in
                let marked = try await environment.services.outbox.markSent(ids)
                let unknown = Set(ids).subtracting(marked)
                print("\(marked.count) marked sent" + (unknown.isEmpty ? "" : "; not waiting: \(unknown.sorted().map(String.init).joined(separator: ", "))"))
            }
        }
    }
}
