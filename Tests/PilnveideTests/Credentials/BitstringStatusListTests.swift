import Credentials
import Foundation
import Testing

/// The Bitstring Status List against the bit-order vector: decoded bits compared, never encoded strings (GZIP
/// headers differ between compressors).
@Suite struct BitstringStatusListTests {
    @Test func theBitOrderVectorDecodesToItsSetIndices() throws {
        let vector = try StrictJSONParser.parse(String(
            contentsOf: EddsaJcs2022Tests.folder.appendingPathComponent("bitstring-status-list/bitorder-case.json"), encoding: .utf8))
        let list = try BitstringStatusList(encoded: try #require(vector["encodedList"]?.stringValue))
        #expect(list.count == 131_072)
        #expect(list.setIndices == [0, 7, 8, 131_071])
        #expect(list.bytes[0] == 0x81 && list.bytes[1] == 0x80 && list.bytes[16_383] == 0x01)
    }

    @Test func settingABitFlipsExactlyThatBitAndSurvivesEncoding() throws {
        var list = BitstringStatusList()
        for index in [0, 7, 8, 131_071] { list[index] = true }
        let decoded = try BitstringStatusList(encoded: list.encoded())
        #expect(decoded.setIndices == [0, 7, 8, 131_071] && decoded.bytes[0] == 0x81 && decoded.bytes[16_383] == 0x01)
        #expect(list.encoded().hasPrefix("uH4sI"))  // a GZIP member, base64url
        list[7] = false
        #expect(try BitstringStatusList(encoded: list.encoded()).setIndices == [0, 8, 131_071])
        #expect(throws: BitstringStatusList.Problem.indexOutOfRange(131_072)) { try list.value(at: 131_072) }
    }

    @Test func badEncodingsAreNamed() {
        #expect(throws: BitstringStatusList.Problem.notMultibaseBase64url) { try BitstringStatusList(encoded: "zH4sI") }
        #expect(throws: BitstringStatusList.Problem.notBase64url) { try BitstringStatusList(encoded: "uH4sI=") }
        #expect(throws: BitstringStatusList.Problem.notGzip) { try BitstringStatusList(encoded: "u" + "eJwDAAAAAAE") }
        #expect(throws: BitstringStatusList.Problem.tooShort(8)) { try BitstringStatusList(bytes: [0]) }
    }
}
