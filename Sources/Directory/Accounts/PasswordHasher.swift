import Core
import CArgon2
import Foundation
import NIOPosix

/// Argon2id through the reference implementation (libargon2), producing PHC strings such as
/// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
///
/// Hashing is deliberately slow and memory-hard, so it runs on NIO's blocking thread pool, never on an event loop.
public struct PasswordHasher: Sendable {
    public struct Parameters: Sendable, Equatable {
        /// Memory in KiB; 19 MiB with two passes is OWASP's minimum recommendation for Argon2id.
        public var memoryKiB: UInt32 = 19_456
        public var iterations: UInt32 = 2
        public var parallelism: UInt32 = 1
        public var saltLength = 16
        public var hashLength = 32

        public init() {}
    }

    public let parameters: Parameters
    private let threadPool: NIOThreadPool

    public init(parameters: Parameters = Parameters(), threadPool: NIOThreadPool = .singleton) {
        self.parameters = parameters
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        try await threadPool.runIfActive { try hashBlocking(password) }
    }

    /// True when `password` matches the PHC string `encoded`; false for a mismatch or a string that is not
    /// an Argon2id hash.
    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        try await threadPool.runIfActive { verifyBlocking(password, against: encoded) }
    }

    func hashBlocking(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: parameters.saltLength)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let length = argon2_encodedlen(
            parameters.iterations, parameters.memoryKiB, parameters.parallelism,
            UInt32(salt.count), UInt32(parameters.hashLength), Argon2_id
        )
        var encoded = [CChar](repeating: 0, count: length)
        let password = Array(password.utf8)
        let result = argon2id_hash_encoded(
            parameters.iterations, parameters.memoryKiB, parameters.parallelism,
            password, password.count, salt, salt.count, parameters.hashLength, &encoded, length
        )
        guard result == ARGON2_OK.rawValue else {
            throw PasswordHashingError(message: String(cString: argon2_error_message(result)))
        }
        return String(cString: encoded)
    }

    func verifyBlocking(_ password: String, against encoded: String) -> Bool {
        guard encoded.hasPrefix("$argon2id$") else { return false }
        let password = Array(password.utf8)
        return argon2id_verify(encoded, password, password.count) == ARGON2_OK.rawValue
    }
}

public struct PasswordHashingError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "password hashing failed: \(message)" }
}
