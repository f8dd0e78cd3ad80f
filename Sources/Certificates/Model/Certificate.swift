import Core
import Foundation

/// A certificate the inspectorate issued (or one imported from before the platform existed): who holds it, under
/// which scheme version, what it rests on, how long it is valid, and its state.
public struct Certificate: Sendable, Equatable {
    /// What an officer set; `expired` and `superseded` follow from dates and later certificates.
    public enum RecordedState: String, Sendable, CaseIterable {
        case active, suspended, revoked
    }

    public enum State: String, Sendable, CaseIterable {
        case active, suspended, revoked, expired, superseded
    }

    public enum Origin: String, Sendable {
        case issued, imported
    }

    /// A training record the certificate rests on, as it stood when the certificate was issued.
    public struct Basis: Sendable, Equatable {
        public let recordID: UUID?
        public let title: String
        public let courseCode: String?
        public let academicHours: Double
        public let completedOn: CalendarDate

        public init(recordID: UUID?, title: String, courseCode: String?, academicHours: Double, completedOn: CalendarDate) {
            self.recordID = recordID
            self.title = title
            self.courseCode = courseCode
            self.academicHours = academicHours
            self.completedOn = completedOn
        }
    }

    public let id: UUID
    public let number: String
    public let verificationCode: String
    public let personID: UUID
    public let holderName: String
    public let schemeCode: String
    public let schemeVersion: Int
    public let schemeTitle: String
    public let validFrom: CalendarDate
    public let validUntil: CalendarDate?
    public let academicHours: Double
    public internal(set) var basis: [Basis]
    public let origin: Origin
    public let issuedAt: Date
    public let issuedBy: String
    public let overrideReason: String?
    public internal(set) var recordedState: RecordedState
    public let stateReason: String?
    public let stateChangedAt: Date?
    public let supersededBy: String?
    public internal(set) var statusListID: Int
    public internal(set) var statusListIndex: Int
    /// The signed credential as issued, byte for byte; nil for imported certificates.
    public let credential: String?
    /// Why it was suspended or revoked; nil while active, and for changes made before the kind was asked for.
    public var stateKind: Withdrawal? = nil

    /// Why a certificate is suspended or revoked.
    public enum Withdrawal: String, Sendable, CaseIterable {
        /// The certification itself is withdrawn or suspended: the holder's status follows, from that day.
        case forCause = "for_cause"
        /// The certificate was wrong (a name, a date): the holder's status stands, and a replacement needs no override.
        case issuedInError = "issued_in_error"
    }

    /// The state on `day`: revoked and suspended stand; then superseded; then expired after its last valid day.
    public func state(on day: CalendarDate) -> State {
        switch recordedState {
        case .revoked: return .revoked
        case .suspended: return .suspended
        case .active:
            if supersededBy != nil { return .superseded }
            if let validUntil, day > validUntil { return .expired }
            return .active
        }
    }
}

/// What anyone may learn of a certificate by its number or the code of its link: never a personal code, an
/// e-mail or anything else about the holder but their name.
public struct CertificateVerification: Sendable, Equatable {
    public enum Answer: String, Sendable, CaseIterable {
        case valid, suspended, revoked, expired, superseded, unknown
    }

    public let answer: Answer
    public let reference: String
    public let certificate: Certificate?

    public init(answer: Answer, reference: String, certificate: Certificate?) {
        self.answer = answer
        self.reference = reference
        self.certificate = certificate
    }

    public init(_ certificate: Certificate, reference: String, on day: CalendarDate) {
        let answer: Answer = switch certificate.state(on: day) {
        case .active: .valid
        case .suspended: .suspended
        case .revoked: .revoked
        case .expired: .expired
        case .superseded: .superseded
        }
        self.init(answer: answer, reference: reference, certificate: certificate)
    }
}
