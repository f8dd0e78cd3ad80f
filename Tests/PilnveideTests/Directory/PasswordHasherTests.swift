import Core
import Directory
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher()

    @Test func producesAnArgon2idPHCStringWithAtLeastTheRequiredCost() async throws {
        let hash = try await hasher.hash("correct horse battery staple")
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(hash.split(separator: "$").count == 5)
        #expect(!hash.contains("correct horse"))
    }

    @Test func theSamePasswordHashesDifferentlyEachTime() async throws {
        let first = try await hasher.hash("correct horse battery staple")
        let second = try await hasher.hash("correct horse battery staple")
        #expect(first != second)
    }

    @Test func verifiesTheRightPasswordAndRejectsAWrongOne() async throws {
        let hash = try await hasher.hash("Ģimenes vērtības 2026")
        #expect(try await hasher.verify("Ģimenes vērtības 2026", against: hash))
        #expect(try await !hasher.verify("Gimenes vertibas 2026", against: hash))
        #expect(try await !hasher.verify("", against: hash))
    }

    @Test func anythingButAnArgon2idHashNeverVerifies() async throws {
        #expect(try await !hasher.verify("password", against: "password"))
        #expect(try await !hasher.verify("password", against: "$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaA"))
    }

    @Test func thePolicyRefusesShortPasswords() {
        #expect(throws: ServiceError.validation([FieldProblem("password", "must be at least 12 characters long")])) {
            try PasswordPolicy.standard.check("short", email: nil)
        }
        #expect(throws: Never.self) { try PasswordPolicy.standard.check("a long enough passphrase", email: nil) }
    }
}
