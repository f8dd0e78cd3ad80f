import Credentials
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The secret halves of the issuer's Ed25519 keys, kept in a folder outside the database (0700, each key a 0600 file),
/// never in git and never logged. Each key has a permanent id (`key-1`, `key-2`, …). Which one signs is the database's
/// to say (`PublishedKey`, `SigningKeyChoice`): a key here that the database does not publish never signs, and the
/// public halves the database keeps verify every credential even once a retired key's file is gone.
public struct IssuerKeys: Sendable {
    public struct Key: Sendable, CustomStringConvertible, CustomReflectable {
        public let id: String
        public let created: String
        /// Raw bytes (swift-crypto's key types are not Sendable): the public key, and the RFC 8032 seed.
        let publicBytes: [UInt8]
        let seed: [UInt8]

        init(id: String, created: String, secretKey: Curve25519.Signing.PrivateKey) {
            self.id = id
            self.created = created
            publicBytes = Array(secretKey.publicKey.rawRepresentation)
            seed = Array(secretKey.rawRepresentation)
        }

        public var publicKey: Curve25519.Signing.PublicKey { try! Curve25519.Signing.PublicKey(rawRepresentation: publicBytes) }
        var secretKey: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: seed) }

        /// Its public half as the DID document and the database write it.
        public var publicKeyMultibase: String { Multikey.encode(publicKey) }

        /// Signs as the verification method `did#id`; only for a key the database publishes (`IssuerService.signer`).
        func sign(_ document: JSONObject, did: String, created: String) throws -> JSONObject {
            try EddsaJcs2022.sign(document, verificationMethod: "\(did)#\(id)", created: created, key: secretKey)
        }

        /// Never the secret, whether printed, interpolated or dumped.
        public var description: String { "\(id) (\(created)) \(Multikey.encode(publicKey))" }
        public var customMirror: Mirror { Mirror(self, children: ["id": id, "created": created, "publicKey": Multikey.encode(publicKey)]) }
    }

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    public let folder: URL
    public let keys: [Key]

    /// No keys: issuing and signing refuse with a clear error until `pilnveide keys generate` makes one.
    public static let none = IssuerKeys(folder: URL(fileURLWithPath: "/nonexistent"), keys: [])

    /// The newest key in the folder (which signs only once the database publishes it).
    public var newest: Key? { keys.last }

    public func key(id: String) -> Key? { keys.first { $0.id == id } }

    /// Reads every key in the folder, refusing one that others could read. A missing folder has no keys.
    public static func load(from folder: URL) throws(Problem) -> IssuerKeys {
        let manager = FileManager.default
        guard manager.fileExists(atPath: folder.path) else { return IssuerKeys(folder: folder, keys: []) }
        try checkPrivate(folder.path, allowed: 0o700)
        let names = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("key-") && $0.hasSuffix(".json") }
        var keys: [(Int, Key)] = []
        for name in names {
            let path = folder.appendingPathComponent(name).path
            try checkPrivate(path, allowed: 0o600)
            guard let data = manager.contents(atPath: path), let json = try? StrictJSONParser.parse(Array(data)),
                  let id = json["id"]?.stringValue, let created = json["created"]?.stringValue,
                  let secret = json["secretKeyMultibase"]?.stringValue, let key = try? Multikey.secretKey(secret),
                  let number = Int(id.dropFirst(4)), name == "\(id).json"
            else { throw Problem("\(path) is not an issuer key file") }
            keys.append((number, Key(id: id, created: created, secretKey: key)))
        }
        return IssuerKeys(folder: folder, keys: keys.sorted { $0.0 < $1.0 }.map(\.1))
    }

    /// Adds a new key, numbered after every key in the folder and after `after` (the highest number the database has
    /// published, so no fragment is ever given to a second key). It signs only once published. Creates the folder
    /// (0700) when missing.
    @discardableResult
    public static func addKey(in folder: URL, after published: Int = 0, now: Date = Date()) throws(Problem) -> Key {
        let existing = try load(from: folder)
        if !FileManager.default.fileExists(atPath: folder.path) {
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw Problem("cannot create \(folder.path): \(error.localizedDescription)")
            }
        }
        let number = max(existing.keys.compactMap { Int($0.id.dropFirst(4)) }.max() ?? 0, published) + 1
        let secret = Curve25519.Signing.PrivateKey()
        let key = Key(id: "key-\(number)", created: DateTimeStamp.string(now), secretKey: secret)
        let body: JSONValue = .object([
            "id": .string(key.id), "created": .string(key.created),
            "publicKeyMultibase": .string(Multikey.encode(secret.publicKey)), "secretKeyMultibase": .string(Multikey.encodeSecret(secret)),
        ])
        // Created 0600 in one step (O_EXCL: never over another key), so the secret is never readable by others.
        let path = folder.appendingPathComponent("\(key.id).json").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw Problem("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = try! CanonicalJSON.bytes(body) + [0x0A]
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw Problem("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return key
    }

    private static func checkPrivate(_ path: String, allowed: Int) throws(Problem) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { throw Problem("cannot read \(path)") }
        guard permissions & 0o077 == 0 else {
            throw Problem("\(path) is readable by others (mode \(String(permissions, radix: 8))); it must be \(String(allowed, radix: 8))")
        }
    }

    /// The public key a verification method of this issuer names, or nil.
    public func publicKey(verificationMethod: String, did: String) -> Curve25519.Signing.PublicKey? {
        guard verificationMethod.hasPrefix(did + "#") else { return nil }
        return key(id: String(verificationMethod.dropFirst(did.count + 1)))?.publicKey
    }
}
