import ArgumentParser
import Core
import Directory
import Foundation

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage accounts: create or invite them, set passwords, give and take roles, disable and enable them, create the first administrator.",
        subcommands: [Create.self, Invite.self, SetPassword.self, Roles.self, Disable.self, Enable.self, CreateFirstAdmin.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account for a person already in the directory.",
            discussion: "Every account is also a participant. The password is asked for (or read from standard input)."
        )

        @Option(help: "The e-mail address to sign in with.") var email: String
        @Option(help: "The person's id in the directory.") var person: String
        @Option(
            name: .customLong("role"),
            help: "A role to grant; repeat for several (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))."
        )
        var roles: [String] = []

        func validate() throws {
            guard UUID(uuidString: person) != nil else { throw ValidationError("--person must be a person's id (a UUID)") }
            for role in roles where Role(rawValue: role) == nil {
                throw ValidationError("unknown role '\(role)'; one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let email = self.email
            let password = try await reportingFailures { try PasswordPrompt.read("Password for \(email): ", confirm: true) }
            let roles = Set(self.roles.compactMap(Role.init(rawValue:)))
            let personID = UUID(uuidString: person)!
            try await Environment.run { environment in
                let caller = try await environment.services.accounts.createAccount(
                    email: email, personID: personID, roles: roles, password: password, by: .commandLine
                )
                print("created account \(caller.accountID.lowercasedString) for \(caller.email) with roles \(caller.roles.sorted().map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account for a person in the directory and send them an invitation to choose a password.",
            discussion: "The invitation (a one-time link, valid 72 hours) goes to the outbox; the address is --email, else the person's own."
        )

        @Option(help: "The e-mail address to sign in with (default: the person's in the directory).") var email: String?
        @Option(help: "The person's id in the directory.") var person: String
        @Option(name: .customLong("role"), help: "A role to grant; repeat for several.") var roles: [String] = []

        func validate() throws {
            guard UUID(uuidString: person) != nil else { throw ValidationError("--person must be a person's id (a UUID)") }
            _ = try parsedRoles(roles)
        }

        func run() async throws {
            let (email, personID, roles) = (self.email, UUID(uuidString: person)!, try parsedRoles(self.roles))
            try await Environment.run { environment in
                let account = try await environment.services.accounts.invite(personID: personID, email: email, roles: roles, by: .commandLine)
                print("invited \(account.email) (account \(account.id.lowercasedString)) with roles \(account.roles.sorted().map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    struct Roles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set an account's roles: it holds exactly those given (and participant) afterwards."
        )

        @Option(help: "The account's e-mail address.") var email: String
        @Option(name: .customLong("role"), help: "A role the account is to hold; repeat for several, none for participant only.")
        var roles: [String] = []

        func validate() throws { _ = try parsedRoles(roles) }

        func run() async throws {
            let (email, roles) = (self.email, try parsedRoles(self.roles))
            try await Environment.run { environment in
                let accounts = environment.services.accounts
                let account = try await accounts.setRoles(accountID: try await accounts.accountID(email: email), roles: roles, by: .commandLine)
                print("\(account.email) now holds \(account.roles.sorted().map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: its tokens end at once and nothing signs in to it.")

        @Option(help: "The account's e-mail address.") var email: String
        @Option(help: "Why, for the audit trail.") var reason: String?

        func run() async throws {
            let (email, reason) = (self.email, self.reason)
            try await Environment.run { environment in
                let accounts = environment.services.accounts
                _ = try await accounts.disable(accountID: try await accounts.accountID(email: email), reason: reason, by: .commandLine)
                print("disabled \(email); its sign-ins have ended")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again, with the password it had.")

        @Option(help: "The account's e-mail address.") var email: String

        func run() async throws {
            let email = self.email
            try await Environment.run { environment in
                let accounts = environment.services.accounts
                _ = try await accounts.enable(accountID: try await accounts.accountID(email: email), by: .commandLine)
                print("enabled \(email)")
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Set an account's password and sign it out everywhere.",
            discussion: "The password is asked for (or read from standard input)."
        )

        @Option(help: "The account's e-mail address.") var email: String

        func run() async throws {
            let email = self.email
            let password = try await reportingFailures { try PasswordPrompt.read("New password for \(email): ", confirm: true) }
            try await Environment.run { environment in
                try await environment.services.accounts.setPassword(email: email, password: password, by: .commandLine)
                print("password set for \(email); its earlier sign-ins are revoked")
            }
        }
    }

    struct CreateFirstAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-first-admin",
            abstract: "Create the first inspectorate administrator, unless one exists.",
            discussion: """
                Generates a random password and writes it to --password-file (readable only by you), so it never
                appears in arguments, logs or the terminal scrollback. Does nothing when an inspectorate
                administrator exists already.
                """
        )

        @Option(help: "The administrator's e-mail address.") var email: String
        @Option(help: "Where to write the generated password.") var passwordFile: String
        @Option(help: "The inspectorate's name in the directory.")
        var inspectorate = "Valsts bērnu tiesību aizsardzības inspekcija"

        func run() async throws {
            let password = AccessToken.generate().value
            let (email, inspectorate, passwordFile) = (self.email, self.inspectorate, self.passwordFile)
            try await Environment.run { environment in
                let accounts = environment.services.accounts
                if try await accounts.hasInspectorateAdministrator() {
                    print("an inspectorate administrator exists already; nothing to do")
                    return
                }
                // The password is safe on disk before the account exists, so it can never be lost.
                let url = URL(fileURLWithPath: passwordFile)
                let previous = umask(0o077)
                defer { umask(previous) }
                try? FileManager.default.removeItem(at: url)
                try Data((password + "\n").utf8).write(to: url, options: .withoutOverwriting)
                let created = try await accounts.createFirstAdministrator(
                    email: email, password: password, inspectorateName: inspectorate, by: .commandLine
                )
                guard let created else {
                    try? FileManager.default.removeItem(at: url)
                    print("an inspectorate administrator exists already; nothing to do")
                    return
                }
                print("created the first inspectorate administrator \(created.email); the password is in \(passwordFile)")
            }
        }
    }
}

/// Roles named on the command line; participant may be named but every account is one anyway.
func parsedRoles(_ names: [String]) throws -> Set<Role> {
    Set(try names.map { name in
        guard let role = Role(rawValue: name) else {
            throw ValidationError("unknown role '\(name)'; one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    })
}
