import ArgumentParser
import Certificates
import Core
import Foundation

/// Certificates from the command line, as the inspectorate issues them: one, a list, or those issued before the platform.
struct CertificatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates",
        abstract: "Issue, import, show, suspend, reinstate and revoke certificates.",
        discussion: """
            Issuing signs with the published key that signs now, its secret read from PILNVEIDE_KEYS_DIR (see `pilnveide keys`), \
            as the issuer identity the database recorded with its first certificate: with PILNVEIDE_PUBLIC_URL giving \
            another (or, unset, http://127.0.0.1:8080), issuing is refused.
            """,
        subcommands: [Issue.self, IssueAll.self, Import.self, Show.self, Change.self]
    )

    static func line(_ certificate: Certificate) -> String {
        "\(certificate.number)\t\(certificate.holderName)\t\(certificate.schemeCode)@\(certificate.schemeVersion)\t"
            + "\(certificate.validFrom)–\(certificate.validUntil?.description ?? "")\t\(certificate.state(on: .today()).rawValue)"
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a certificate to one person, when their status says the scheme is met.")

        @Option(help: "The person's id.") var person: String
        @Option(help: "The certification scheme's code.") var scheme: String
        @Option(help: "Issue although the status does not say the requirements are met; kept on the certificate.") var overrideReason: String?

        func run() async throws {
            guard let id = UUID(uuidString: person) else { throw ValidationError("--person must be a person's id (a UUID)") }
            try await Environment.run { environment in
                let issued = try await environment.services.certificates.issue(
                    .init(personID: id, schemeCode: scheme, overrideReason: overrideReason), by: .commandLine).certificate
                print(CertificatesCommand.line(issued))
            }
        }
    }

    struct IssueAll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue-all",
            abstract: "Issue to everyone a CSV file names (personal_code or email), all or nothing.",
            discussion: "Every row whose person cannot have a certificate is reported as FILE:LINE: reason, and then nothing is issued."
        )

        @Option(help: "The certification scheme's code.") var scheme: String
        @Option(help: "Issue also to those whose status does not say the requirements are met; kept on each certificate.") var overrideReason: String?
        @Argument(help: "The CSV file: a header row with personal_code and/or email, one person per row.") var file: String

        func run() async throws {
            let (file, text) = try await readImportFile(file)
            try await Environment.run { environment in
                let issued = try await withFileName(file) {
                    try await environment.services.certificates.issueAll(scheme: scheme, csv: text, overrideReason: overrideReason, by: .commandLine)
                }
                for certificate in issued { print(CertificatesCommand.line(certificate)) }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import certificates issued before the platform existed, from a CSV file, all or nothing.",
            discussion: """
                Columns: number, scheme, valid_from (YYYY-MM-DD), and personal_code or email (the holder); optionally
                scheme_version (else the one in force on valid_from), valid_until, issued_on (else valid_from),
                academic_hours, state (active, suspended or revoked) and state_reason (required unless active). Every
                bad row is reported as FILE:LINE: message, and then nothing is imported. Imported certificates keep
                their numbers and have no signed credential; they are verified, suspended and revoked like others.
                """
        )

        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let (file, text) = try await readImportFile(file)
            try await Environment.run { environment in
                let summary = try await withFileName(file) {
                    try await environment.services.certificates.importIssued(csv: text, by: .commandLine)
                }
                print("certificates: \(summary.created) imported")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One certificate, with what it rests on.")

        @Argument(help: "The certificate's number.") var number: String

        func run() async throws {
            try await Environment.run { environment in
                let certificate = try await environment.services.certificates.certificate(number, by: .commandLine)
                print(CertificatesCommand.line(certificate))
                for basis in certificate.basis {
                    print("\t\(basis.title)\t\(basis.courseCode ?? "elsewhere")\t\(basis.academicHours)\t\(basis.completedOn)")
                }
                print("verify: \(environment.services.issuer.verificationURL(code: certificate.verificationCode))")
            }
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Suspend (reversible), reinstate or revoke (final) a certificate, with a reason."
        )

        @Argument(help: "suspend, reinstate or revoke.") var action: String
        @Argument(help: "The certificate's number.") var number: String
        @Option(help: """
            To suspend or revoke: for_cause (the certification itself is withdrawn: the holder's status follows) or             issued_in_error (the certificate was wrong: the status stands, a replacement needs no override).
            """) var kind: String?
        @Option(help: "Why; kept with the certificate and in the audit trail.") var reason: String

        func validate() throws {
            guard CertificateService.StateChange(rawValue: action) != nil else { throw ValidationError("the action must be suspend, reinstate or revoke") }
            if let kind, Certificate.Withdrawal(rawValue: kind) == nil { throw ValidationError("--kind must be for_cause or issued_in_error") }
        }

        func run() async throws {
            try await Environment.run { environment in
                let changed = try await environment.services.certificates.change(
                    number, CertificateService.StateChange(rawValue: action)!, kind: kind.flatMap(Certificate.Withdrawal.init(rawValue:)),
                    reason: reason, by: .commandLine)
                print(CertificatesCommand.line(changed))
            }
        }
    }
}
