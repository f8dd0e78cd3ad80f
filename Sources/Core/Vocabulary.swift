import Foundation

/// Latvia's five planning regions (plānošanas reģioni).
public enum PlanningRegion: String, CaseIterable, Codable, Sendable {
    case kurzeme, latgale, riga, vidzeme, zemgale

    /// The Latvian name, as written in source documents and CSV files.
    public var latvianName: String {
        switch self {
        case .kurzeme: "Kurzeme"
        case .latgale: "Latgale"
        case .riga: "Rīga"
        case .vidzeme: "Vidzeme"
        case .zemgale: "Zemgale"
        }
    }

    /// Accepts the code (`riga`) or the Latvian name (`Rīga`, any case).
    public init?(lenient text: String) {
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let region = PlanningRegion(rawValue: folded) { self = region; return }
        guard let region = PlanningRegion.allCases.first(where: { $0.latvianName.lowercased() == folded }) else {
            return nil
        }
        self = region
    }
}

public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    /// The inspectorate (VBTAI), since 2024 the Child Protection Centre (BAC).
    case inspectorate
    case orphansCourt = "orphans_court"
    case socialService = "social_service"
    case other
}

/// A person's position, which decides which courses are meant for them.
public enum Position: String, CaseIterable, Codable, Sendable {
    case orphansCourtChairperson = "orphans_court_chairperson"
    case orphansCourtDeputyChairperson = "orphans_court_deputy_chairperson"
    case orphansCourtMember = "orphans_court_member"
    case orphansCourtEmployee = "orphans_court_employee"
    case socialWorker = "social_worker"
    case childRightsSpecialist = "child_rights_specialist"
    case administrativeCommissionHead = "administrative_commission_head"
    case inspectorateSpecialist = "inspectorate_specialist"
    case trainer
    case other
}

/// What an account may do. Every account is also a participant.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case inspectorateAdministrator = "inspectorate_administrator"
    case inspectorateOfficer = "inspectorate_officer"
    case trainer
    case orphansCourtChairperson = "orphans_court_chairperson"
    case participant

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}
