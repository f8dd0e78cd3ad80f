import Certificates
import Certification
import Core
import Curriculum
import Foundation
import Testing

/// What a certificate would say, from the status alone: the certification held on the day, from when it began.
@Suite struct CertificateEligibilityTests {
    let statuses = CertificationStatusTests()

    @Test func aRenewalMetEarlyIsCertifiedFromItsWindowAndUntilThenTheCurrentOneStands() throws {
        let programme = statuses.record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        let refresher = statuses.record("ZP-BERNA-INTERESES", 24, on: "2028-05-01")
        let before = try CertificateEligibility.grant(statuses.status([programme, refresher], on: "2029-01-01"), scheme: "X",
                                                      on: statuses.date("2029-01-01")).get()
        #expect(before.validFrom == statuses.date("2026-06-19") && before.validUntil == statuses.date("2031-06-18"))
        #expect(before.basis.map(\.courseCode) == ["PKP-BT-DARBINIEKI"] && before.schemeVersion == 1)
        let renewed = try CertificateEligibility.grant(statuses.status([programme, refresher], on: "2030-10-01"), scheme: "X",
                                                       on: statuses.date("2030-10-01")).get()
        #expect(renewed.validFrom == statuses.date("2030-06-18") && renewed.validUntil == statuses.date("2036-06-18"))
        #expect(renewed.basis.map(\.courseCode) == ["ZP-BERNA-INTERESES"])
    }

    @Test func withoutTheRequirementsMetItIsRefusedWithWhatIsMissing() {
        let refusal = CertificateEligibility.grant(statuses.status([], on: "2026-04-01"), scheme: "X", on: statuses.date("2026-04-01"))
        #expect(refusal == .failure(.requirementsNotMet(state: .notStarted,
                                                        missing: ["48 more academic hours from PKP-BT-DARBINIEKI, PKP-BT-PRIEKSSEDETAJI by 2026-08-31"])))
        #expect(CertificateEligibility.grant(nil, scheme: "X", on: statuses.date("2026-04-01")) == .failure(.notApplicable(scheme: "X")))
        // An override runs from the day of issue for the scheme's validity.
        let override = CertificateEligibility.override(nil, scheme: CertificationStatusTests.refresher, on: statuses.date("2026-04-01"))
        #expect(override.validFrom == statuses.date("2026-04-01") && override.validUntil == statuses.date("2031-03-31") && override.basis.isEmpty)
    }
}
