import Foundation

/// Waiting for a child process without holding one of Swift concurrency's threads: there are as many as cores
/// (two here), and a test that blocked one for a long command — schemathesis, a national demo seed — while
/// another did the same would stall every in-process server of the run, the one the command talks to included.
public enum ChildProcess {
    /// Waits, on a thread of its own, until `process` exits; returns its status.
    public static func exit(of process: Process) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }.start()
        }
    }

    /// A pipe read to its end on a thread of its own (start one per pipe, so neither fills while another is read).
    public final class Output: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        public init(reading pipe: Pipe) {
            Thread { [self] in
                data = pipe.fileHandleForReading.readDataToEndOfFile()
                done.signal()
            }.start()
        }

        /// The whole output; call once the process has exited.
        public var text: String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
