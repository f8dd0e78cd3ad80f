import Certification
import Core

/// Whether a person's status lets a certificate be issued, and what it would say: the certification they hold
/// now (the latest cycle met and still valid), valid from when it was met until it lapses, resting on the
/// records that met it. An officer may issue without it only with a reason, which the certificate keeps.
public enum CertificateEligibility {
    public struct Grant: Sendable, Equatable {
        public let schemeVersion: Int
        public let validFrom: CalendarDate
        public let validUntil: CalendarDate?
        public let basis: [TrainingEvidence]
    }

    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case notApplicable(scheme: String)
        case requirementsNotMet(state: CertificationStatus.State, missing: [String])

        public var description: String {
            switch self {
            case .notApplicable(let scheme): "\(scheme) does not apply to this person"
            case .requirementsNotMet(let state, let missing):
                "the person's status is \(state.rawValue), not certified" + (missing.isEmpty ? "" : ": " + missing.joined(separator: "; "))
            }
        }
    }

    /// The states in which the person holds a certification met under the scheme.
    public static let holding: Set<CertificationStatus.State> = [.certified, .windowOpen]

    public static func grant(_ status: CertificationStatus?, scheme: String, on day: CalendarDate) -> Result<Grant, Refusal> {
        guard let status else { return .failure(.notApplicable(scheme: scheme)) }
        // The latest certification granted that has begun and not lapsed: a renewal met early begins when its
        // window opens, and until then the one before it stands.
        guard holding.contains(status.state),
              let cycle = status.cycles.last(where: { cycle in
                  cycle.startsOn.map { $0 <= day } == true && (cycle.validUntil.map { $0 >= day } ?? true)
              }),
              let startsOn = cycle.startsOn
        else { return .failure(.requirementsNotMet(state: status.state, missing: status.missing)) }
        return .success(Grant(schemeVersion: cycle.grantedUnder ?? status.schemeVersion, validFrom: startsOn, validUntil: cycle.validUntil,
                              basis: cycle.records))
    }

    /// Issued on an officer's say-so: from `day`, until the certification the status shows (if any) or for the
    /// scheme's validity, resting on whatever records the latest cycle counted.
    public static func override(_ status: CertificationStatus?, scheme: CertificationScheme, on day: CalendarDate) -> Grant {
        let until = status?.validUntil.flatMap { $0 >= day ? $0 : nil }
            ?? scheme.window.validUntil(issuedOn: day)
        return Grant(schemeVersion: status?.schemeVersion ?? scheme.version, validFrom: day, validUntil: until,
                     basis: status?.cycles.last?.records ?? [])
    }
}
