import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One TCP connection to an SMTP server, as lines out and replies in: each reply awaited with a time limit, and
/// the switch to TLS for STARTTLS. It knows nothing of what the commands mean (that is `SMTPDialogue`).
struct SMTPConnection: ~Copyable {
    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var received: ByteBuffer
    private let replyTimeout: Duration
    private(set) var isEncrypted: Bool

    /// A reply line longer than this is not SMTP (RFC 5321 allows 512 octets); stop reading rather than buffer
    /// whatever the other end sends.
    private static let maximumLine = 4096

    /// Connects to `host:port` (with TLS from the start when `tls` is given), runs `body`, then closes.
    static func withConnection<Value>(
        host: String, port: Int, implicitTLS tls: NIOSSLContext?, connectTimeout: Duration, replyTimeout: Duration,
        group: any EventLoopGroup, _ body: (inout SMTPConnection) async throws -> Value
    ) async throws -> Value {
        let serverName = serverHostname(host)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = SMTPConnection(
                channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound, replyTimeout: replyTimeout,
                isEncrypted: tls != nil
            )
            return try await body(&connection)
        }
    }

    private init(
        channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        replyTimeout: Duration, isEncrypted: Bool
    ) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
        self.received = ByteBuffer()
        self.replyTimeout = replyTimeout
        self.isEncrypted = isEncrypted
    }

    /// Sends `bytes` as they are (a command with its CRLF, or a whole message's data).
    mutating func write(_ bytes: ByteBuffer) async throws {
        do {
            try await outbound.write(bytes)
        } catch {
            // A write fails once the connection is closed ("I/O on closed channel"); why it closed (a failed TLS
            // handshake, say) waits at the end of what was received, and says more.
            channel.close(promise: nil)
            while try await inbound.next() != nil {}
            throw SMTPConnectionClosed()
        }
    }

    /// The next complete reply, multi-line replies gathered; throws `SMTPTimeout` when none comes in time (the
    /// connection is closed then: a late reply would be out of step with the commands).
    mutating func readReply() async throws -> SMTPReply {
        let expired = Expiry()
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(replyTimeout)) { [channel] in
            expired.flag.store(true, ordering: .relaxed)
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        var parser = SMTPReplyParser()
        do {
            while true {
                if let reply = try parser.add(try await readLine()) { return reply }
            }
        } catch {
            if expired.flag.load(ordering: .relaxed) { throw SMTPTimeout(after: replyTimeout) }
            throw error
        }
    }

    /// Puts TLS under the connection, after the server's `220` to STARTTLS. Anything the server sent after that
    /// reply came before the encryption, and taking it as a reply later would let a network attacker speak for
    /// the server, so it is refused.
    mutating func startTLS(_ tls: NIOSSLContext, host: String) async throws {
        guard received.readableBytes == 0 else {
            throw SMTPProtocolError("the server sent more after agreeing to STARTTLS, before the TLS handshake")
        }
        let serverName = Self.serverHostname(host)
        try await channel.eventLoop.submit { [channel] in
            let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverName)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
        isEncrypted = true
    }

    private mutating func readLine() async throws -> String {
        while true {
            if let end = received.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = end - received.readerIndex
                var line = received.readBytes(length: length) ?? []
                received.moveReaderIndex(forwardBy: 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                received.discardReadBytes()
                return String(decoding: line, as: UTF8.self)
            }
            guard received.readableBytes <= Self.maximumLine else {
                throw SMTPProtocolError("the server sent a line of more than \(Self.maximumLine) bytes")
            }
            guard var chunk = try await inbound.next() else { throw SMTPConnectionClosed() }
            received.writeBuffer(&chunk)
        }
    }

    /// The name to send for SNI and to check the certificate against; none for an IP address, whose certificate
    /// NIOSSL checks against the address connected to.
    private static func serverHostname(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    private final class Expiry: Sendable {
        let flag = Atomic<Bool>(false)
    }
}

/// The server closed the connection when a reply was due.
struct SMTPConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the server closed the connection" }
}

/// No reply came in time.
struct SMTPTimeout: Error, CustomStringConvertible {
    let after: Duration
    var description: String { "no reply from the server within \(after)" }
}
