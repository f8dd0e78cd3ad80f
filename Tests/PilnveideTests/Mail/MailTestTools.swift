import Foundation
import Mail
import Testing
import TestSupport

/// What the mail tests share: the repository's helper scripts, the pinned aiosmtpd's Python (which also reads
/// messages back with the standard `email` package), and decoders written from RFC 2045 and RFC 2047 so the
/// tests need not trust the encoders they check.
enum MailTestTools {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func script(_ name: String) -> String { packageRoot.appendingPathComponent("Tests/Mail/\(name)").path }

    /// The Python of `.local/aiosmtpd`, which scripts/ensure-aiosmtpd.sh installs (`make test` runs it).
    static func python() throws -> URL {
        let folder = ProcessInfo.processInfo.environment["PILNVEIDE_AIOSMTPD"]
            ?? packageRoot.appendingPathComponent(".local/aiosmtpd").path
        let python = URL(fileURLWithPath: folder).appendingPathComponent("bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw MailTestSetupError("aiosmtpd is not installed at \(folder): run scripts/ensure-aiosmtpd.sh (make test does)")
        }
        return python
    }

    /// Runs `python script arguments…` to its end; its status and what it printed (standard output only).
    static func runPython(_ script: String, _ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try python()
        process.arguments = [self.script(script)] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let text = ChildProcess.Output(reading: output), errorText = ChildProcess.Output(reading: errors)
        try process.run()
        let status = await ChildProcess.exit(of: process)
        return (status, text.text, errorText.text)
    }

    /// A new self-signed certificate (P-256) for localhost and 127.0.0.1, made with the openssl command.
    static func selfSignedCertificate() async throws -> (certificate: URL, key: URL) {
        let certificate = TestScratch.path("cert.pem"), key = TestScratch.path("key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key.path, "-out", certificate.path, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let text = ChildProcess.Output(reading: output)
        try process.run()
        guard await ChildProcess.exit(of: process) == 0 else { throw MailTestSetupError("openssl failed: \(text.text)") }
        return (certificate, key)
    }

    /// A message file as Python's `email` package reads it (Tests/Mail/read_message.py).
    static func readWithPython(_ file: URL) async throws -> ReadMessage {
        let (status, output, errors) = try await runPython("read_message.py", [file.path])
        guard status == 0 else { throw MailTestSetupError("read_message.py failed (\(status)): \(errors)") }
        return try JSONDecoder().decode(ReadMessage.self, from: Data(output.utf8))
    }

    struct ReadMessage: Decodable {
        struct Part: Decodable {
            var contentType: String
            var multipart: Bool?
            var charset: String?
            var transferEncoding: String?
            var filename: String?
            var disposition: String?
            var method: String?
            var text: String?
        }

        var from: String
        var fromAddress: String
        var fromName: String
        var to: [String]
        var toNames: [String]
        var subject: String
        var date: String?
        var messageID: String
        var mimeVersion: String
        var contentType: String
        var defects: [String]
        var parts: [Part]
        var longestLine: Int
        var bareLineFeeds: Int
    }

    /// The failure `send` ended with, or nil when it delivered (any other error is recorded as an issue).
    static func failure(of send: () async throws -> Void) async -> MailDeliveryError? {
        do {
            try await send()
            return nil
        } catch let error as MailDeliveryError {
            return error
        } catch {
            Issue.record("not a delivery error: \(error)")
            return nil
        }
    }

    /// The value of header `name` in `message`, unfolded, as it was written (still encoded).
    static func rawHeader(_ name: String, in message: String) -> String? {
        let head = message.components(separatedBy: "\r\n\r\n").first ?? ""
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: "\t")
        for line in unfolded.components(separatedBy: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
            return String(line.dropFirst(name.count + 1).drop(while: { $0 == " " }))
        }
        return nil
    }

    /// RFC 2047: every `=?UTF-8?Q?…?=` or `=?UTF-8?B?…?=` word decoded, the space between two such words dropped.
    static func decodeEncodedWords(_ value: String) -> String {
        var result = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        for token in value.split(separator: " ", omittingEmptySubsequences: false) {
            let parts = token.split(separator: "?", omittingEmptySubsequences: false)
            if parts.count == 5, parts[0] == "=", parts[4] == "=", parts[1].uppercased() == "UTF-8" {
                let bytes: [UInt8] = parts[2].uppercased() == "B"
                    ? Array(Data(base64Encoded: String(parts[3])) ?? Data())
                    : decodeQuotedPrintable(parts[3].replacingOccurrences(of: "_", with: " "))
                if !lastWasEncoded { result += pendingSpace }
                result += String(decoding: bytes, as: UTF8.self)
                lastWasEncoded = true
            } else {
                result += pendingSpace + token
                lastWasEncoded = false
            }
            pendingSpace = " "
        }
        return result
    }

    /// RFC 2045 §6.7: soft line breaks removed, `=XX` decoded.
    static func decodeQuotedPrintable(_ text: String) -> [UInt8] {
        let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                output.append(value)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }
}

struct MailTestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
