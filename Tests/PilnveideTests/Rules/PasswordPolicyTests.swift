import Core
import Directory
import Testing

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy.standard

    @Test func theShippedListIsLoadedAndHoldsLatvianAndEnglishFavourites() {
        #expect(policy.commonCount > 3000)
        for common in ["password1234", "qwertyuiop123", "parole123456", "Parole123456", "latvija12345", "ziemassvetki2025"] {
            #expect(policy.problems(common, email: nil) == [.common], "\(common)")
        }
    }

    @Test func lengthComesFirstAndSpacesAloneAreRefused() {
        #expect(policy.problems("short", email: nil) == [.tooShort])
        #expect(policy.problems(String(repeating: "x", count: 1025), email: nil) == [.tooLong])
        #expect(policy.problems(String(repeating: " ", count: 12), email: nil) == [.onlySpaces])
        #expect(policy.problems("a long enough passphrase", email: nil) == [])
        #expect(policy.problems("Ģimenes vērtības 2026", email: nil) == [])
    }

    @Test func aCommonPasswordWithDigitsOrMarksAddedIsStillCommon() {
        #expect(policy.problems("monkey123456!", email: nil) == [.common])
        #expect(policy.problems("Sunshine 2026!!", email: nil) == [.common])
        #expect(policy.problems("Pareiza-parole-1", email: nil) == [])
    }

    @Test func theNamePartOfTheAddressIsRefusedWholeOrInPieces() {
        let email = "ilze.ozolina@example.lv"
        #expect(policy.problems("mana-ILZE.OZOLINA-parole", email: email) == [.containsEmailName])
        #expect(policy.problems("ozoliņa-un-kaķis-77", email: email) == [.containsEmailName])
        #expect(policy.problems("ilze-un-kakis-1977", email: email) == [.containsEmailName])
        #expect(policy.problems("citas-vardu-virknes", email: email) == [])
        // Short pieces do not rule out every password that happens to hold them.
        #expect(policy.problems("jo kalni ir zali", email: "jo.k@example.lv") == [])
        #expect(policy.problems("xy-kalni-ir-zali", email: "xyz@example.lv") == [])
        #expect(policy.problems("xyz-kalni-ir-zali", email: "xyz@example.lv") == [.containsEmailName])
    }

    @Test func checkNamesTheFieldWithEveryProblemInEnglish() {
        #expect(throws: ServiceError.validation([
            FieldProblem("newPassword", "must not contain the name part of the e-mail address"),
            FieldProblem("newPassword", "is one of the most commonly used passwords; choose another"),
        ])) {
            try policy.check("password1234", email: "password@example.lv", field: "newPassword")
        }
        #expect(PasswordPolicy.Problem.common.text(in: .lv).contains("biežāk"))
    }
}
