import Foundation
import NIOPosix

/// The embedded default when no SMTP server is configured: each message, exactly as it would be sent, becomes
/// an `.eml` file (which any mail program opens) in one folder, readable only by the service's user. Written to
/// a temporary file first and renamed, so a reader never sees half a message.
public struct MailDropTransport: MailTransport {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func send(_ message: MailMessage) async throws(MailDeliveryError) {
        let data = try MIMEMessage.deliverable(message)
        let name = Self.fileName(for: message)
        do {
            // File I/O blocks; it runs on NIO's thread pool, not on one of the few threads of Swift concurrency.
            try await NIOThreadPool.singleton.runIfActive { try write(data, named: name) }
        } catch {
            // A full disk or a folder made read-only can be put right; the outbox tries again.
            throw MailDeliveryError.temporary(reply: "cannot write the message to \(directory.path): \(error.localizedDescription)")
        }
    }

    /// `20261215T080000Z-<message-id>.eml`: sorted by when the message was dated, and named after its
    /// Message-ID (with anything but letters, digits, `.`, `-` and `_` as `_`), so a resend replaces the file.
    static func fileName(for message: MailMessage) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_".unicodeScalars)
        let safe = String(message.messageID.unicodeScalars.prefix(150).map { allowed.contains($0) ? Character($0) : "_" })
        return "\(MailDate.compact(message.date))-\(safe).eml"
    }

    private func write(_ data: Data, named name: String) throws {
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
        guard files.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        if rename(temporary.path, directory.appendingPathComponent(name).path) != 0 {
            let failure = POSIXError(POSIXError.Code(rawValue: errno) ?? .EIO)
            try? files.removeItem(at: temporary)
            throw failure
        }
    }
}
