import Foundation
import Testing
import TestSupport

@testable import Mail

/// The embedded default: without PILNVEIDE_SMTP_URL every message becomes an .eml file; with it, an SMTP
/// transport; anything wrong in the settings is an error, never a quiet fall-back.
@Suite struct MailDropTransportTests {
    @Test func eachMessageBecomesAPrivateEmlFileNamedByDateAndMessageID() async throws {
        let folder = TestScratch.path("mail")
        let transport = MailDropTransport(directory: folder)
        var message = MailMIMEMessageTests.invitation()
        message.messageID = "0190f1c2/7d1e+x@pilnveide.example.lv"
        try await transport.send(message)

        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files == ["20270115T080000Z-0190f1c2_7d1e_x_pilnveide.example.lv.eml"])
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let file = folder.appendingPathComponent(files[0])
        let read = try await MailTestTools.readWithPython(file)
        #expect(read.subject == message.subject && read.messageID == "<\(message.messageID)>" && read.defects == [])

        // A second attempt at the same message replaces its file; another message gets its own.
        try await transport.send(message)
        message.messageID = "second@pilnveide.example.lv"
        try await transport.send(message)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
            "20270115T080000Z-0190f1c2_7d1e_x_pilnveide.example.lv.eml", "20270115T080000Z-second_pilnveide.example.lv.eml",
        ])
    }

    @Test func aFolderThatCannotBeWrittenIsATemporaryFailure() async throws {
        let blocker = TestScratch.path("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let transport = MailDropTransport(directory: blocker.appendingPathComponent("mail"))
        let failure = await MailTestTools.failure { try await transport.send(MailMIMEMessageTests.invitation()) }
        guard case .temporary(let reply)? = failure else { Issue.record("not a temporary failure: \(String(describing: failure))"); return }
        #expect(reply.hasPrefix("cannot write the message to"), "\(reply)")
    }

    @Test func withoutAnSMTPURLMessagesGoToTheFolder() throws {
        let folder = TestScratch.path("mail")
        let transport = try MailTransports.fromEnvironment([:], defaultDirectory: folder)
        #expect((transport as? MailDropTransport)?.directory == folder)
        #expect(try MailTransports.fromEnvironment(["PILNVEIDE_SMTP_URL": ""], defaultDirectory: folder) is MailDropTransport)
    }

    @Test func anSMTPURLMakesAnSMTPTransport() throws {
        let transport = try MailTransports.fromEnvironment(["PILNVEIDE_SMTP_URL": "smtps://u:p%40ss@mail.example.lv"], defaultDirectory: TestScratch.path("mail"))
        let smtp = try #require(transport as? SMTPTransport)
        #expect(smtp.configuration.host == "mail.example.lv" && smtp.configuration.port == 465 && smtp.configuration.security == .implicitTLS)
        #expect(smtp.configuration.credentials?.password == "p@ss")
    }

    @Test func wrongSettingsAreErrorsNotAFallBack() async throws {
        let folder = TestScratch.path("mail")
        #expect(throws: MailConfigurationError.self) { try MailTransports.fromEnvironment(["PILNVEIDE_SMTP_URL": "http://x"], defaultDirectory: folder) }
        #expect(throws: MailConfigurationError.self) {
            try MailTransports.fromEnvironment(["PILNVEIDE_SMTP_CA_FILE": "/tmp/ca.pem"], defaultDirectory: folder)
        }
        let missing = TestScratch.path("missing-ca.pem").path
        #expect(throws: MailConfigurationError.self) {
            try MailTransports.fromEnvironment(["PILNVEIDE_SMTP_URL": "smtp://mail.example.lv", "PILNVEIDE_SMTP_CA_FILE": missing], defaultDirectory: folder)
        }
        let certificate = try await MailTestTools.selfSignedCertificate()
        let transport = try MailTransports.fromEnvironment(
            ["PILNVEIDE_SMTP_URL": "smtp://mail.example.lv", "PILNVEIDE_SMTP_CA_FILE": certificate.certificate.path], defaultDirectory: folder
        )
        #expect((transport as? SMTPTransport)?.configuration.trustedCertificatesFile == certificate.certificate.path)
    }

    @Test func theSenderComesFromPILNVEIDE_MAIL_FROM() throws {
        #expect(try MailTransports.sender(from: ["PILNVEIDE_MAIL_FROM": "Pilnveide <pilnveide@bti.gov.lv>"]) == MailAddress("pilnveide@bti.gov.lv", name: "Pilnveide"))
        #expect(throws: MailConfigurationError.self) { try MailTransports.sender(from: [:]) }
        #expect(throws: MailConfigurationError.self) { try MailTransports.sender(from: ["PILNVEIDE_MAIL_FROM": "Pilnveide"]) }
    }
}
