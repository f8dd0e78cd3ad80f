import Core
import Foundation
import Testing

/// Ids as the API writes them (Foundation's canonical form, in lower case) and the order they are listed in.
struct UUIDTextTests {
    @Test func writesTheCanonicalFormInLowerCase() {
        #expect(UUID(uuidString: "09B2A724-EF98-4DD0-A92C-347CB8343130")!.lowercasedString == "09b2a724-ef98-4dd0-a92c-347cb8343130")
        #expect(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).lowercasedString == "00000000-0000-0000-0000-000000000000")
        #expect(UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!.lowercasedString == "ffffffff-ffff-ffff-ffff-ffffffffffff")
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
    }

    /// Lists are put in id order by comparing ids, not their text: the same order, without formatting each.
    @Test func idsCompareAsTheirTextDoes() {
        for _ in 0..<1000 {
            let (a, b) = (UUID(), UUID())
            #expect((a < b) == (a.uuidString < b.uuidString))
        }
        let shared = UUID()
        #expect(!(shared < shared))
    }
}
