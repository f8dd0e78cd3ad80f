import Crypto
import Foundation

/// The `eddsa-jcs-2022` cryptosuite (W3C Data Integrity EdDSA Cryptosuites 1.0): Ed25519 over
/// SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(document)), the proof configuration carrying the document's
/// `@context`, the signature written `z` + base58btc.
public enum EddsaJcs2022 {
    public static let cryptosuite = "eddsa-jcs-2022"

    /// Why a proof did not verify; each names one check, in the order the specification makes them.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notAnObject
        case noProof
        case malformedProof(String)
        case unsupportedCryptosuite(String)
        case wrongProofPurpose(String)
        case contextMismatch
        case invalidTimestamp(String)
        case proofExpired
        case unknownVerificationMethod(String)
        case signatureInvalid

        public var description: String {
            switch self {
            case .notAnObject: "the document is not a JSON object"
            case .noProof: "the document has no proof"
            case .malformedProof(let why): "the proof is malformed: \(why)"
            case .unsupportedCryptosuite(let suite): "the proof's cryptosuite \(suite) is not eddsa-jcs-2022"
            case .wrongProofPurpose(let purpose): "the proof's purpose is \(purpose), not assertionMethod"
            case .contextMismatch: "the document's @context does not begin with the proof's"
            case .invalidTimestamp(let field): "the proof's \(field) is not a dateTimeStamp"
            case .proofExpired: "the proof has expired"
            case .unknownVerificationMethod(let method): "the key \(method) is not one of the issuer's"
            case .signatureInvalid: "the signature does not match the document"
            }
        }
    }

    /// The two hashes joined, proof configuration first: what is signed.
    public static func hashData(document: JSONObject, proofConfiguration: JSONObject) throws -> [UInt8] {
        let proofHash = SHA256.hash(data: try CanonicalJSON.bytes(.object(proofConfiguration)))
        let documentHash = SHA256.hash(data: try CanonicalJSON.bytes(.object(document)))
        return Array(proofHash) + Array(documentHash)
    }

    /// The document with a `DataIntegrityProof` added. `created` is a stored dateTimeStamp, signed as written.
    public static func sign(
        _ document: JSONObject, verificationMethod: String, created: String, key: Curve25519.Signing.PrivateKey
    ) throws -> JSONObject {
        let unsecured = document.removing("proof")
        var options: JSONObject = [
            "type": .string("DataIntegrityProof"), "cryptosuite": .string(cryptosuite), "created": .string(created),
            "verificationMethod": .string(verificationMethod), "proofPurpose": .string("assertionMethod"),
        ]
        if let context = unsecured["@context"] { options["@context"] = context }
        let signature = try key.signature(for: try hashData(document: unsecured, proofConfiguration: options))
        var proof = options
        proof["proofValue"] = .string("z" + Base58BTC.encode(signature))
        var secured = unsecured
        secured["proof"] = .object(proof)
        return secured
    }

    /// Checks the single proof of `secured` (the issuer's keys come from `key`, by verification method id).
    public static func verify(
        _ secured: JSONValue, now: Date, key: (String) -> Curve25519.Signing.PublicKey?
    ) -> Result<JSONObject, Failure> {
        guard case .object(let document) = secured else { return .failure(.notAnObject) }
        guard let proofValue = document["proof"] else { return .failure(.noProof) }
        guard case .object(let proof) = proofValue else { return .failure(.malformedProof("a proof set or a non-object is not accepted")) }
        guard proof["type"]?.stringValue == "DataIntegrityProof" else { return .failure(.malformedProof("type is not DataIntegrityProof")) }
        guard let suite = proof["cryptosuite"]?.stringValue else { return .failure(.malformedProof("no cryptosuite")) }
        guard suite == cryptosuite else { return .failure(.unsupportedCryptosuite(suite)) }
        guard let method = proof["verificationMethod"]?.stringValue else { return .failure(.malformedProof("no verificationMethod")) }
        guard let purpose = proof["proofPurpose"]?.stringValue else { return .failure(.malformedProof("no proofPurpose")) }
        guard purpose == "assertionMethod" else { return .failure(.wrongProofPurpose(purpose)) }
        for field in ["created", "expires"] {
            guard let value = proof[field] else { continue }
            guard let text = value.stringValue, DateTimeStamp.date(text) != nil else { return .failure(.invalidTimestamp(field)) }
        }
        if let expires = proof["expires"]?.stringValue.flatMap(DateTimeStamp.date), expires <= now { return .failure(.proofExpired) }
        // Bounded before decoding, which is quadratic in the length: anyone may post a credential.
        guard let encoded = proof["proofValue"]?.stringValue, encoded.first == "z",
              encoded.utf8.count <= 1 + Base58BTC.maximumLength(forBytes: 64),
              let signature = try? Base58BTC.decode(String(encoded.dropFirst())), signature.count == 64
        else { return .failure(.malformedProof("proofValue is not a base58btc Ed25519 signature")) }

        let options = proof.removing("proofValue")
        var unsecured = document.removing("proof")
        if let proofContext = options["@context"] {
            // The document's contexts must begin with the proof's; the proof's are what was signed.
            let signed = proofContext.arrayValue ?? [proofContext]
            let present = unsecured["@context"].map { $0.arrayValue ?? [$0] } ?? []
            guard present.count >= signed.count, Array(present.prefix(signed.count)) == signed else { return .failure(.contextMismatch) }
            unsecured["@context"] = proofContext
        }
        guard let publicKey = key(method) else { return .failure(.unknownVerificationMethod(method)) }
        guard let data = try? hashData(document: unsecured, proofConfiguration: options),
              publicKey.isValidSignature(signature, for: data)
        else { return .failure(.signatureInvalid) }
        return .success(document)
    }
}
