import Certificates
import Core
import Database
import Foundation
import PostgresNIO
import Testing
import TestSupport

/// Which published key signs when: the rule every process applies alike.
struct SigningKeyChoiceTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func key(_ number: Int, from: TimeInterval, retired: TimeInterval? = nil) -> PublishedKey {
        PublishedKey(id: "key-\(number)", publicKeyMultibase: "z6Mk\(number)", createdAt: t0, signsFrom: t0 + from, retiredAt: retired.map { t0 + $0 })
    }

    @Test func theKeyThatBeganLastSignsUntilItIsRetired() throws {
        let keys = [key(1, from: 0, retired: 100), key(2, from: 100)]
        #expect(try SigningKeyChoice.signer(among: keys, at: t0 + 99).get().id == "key-1")
        #expect(try SigningKeyChoice.signer(among: keys, at: t0 + 100).get().id == "key-2")
        // A rotation brought forward: key-3 begins before key-2 would have, and key-2 never signs.
        let forward = [key(1, from: 0, retired: 100), key(2, from: 100, retired: 50), key(3, from: 50)]
        #expect(try SigningKeyChoice.signer(among: forward, at: t0 + 60).get().id == "key-3")
        #expect(try SigningKeyChoice.signer(among: forward, at: t0 + 200).get().id == "key-3")
    }

    @Test func nothingSignsWithoutAPublishedKeyThatHasBegun() {
        #expect(SigningKeyChoice.signer(among: [], at: t0) == .failure(.nothingPublished))
        #expect(SigningKeyChoice.signer(among: [key(1, from: 10)], at: t0) == .failure(.noneSignsNow))
        #expect(SigningKeyChoice.signer(among: [key(1, from: 0, retired: 5)], at: t0 + 5) == .failure(.noneSignsNow))
    }
}

/// Keys published in the database: a folder from before the database kept keys published as it signed, a replaced
/// key never used, and a rotation numbered past every published key.
@Suite(.freshDatabase) struct IssuerKeyPublicationTests {
    static func issuers(_ folder: URL) throws -> IssuerService {
        IssuerService(database: try FreshDatabase.current.database, store: IssuerStore(logger: TestDatabase.logger),
                      secrets: SecretKeyFolder(try IssuerKeys.load(from: folder)), configured: CertificateFixture.profile)
    }

    @Test func aFolderFromBeforeIsPublishedAsItSignedAndAReplacedOneIsNeverUsed() async throws {
        // Two keys made before keys were kept in the database: key-1, then key-2, which signed since.
        let folder = TestScratch.folder.appendingPathComponent("old-keys-\(UUID())")
        let made = Date(timeIntervalSinceNow: -3600)
        try IssuerKeys.addKey(in: folder, now: made)
        try IssuerKeys.addKey(in: folder, now: made.addingTimeInterval(60))
        let issuers = try Self.issuers(folder)
        guard case .adopted(let keys) = try await issuers.generate() else { Issue.record("not adopted"); return }
        #expect(keys.map(\.id) == ["key-1", "key-2"] && keys[0].retiredAt == keys[1].signsFrom && keys[1].retiredAt == nil)
        #expect(try await issuers.generate() == .alreadyPublished)
        try await issuers.checkCanIssue()

        // A replaced folder whose key-2 is another key: refused, saying so; the published keys are untouched.
        let replaced = TestScratch.folder.appendingPathComponent("new-keys-\(UUID())")
        try IssuerKeys.addKey(in: replaced)
        try IssuerKeys.addKey(in: replaced)
        await #expect(throws: ServiceError.unavailable(
            "\(replaced.path)/key-2.json is not the key-2 the database publishes; restore the folder that made it, or run `pilnveide keys rotate`"
        )) { try await Self.issuers(replaced).checkCanIssue() }
        // Rotating from it numbers past every published key, never reusing key-2's fragment.
        let rotated = try await Self.issuers(replaced).rotate(after: .seconds(60))
        #expect(rotated.id == "key-3")
        let listing = try await Self.issuers(replaced).keys()
        #expect(listing.signer == "key-2" && listing.unpublished == ["key-1", "key-2"])
        #expect(listing.keys.map(\.secretHere) == [false, false, true])
        #expect(try await issuers.document().methods.map(\.id) == ["key-1", "key-2", "key-3"].map { "did:web:pilnveide.example.lv#\($0)" })
    }

}

/// The database's guard: a published key is never deleted or changed, only retired once; the identity never changes.
@Suite(.freshDatabase) struct IssuerKeyGuardTests {
    @Test func aPublishedKeyAndTheIdentityAreKeptForGood() async throws {
        let database = try FreshDatabase.current.database
        try await database.withConnection { connection in
            func run(_ sql: String) async throws { try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger) }
            try await run("""
                INSERT INTO issuer_keys (id, public_key_multibase, created_at, signs_from)
                VALUES ('key-90', 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', now(), now())
                """)
            try await run("INSERT INTO issuer_identity (did, public_url) VALUES ('did:web:pilnveide.example.lv', 'https://pilnveide.example.lv') ON CONFLICT DO NOTHING")
            for statement in ["DELETE FROM issuer_keys WHERE id = 'key-90'", "TRUNCATE issuer_keys",
                              "UPDATE issuer_keys SET public_key_multibase = 'z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH' WHERE id = 'key-90'",
                              "UPDATE issuer_keys SET id = 'key-91' WHERE id = 'key-90'",
                              "UPDATE issuer_keys SET signs_from = now() + interval '1 day' WHERE id = 'key-90'",
                              "UPDATE issuer_keys SET created_at = now() - interval '1 day' WHERE id = 'key-90'",
                              "DELETE FROM issuer_identity", "TRUNCATE issuer_identity", "UPDATE issuer_identity SET did = 'did:web:cits.example.lv'",
                              "INSERT INTO issuer_identity (did, public_url) VALUES ('did:web:cits.example.lv', 'https://cits.example.lv')"] {
                await #expect(throws: PSQLError.self, "\(statement)") { try await run(statement) }
            }
            // Retiring is the one change, made once.
            try await run("UPDATE issuer_keys SET retired_at = now() WHERE id = 'key-90'")
            for statement in ["UPDATE issuer_keys SET retired_at = NULL WHERE id = 'key-90'",
                              "UPDATE issuer_keys SET retired_at = now() + interval '1 day' WHERE id = 'key-90'"] {
                await #expect(throws: PSQLError.self, "\(statement)") { try await run(statement) }
            }
        }
    }
}
