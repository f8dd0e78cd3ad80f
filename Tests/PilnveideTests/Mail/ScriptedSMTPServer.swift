import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// An SMTP server that plays back the server's side of a recorded dialogue, on 127.0.0.1 and a free port, and
/// records every line the client sends. The first step is played when the client connects; each later step
/// answers one command (the whole message counts as one, from the reply `354` to the line "."). When the steps
/// run out it answers nothing more.
final class ScriptedSMTPServer: Sendable {
    enum Step: Sendable {
        /// Reply lines, each sent with CRLF: `["250-smtp.test", "250 STARTTLS"]`.
        case reply([String])
        /// Close the connection instead of answering.
        case drop
        /// Say nothing, leaving the client to its time limit.
        case silence
        /// Agree to STARTTLS (`220 2.0.0 Ready to start TLS`) and go on in TLS with the server's certificate.
        case startTLS

        static func reply(_ line: String) -> Step { .reply([line]) }
    }

    /// What the client sent: its commands, and each message's lines as they came (dot-stuffing included, without
    /// the final ".").
    struct Record: Sendable {
        var commands: [String] = []
        var messages: [[String]] = []
        var closed = false
    }

    let port: Int
    private let channel: any Channel
    private let recorder: Recorder

    private init(channel: any Channel, recorder: Recorder) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.recorder = recorder
    }

    /// `certificate` (a PEM certificate and key) is needed only for a `.startTLS` step.
    static func start(_ steps: [Step], certificate: (certificate: URL, key: URL)? = nil) async throws -> ScriptedSMTPServer {
        let recorder = Recorder()
        let tls = try certificate.map { files in
            try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificate.path).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: files.key.path, format: .pem))
            ))
        }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(steps: steps, recorder: recorder, tls: tls))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedSMTPServer(channel: channel, recorder: recorder)
    }

    /// What the client sent, once it has closed its connection (or after two seconds, whatever it has sent).
    func recorded() async throws -> Record {
        for _ in 0..<200 where !recorder.record.withLock({ $0.closed }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        return recorder.record.withLock { $0 }
    }

    func stop() async throws {
        try await channel.close()
    }

    /// The shared record, in a box the handler (on the event loop) and the test both reach.
    private final class Recorder: Sendable {
        let record = Mutex(Record())
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private var steps: [Step]
        private let recorder: Recorder
        private let tls: NIOSSLContext?
        private var received = ByteBuffer()
        private var message: [String]?

        init(steps: [Step], recorder: Recorder, tls: NIOSSLContext?) {
            self.steps = steps
            self.recorder = recorder
            self.tls = tls
        }

        func channelActive(context: ChannelHandlerContext) {
            play(context: context)
        }

        func channelInactive(context: ChannelHandlerContext) {
            recorder.record.withLock { $0.closed = true }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            received.writeBuffer(&bytes)
            while let end = received.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                var line = received.readString(length: end - received.readerIndex) ?? ""
                received.moveReaderIndex(forwardBy: 1)
                if line.hasSuffix("\r") { line.removeLast() }
                if var lines = message {
                    if line == "." {
                        message = nil
                        recorder.record.withLock { $0.messages.append(lines) }
                        play(context: context)
                    } else {
                        lines.append(line)
                        message = lines
                    }
                } else {
                    recorder.record.withLock { $0.commands.append(line) }
                    play(context: context)
                }
            }
        }

        private func play(context: ChannelHandlerContext) {
            guard !steps.isEmpty else { return }
            switch steps.removeFirst() {
            case .reply(let lines):
                if lines.last?.hasPrefix("354") == true { message = [] }
                let text = lines.map { $0 + "\r\n" }.joined()
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
            case .drop:
                context.close(promise: nil)
            case .silence:
                break
            case .startTLS:
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220 2.0.0 Ready to start TLS\r\n")), promise: nil)
                // Added before anything more can be read: the client's TLS hello comes only after this reply. Without
                // a certificate the client sees the connection close.
                do {
                    guard let tls else { throw ChannelError.operationUnsupported }
                    try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                } catch {
                    context.close(promise: nil)
                }
            }
        }
    }
}
