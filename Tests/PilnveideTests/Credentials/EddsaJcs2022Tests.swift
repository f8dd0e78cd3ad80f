import Credentials
import Crypto
import Foundation
import Testing

/// eddsa-jcs-2022 against the W3C's official test vectors (w3c/vc-di-eddsa, see Vectors/SOURCE.md): every
/// intermediate value, the official signature verifying, ours equal to it byte for byte, and any change failing.
@Suite struct EddsaJcs2022Tests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    static func vector(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static func json(_ name: String) throws -> JSONValue { try StrictJSONParser.parse(try vector(name)) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    var keyPair: (Curve25519.Signing.PrivateKey, Curve25519.Signing.PublicKey) {
        get throws {
            let pair = try Self.json("eddsa-jcs-2022/keyPair.json")
            return (try Multikey.secretKey(pair["privateKeyMultibase"]!.stringValue!), try Multikey.publicKey(pair["publicKeyMultibase"]!.stringValue!))
        }
    }

    var method: String { "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2" }

    @Test func everyIntermediateValueMatchesTheVectors() throws {
        let unsigned = try #require(try Self.json("eddsa-jcs-2022/unsigned.json").objectValue)
        let config = try #require(try Self.json("eddsa-jcs-2022/proofConfigJCS.json").objectValue)
        #expect(try CanonicalJSON.string(.object(unsigned)) == (try Self.vector("eddsa-jcs-2022/canonDocJCS.txt")))
        #expect(try CanonicalJSON.string(.object(config)) == (try Self.vector("eddsa-jcs-2022/proofCanonJCS.txt")))
        #expect(Self.hex(SHA256.hash(data: try CanonicalJSON.bytes(.object(unsigned)))) == (try Self.vector("eddsa-jcs-2022/docHashJCS.txt")))
        #expect(Self.hex(SHA256.hash(data: try CanonicalJSON.bytes(.object(config)))) == (try Self.vector("eddsa-jcs-2022/proofHashJCS.txt")))
        #expect(Self.hex(try EddsaJcs2022.hashData(document: unsigned, proofConfiguration: config)) == (try Self.vector("eddsa-jcs-2022/combinedHashJCS.txt")))
        // The keys round-trip through their multibase form.
        let (secret, public_) = try keyPair
        #expect(Multikey.encode(public_) == "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
        #expect(Multikey.encodeSecret(secret) == "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")
        #expect(throws: Multikey.Problem.secretKeyPublished) { try Multikey.publicKey("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq") }
    }

    @Test func theOfficialSignedCredentialVerifiesAndOursIsTheSameByteForByte() throws {
        let (secret, public_) = try keyPair
        let official = try Self.json("eddsa-jcs-2022/signedJCS.json")
        let key = { (id: String) in id == method ? public_ : nil }
        #expect(throws: Never.self) { try EddsaJcs2022.verify(official, now: Date(), key: key).get() }

        let unsigned = try #require(try Self.json("eddsa-jcs-2022/unsigned.json").objectValue)
        let ours = try EddsaJcs2022.sign(unsigned, verificationMethod: method, created: "2023-02-24T23:36:38Z", key: secret)
        let value = try #require(ours["proof"]?["proofValue"]?.stringValue)
        #if os(Linux)  // Ed25519 is deterministic with BoringSSL; CryptoKit adds randomness.
        #expect(value == (try Self.vector("eddsa-jcs-2022/sigBTC58JCS.txt")))
        #expect(Self.hex(try Base58BTC.decode(String(value.dropFirst()))) == (try Self.vector("eddsa-jcs-2022/sigHexJCS.txt")))
        #expect(JSONValue.object(ours) == official)
        #endif
        #expect(throws: Never.self) { try EddsaJcs2022.verify(.object(ours), now: Date(), key: key).get() }
    }

    @Test func anyChangedFieldFailsAndEachFailureNamesItsCheck() throws {
        let (_, public_) = try keyPair
        let official = try #require(try Self.json("eddsa-jcs-2022/signedJCS.json").objectValue)
        let key = { (id: String) in id == method ? public_ : nil }
        func failure(_ document: JSONObject) -> EddsaJcs2022.Failure? {
            if case .failure(let failure) = EddsaJcs2022.verify(.object(document), now: Date(), key: key) { return failure }
            return nil
        }
        // Every top-level field and every proof field, changed one at a time.
        for member in official.members where member.name != "proof" {
            var changed = official
            changed[member.name] = .string("changed")
            #expect(failure(changed) != nil, "changing \(member.name) went unnoticed")
        }
        var subject = official
        subject["credentialSubject"] = .object(official["credentialSubject"]!.objectValue!.removing("alumniOf"))
        #expect(failure(subject) == .signatureInvalid)
        var created = official
        created["proof"] = .object({ var p = official["proof"]!.objectValue!; p["created"] = .string("2023-02-24T23:36:39Z"); return p }())
        #expect(failure(created) == .signatureInvalid)
        var reordered = official
        reordered["type"] = .array([.string("AlumniCredential"), .string("VerifiableCredential")])
        #expect(failure(reordered) == .signatureInvalid)

        func withProof(_ change: (inout JSONObject) -> Void) -> JSONObject {
            var proof = official["proof"]!.objectValue!
            change(&proof)
            var document = official
            document["proof"] = .object(proof)
            return document
        }
        #expect(failure(withProof { $0["cryptosuite"] = .string("eddsa-rdfc-2022") }) == .unsupportedCryptosuite("eddsa-rdfc-2022"))
        #expect(failure(withProof { $0["proofPurpose"] = .string("authentication") }) == .wrongProofPurpose("authentication"))
        #expect(failure(withProof { $0["verificationMethod"] = .string("did:example:other#key") }) == .unknownVerificationMethod("did:example:other#key"))
        #expect(failure(withProof { $0["proofValue"] = .string("x123") }) == .malformedProof("proofValue is not a base58btc Ed25519 signature"))
        #expect(failure(withProof { $0["created"] = .string("2023-02-24 23:36:38") }) == .invalidTimestamp("created"))
        #expect(failure(withProof { $0["expires"] = .string("2024-01-01T00:00:00Z") }) == .proofExpired)
        #expect(failure(official.removing("proof")) == .noProof)
        var context = official
        context["@context"] = .array([.string("https://www.w3.org/ns/credentials/v2")])
        #expect(failure(context) == .contextMismatch)
        // A context appended after signing is not covered by the proof: the specification lets it verify.
        var appended = official
        appended["@context"] = .array(official["@context"]!.arrayValue! + [.string("https://example.org/extra")])
        #expect(failure(appended) == nil)
    }

    @Test func aProofWithoutContextCoversTheDocumentAsReceivedAndOversizedValuesAreRefused() throws {
        let (secret, public_) = try keyPair
        let document: JSONObject = ["id": .string("urn:example:1"), "name": .string("Bez konteksta")]
        let signed = try EddsaJcs2022.sign(document, verificationMethod: method, created: "2025-01-02T03:04:05Z", key: secret)
        #expect(signed["proof"]?["@context"] == nil)
        let key = { (id: String) in id == method ? public_ : nil }
        #expect(throws: Never.self) { try EddsaJcs2022.verify(.object(signed), now: Date(), key: key).get() }
        // A proofValue far longer than any signature is refused before it is decoded.
        var proof = try #require(signed["proof"]?.objectValue)
        proof["proofValue"] = .string("z" + String(repeating: "2", count: 100_000))
        var oversized = signed
        oversized["proof"] = .object(proof)
        #expect(EddsaJcs2022.verify(.object(oversized), now: Date(), key: key).failureReason
                == .malformedProof("proofValue is not a base58btc Ed25519 signature"))
        #expect(throws: Multikey.Problem.wrongLength) { try Multikey.publicKey("z" + String(repeating: "6", count: 5_000)) }
    }

    @Test func base58btcRoundTripsAndKeepsLeadingZeros() throws {
        #expect(Base58BTC.encode([0, 0, 1]) == "112")
        #expect(try Base58BTC.decode("112") == [0, 0, 1])
        #expect(Base58BTC.encode(Array("Hello World!".utf8)) == "2NEpo7TZRRrLZSi2U")
        #expect(throws: Base58BTC.InvalidCharacter.self) { try Base58BTC.decode("0OIl") }
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255) }
            #expect(try Base58BTC.decode(Base58BTC.encode(bytes)) == bytes)
        }
    }

    @Test func timestampsNeedAZone() {
        #expect(DateTimeStamp.date("2025-01-02T03:04:05Z") == Date(timeIntervalSince1970: 1_735_787_045))
        #expect(DateTimeStamp.date("2025-01-02T05:04:05+02:00") == Date(timeIntervalSince1970: 1_735_787_045))
        #expect(DateTimeStamp.date("2025-01-02T03:04:05") == nil && DateTimeStamp.date("2025-02-30T03:04:05Z") == nil)
        #expect(DateTimeStamp.string(Date(timeIntervalSince1970: 1_735_787_045.7)) == "2025-01-02T03:04:05Z")
    }
}

extension Result {
    var failureReason: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
