import Credentials
import Foundation
import Testing

/// RFC 8785 against its own examples: section 3.2.2 (values and escaping), 3.2.3 (sorting by UTF-16 code
/// units) and Appendix B (numbers, by their IEEE-754 bits).
@Suite struct CanonicalJSONTests {
    func canonical(_ text: String) throws -> String { try CanonicalJSON.string(try StrictJSONParser.parse(text)) }

    @Test func theRFCsValuesExampleIsCanonicalisedByteForByte() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == expected)
        // The RFC's UTF-8 bytes of the same output, in hex.
        let hex = """
            7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73
            22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31
            65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c
            22 2f 22 7d
            """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt8($0, radix: 16)! }
        #expect(try CanonicalJSON.bytes(try StrictJSONParser.parse(input)) == hex)
    }

    @Test func membersAreSortedByUTF16CodeUnitsNotByScalarsOrLocale() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        // The RFC lists the sorted names: \r, 1, \u0080, ö, €, 😀, דּ (the emoji's surrogates sort before U+FB33).
        let names = ["\r", "1", "\u{80}", "ö", "€", "😀", "\u{FB33}"]
        let expected = "{" + names.map { name in
            let value = try! StrictJSONParser.parse(input)[name]!.stringValue!
            return "\(try! CanonicalJSON.string(.string(name))):\"\(value)\""
        }.joined(separator: ",") + "}"
        #expect(try canonical(input) == expected)
        #expect(try canonical(#"{"a2":1,"a10":2,"b":3,"B":4}"#) == #"{"B":4,"a10":2,"a2":1,"b":3}"#)
    }

    /// Appendix B: IEEE-754 bits and the text ECMAScript (and so JCS) gives them.
    @Test(arguments: [
        ("0000000000000000", "0"), ("8000000000000000", "0"), ("0000000000000001", "5e-324"), ("8000000000000001", "-5e-324"),
        ("7fefffffffffffff", "1.7976931348623157e+308"), ("ffefffffffffffff", "-1.7976931348623157e+308"),
        ("4340000000000000", "9007199254740992"), ("c340000000000000", "-9007199254740992"),
        ("4430000000000000", "295147905179352830000"), ("44b52d02c7e14af5", "9.999999999999997e+22"),
        ("44b52d02c7e14af6", "1e+23"), ("44b52d02c7e14af7", "1.0000000000000001e+23"),
        ("444b1ae4d6e2ef4e", "999999999999999700000"), ("444b1ae4d6e2ef4f", "999999999999999900000"),
        ("444b1ae4d6e2ef50", "1e+21"), ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"), ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"), ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"), ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ])
    func numbersAreWrittenAsECMAScriptDoes(bits: String, expected: String) {
        #expect(ECMAScriptNumber.string(Double(bitPattern: UInt64(bits, radix: 16)!)) == expected)
    }

    @Test func nanAndInfinityAreNotJSON() {
        #expect(ECMAScriptNumber.string(.nan) == nil && ECMAScriptNumber.string(.infinity) == nil)
        #expect(throws: CanonicalJSON.Unrepresentable.self) { try CanonicalJSON.bytes(.array([.number(.infinity)])) }
    }

    @Test func differentlyEscapedInputGivesTheSameBytesAndNamesAreNotNormalised() throws {
        #expect(try canonical(#"{"a":"\u0053\/"}"#) == #"{"a":"S/"}"#)
        #expect(try canonical("{\"e\\u0301\":1,\"\\u00e9\":2}") == "{\"e\u{301}\":1,\"\u{e9}\":2}")
        #expect(try canonical(#"["\u007f\u2028"]"#) == "[\"\u{7f}\u{2028}\"]")
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "duplicate member name \"a\""), (#"["\ud800"]"#, "lone high surrogate"), (#"["\udc00"]"#, "lone low surrogate"),
        ("[1,]", "unexpected character"), ("01", "unexpected text after the value"), ("[1e999]", "number out of range"),
        ("{\"a\":\"\u{01}\"}", "control character in a string must be escaped"), ("[1] x", "unexpected text after the value"),
        (String(repeating: "[", count: 100), "nested deeper than 64 levels"),
    ])
    func strictParsingRefusesWhatAVerifierMustNotGuess(text: String, reason: String) {
        #expect(throws: StrictJSONParser.SyntaxError.self) { try StrictJSONParser.parse(text) }
        do { _ = try StrictJSONParser.parse(text) } catch { #expect(error.reason == reason) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: StrictJSONParser.SyntaxError.self) { try StrictJSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }
}
