import App
import Certificates
import Core
import Foundation
import HTTPTypes
import Pages
import Platform
import Testing
import TestSupport

/// The QR code read back by an independent decoder (Debian's zbar-tools), and the public pages over HTTP:
/// bilingual, no scripts, nothing personal, a printable A4 certificate carrying the QR code of its link.
@Suite(.freshDatabase) struct CertificatePagesTests {
    /// Decodes a QR code with `zbarimg` from a plain bitmap drawn from its modules (6 pixels each, quiet zone kept).
    func decodeIndependently(_ code: QRCode) throws -> String {
        let scale = 6, size = (code.width + 8) * scale
        var bitmap = "P1\n\(size) \(size)\n"
        for y in 0..<size {
            let row = (0..<size).map { x -> String in
                let (column, line) = (x / scale - 4, y / scale - 4)
                let dark = (0..<code.width).contains(column) && (0..<code.width).contains(line) && code.isDark(row: line, column: column)
                return dark ? "1" : "0"
            }
            bitmap += row.joined(separator: " ") + "\n"
        }
        let file = TestScratch.folder.appendingPathComponent("qr-\(UUID().uuidString).pbm")
        try bitmap.write(to: file, atomically: false, encoding: .ascii)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        process.arguments = ["--raw", "-q", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "zbarimg found no QR code")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    @Test func theQRCodeReadsBackAsTheVerificationLink() throws {
        let link = "https://pilnveide.example.lv/verify/7QhZt3kPwX"
        let code = try QRCode(link)
        #expect(try decodeIndependently(code) == link)
        // The finder pattern's corner, as the standard draws it, and an SVG of the same modules.
        #expect(code.isDark(row: 0, column: 0) && code.isDark(row: 6, column: 6) && !code.isDark(row: 1, column: 1))
        #expect(code.svg(label: link).hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(code.width + 8) \(code.width + 8)\""))
        #expect(try decodeIndependently(try QRCode("Bērnu aizsardzības centrs — ĀČĒ")) == "Bērnu aizsardzības centrs — ĀČĒ")
    }

    @Test func theVerificationAndPrintablePagesShowWhatAnyoneMaySee() async throws {
        let keys = try await CertificateFixture.keyFolder()
        try await withAPI(configure: { $0.keysDirectory = keys; $0.issuer = IssuerProfile(publicURL: "https://pilnveide.example.lv") }) { api, directory in
            let services = try await Services(database: try FreshDatabase.current.database, issuing: .init(
                profile: IssuerProfile(publicURL: "https://pilnveide.example.lv"), keys: try IssuerKeys.load(from: keys)))
            let code = "PAGE-\(UUID().uuidString.prefix(6))"
            _ = try await services.schemes.importSchemes(try CertificationServiceTests().scheme(code: code), by: .operator_("test"))
            let certificate = try await services.certificates.issue(
                .init(personID: directory.memberA.personID, schemeCode: code, overrideReason: "Papīra sertifikāts Nr. 12"),
                by: .caller(directory.officer)).certificate

            let page = try await api.request(.get, "/verify/\(certificate.verificationCode)")
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'") == true && page.headers[.cacheControl] == "no-store")
            #expect(page.text.contains("<html lang=\"lv\">") && page.text.contains("Derīgs") && page.text.contains("<span lang=\"en\">Valid</span>"))
            #expect(page.text.contains("Māra Bērziņa") && page.text.contains(certificate.number) && page.text.contains("name=\"viewport\""))
            #expect(!page.text.lowercased().contains("<script") && !page.text.contains(directory.memberA.email)
                    && !page.text.contains(directory.memberA.personID.uuidString.lowercased()))
            // By number too; an unknown one is a clear page, not an error.
            #expect(try await api.request(.get, "/verify/\(certificate.number)").text.contains("Māra Bērziņa"))
            let unknown = try await api.request(.get, "/verify/BAC-2026-999999")
            #expect(unknown.status == .notFound && unknown.text.contains("Nav atrasts") && unknown.headers[.contentType] == "text/html; charset=utf-8")

            let printable = try await api.request(.get, "/verify/\(certificate.verificationCode)/print")
            #expect(printable.status == .ok && printable.text.contains("@page { size: A4;") && printable.text.contains("<svg"))
            #expect(printable.text.contains("https://pilnveide.example.lv/verify/\(certificate.verificationCode)") && !printable.text.contains("Atsaukts"))
            // Days as readers write them: 10.04.2026. in Latvian, 10 April 2026 in English; never ISO in the text.
            let (from, until) = (certificate.validFrom, try #require(certificate.validUntil))
            func lv(_ day: CalendarDate) -> String { String(format: "%02d.%02d.%04d.", day.day, day.month, day.year) }
            let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            func en(_ day: CalendarDate) -> String { "\(day.day) \(months[day.month - 1]) \(day.year)" }
            #expect(printable.text.contains("Derīgs no \(lv(from)) līdz \(lv(until))") && printable.text.contains("Valid from \(en(from)) until \(en(until))"),
                    "\(printable.text)")
            #expect(page.text.contains("\(lv(from)) – \(lv(until))") && !page.text.contains(until.description) && !printable.text.contains(until.description))
            // By number, which anyone can guess, only the verification page: not the training it rests on.
            let byNumber = try await api.request(.get, "/verify/\(certificate.number)/print")
            #expect(byNumber.status == .ok && !byNumber.text.contains("<svg") && byNumber.text.contains("Sertifikāta pārbaude"))
            _ = try await services.certificates.change(certificate.number, .revoke, kind: .issuedInError, reason: "Kļūda", by: .caller(directory.officer))
            let revoked = try await api.request(.get, "/verify/\(certificate.verificationCode)/print")
            #expect(revoked.text.contains("class=\"banner\"") && revoked.text.contains("Atsaukts"))
            // The page answers from a copy, which the revocation by other services (another process's) ends as soon
            // as the server hears of it.
            var answered = ""
            for _ in 0..<80 {
                answered = try await api.request(.get, "/verify/\(certificate.verificationCode)").text
                if answered.contains("answer-revoked") { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(answered.contains("answer-revoked"))
        }
    }
}
