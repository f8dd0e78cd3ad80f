import Crypto

/// Ed25519 keys as Multikey strings (W3C Controlled Identifiers): `z` (base58btc) over a multicodec header and the
/// 32 key bytes — `0xed 0x01` for a public key (`z6Mk…`), `0x80 0x26` for a secret seed (`z3u2…`).
public enum Multikey {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notBase58btc
        case secretKeyPublished
        case notEd25519PublicKey
        case wrongLength

        public var description: String {
            switch self {
            case .notBase58btc: "a multibase key must start with z (base58btc)"
            case .secretKeyPublished: "this is a secret key, not a public one"
            case .notEd25519PublicKey: "not an Ed25519 public key (header 0xed01)"
            case .wrongLength: "an Ed25519 key has 32 bytes"
            }
        }
    }

    static let publicHeader: [UInt8] = [0xED, 0x01]
    static let secretHeader: [UInt8] = [0x80, 0x26]

    public static func encode(_ key: Curve25519.Signing.PublicKey) -> String {
        "z" + Base58BTC.encode(publicHeader + key.rawRepresentation)
    }

    public static func encodeSecret(_ key: Curve25519.Signing.PrivateKey) -> String {
        "z" + Base58BTC.encode(secretHeader + key.rawRepresentation)
    }

    public static func publicKey(_ multibase: String) throws(Problem) -> Curve25519.Signing.PublicKey {
        let bytes = try decode(multibase)
        guard bytes.starts(with: publicHeader) else { throw bytes.starts(with: secretHeader) ? .secretKeyPublished : .notEd25519PublicKey }
        guard bytes.count == 34, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes.dropFirst(2)) else { throw .wrongLength }
        return key
    }

    public static func secretKey(_ multibase: String) throws(Problem) -> Curve25519.Signing.PrivateKey {
        let bytes = try decode(multibase)
        guard bytes.starts(with: secretHeader) else { throw .notEd25519PublicKey }
        guard bytes.count == 34, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes.dropFirst(2)) else { throw .wrongLength }
        return key
    }

    static func decode(_ multibase: String) throws(Problem) -> [UInt8] {
        guard multibase.utf8.count <= 1 + Base58BTC.maximumLength(forBytes: 34) else { throw .wrongLength }
        guard multibase.first == "z", let bytes = try? Base58BTC.decode(String(multibase.dropFirst())) else { throw .notBase58btc }
        return bytes
    }
}
