import Foundation
import Testing

@testable import Mail

/// The SMTP client's rules that need no server: reading PILNVEIDE_SMTP_URL, what counts as this machine, when
/// to upgrade to TLS or refuse, which AUTH mechanism, reading replies, and the DATA encoding.
@Suite struct MailSMTPRulesTests {
    @Test func smtpURLsMeanSTARTTLSOnPort587AndSmtpsMeansTLSOn465() throws {
        let submission = try SMTPConfiguration(url: "smtp://pilnveide%40bti.gov.lv:p%C4%81r%3Aole%2F1@smtp.example.lv")
        #expect(submission.host == "smtp.example.lv" && submission.port == 587 && submission.security == .startTLS)
        #expect(submission.credentials == .init(user: "pilnveide@bti.gov.lv", password: "pār:ole/1"))
        #expect(!submission.allowsPlainText)
        #expect(submission.connectTimeout == .seconds(30) && submission.replyTimeout == .seconds(60))

        let tls = try SMTPConfiguration(url: "SMTPS://mail.example.lv")
        #expect(tls.port == 465 && tls.security == .implicitTLS && tls.credentials == nil && !tls.allowsPlainText)

        let custom = try SMTPConfiguration(url: "smtp://u:p@[::1]:2525/", trustedCertificatesFile: "/etc/pilnveide/ca.pem")
        #expect(custom.host == "::1" && custom.port == 2525 && custom.allowsPlainText)
        #expect(custom.trustedCertificatesFile == "/etc/pilnveide/ca.pem")
        #expect(try SMTPConfiguration(url: "smtp://127.0.0.1:25").allowsPlainText)
        #expect(try !SMTPConfiguration(url: "smtps://127.0.0.1").allowsPlainText)
    }

    @Test func anythingElseIsAClearErrorThatNeverShowsThePassword() {
        let cases = [
            "": "is not a URL", "smtp.example.lv:587": "scheme", "http://smtp.example.lv": "scheme \"http\"",
            "smtp://": "no host", "smtp://host:70000": "port", "smtp://host/inbox": "path", "smtp://host?tls=no": "query",
            "smtp://:secret@host": "user or password",
        ]
        for (url, expected) in cases {
            do {
                _ = try SMTPConfiguration(url: url)
                Issue.record("\(url) was accepted")
            } catch {
                #expect("\(error)".contains(expected), "\(url): \(error)")
                #expect(!"\(error)".contains("secret"))
            }
        }
        let credentials = SMTPConfiguration.Credentials(user: "pilnveide", password: "secret")
        #expect(!"\(credentials)".contains("secret") && !String(reflecting: credentials).contains("secret"))
    }

    @Test func loopbackIsLocalhost127Slash8AndIPv6One() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1"] { #expect(SMTPConfiguration.isLoopback(host), "\(host)") }
        for host in ["10.0.0.1", "128.0.0.1", "localhost.example.lv", "127.0.0.1.example.lv", "127.0.0", "::2", "smtp.example.lv"] {
            #expect(!SMTPConfiguration.isLoopback(host), "\(host)")
        }
    }

    @Test func startTLSWheneverOfferedPlainTextOnlyOnLoopbackWithoutIt() throws {
        #expect(try SMTPSecurityPolicy.afterEHLO(offersStartTLS: true, allowsPlainText: false) == .startTLS)
        #expect(try SMTPSecurityPolicy.afterEHLO(offersStartTLS: true, allowsPlainText: true) == .startTLS)
        #expect(try SMTPSecurityPolicy.afterEHLO(offersStartTLS: false, allowsPlainText: true) == .continueInPlainText)
        #expect(throws: SMTPRefusal.self) { try SMTPSecurityPolicy.afterEHLO(offersStartTLS: false, allowsPlainText: false) }
    }

    @Test func authenticationIsPlainThenLoginAndNeverInPlainText() throws {
        #expect(try SMTPSecurityPolicy.authentication(offered: ["LOGIN", "PLAIN"], isEncrypted: true) == .plain)
        #expect(try SMTPSecurityPolicy.authentication(offered: ["LOGIN"], isEncrypted: true) == .login)
        #expect(throws: SMTPRefusal.self) { try SMTPSecurityPolicy.authentication(offered: ["PLAIN"], isEncrypted: false) }
        #expect(throws: SMTPRefusal.self) { try SMTPSecurityPolicy.authentication(offered: ["CRAM-MD5", "XOAUTH2"], isEncrypted: true) }
        #expect(throws: SMTPRefusal.self) { try SMTPSecurityPolicy.authentication(offered: [], isEncrypted: true) }
    }

    @Test func repliesAreGatheredOverContinuationLines() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.add("250-smtp.example.lv Hello") == nil)
        #expect(try parser.add("250-STARTTLS") == nil)
        #expect(try parser.add("250-AUTH PLAIN login") == nil)
        let reply = try #require(try parser.add("250 8BITMIME"))
        #expect(reply.code == 250 && reply.lines == ["smtp.example.lv Hello", "STARTTLS", "AUTH PLAIN login", "8BITMIME"])
        #expect(reply.extensions["STARTTLS"] == [] && reply.extensions["AUTH"] == ["PLAIN", "LOGIN"] && reply.extensions["SIZE"] == nil)
        #expect(reply.description == "250 smtp.example.lv Hello / 250 STARTTLS / 250 AUTH PLAIN login / 250 8BITMIME")
        // The parser starts afresh after a reply; a bare code is a whole reply.
        #expect(try parser.add("354") == SMTPReply(code: 354, lines: [""]))
    }

    @Test func anythingButAReplyIsAProtocolError() {
        for line in ["", "25", "hello", "250_ok", "2500 ok", "099 low", "600 high", "abc def"] {
            var parser = SMTPReplyParser()
            #expect(throws: SMTPProtocolError.self, "\(line)") { try parser.add(line) }
        }
        var parser = SMTPReplyParser()
        #expect(throws: SMTPProtocolError.self) {
            _ = try parser.add("250-first")
            _ = try parser.add("251 second")
        }
    }

    @Test func dataDoublesLeadingDotsEndsWithADotLineAndMakesEveryBreakCRLF() {
        func encoded(_ text: String) -> String { String(decoding: SMTPData.encode(Array(text.utf8)), as: UTF8.self) }
        #expect(encoded("Subject: x\r\n\r\n.hidden\r\n..two\r\nmid.dle\r\n.\r\n") == "Subject: x\r\n\r\n..hidden\r\n...two\r\nmid.dle\r\n..\r\n.\r\n")
        #expect(encoded(".first") == "..first\r\n.\r\n")
        // A bare LF or CR is a line break too, so "\n.\n" cannot end the data early on a lenient server.
        #expect(encoded("a\n.\nb\rc") == "a\r\n..\r\nb\r\nc\r\n.\r\n")
        #expect(encoded("") == ".\r\n")
    }
}
