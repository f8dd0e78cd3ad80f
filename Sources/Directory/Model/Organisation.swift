import Core
import Foundation

public struct Organisation: Sendable, Equatable {
    public let id: UUID
    public var kind: OrganisationKind
    public var name: String
    public var municipality: String?
    public var region: PlanningRegion?
    public let createdAt: Date
    public var updatedAt: Date
}

/// What a new organisation needs; validated by `validated()`.
public struct OrganisationDraft: Sendable {
    public var kind: String
    public var name: String?
    public var municipality: String?
    public var region: String?

    public init(kind: String, name: String?, municipality: String?, region: String?) {
        self.kind = kind
        self.name = name
        self.municipality = municipality
        self.region = region
    }

    struct Valid {
        let kind: OrganisationKind
        let name: String
        let municipality: String?
        let region: PlanningRegion?
    }

    func validated() throws(ServiceError) -> Valid {
        var validation = Validation()
        let kind = OrganisationKind(rawValue: self.kind)
        if kind == nil {
            validation.add("kind", "must be one of \(OrganisationKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = validation.requiredText(name, "name")
        let municipality = validation.optionalText(municipality, "municipality")
        var region: PlanningRegion?
        let regionText = validation.optionalText(self.region, "region")
        if let regionText {
            region = PlanningRegion(lenient: regionText)
            if region == nil {
                validation.add("region", "must be one of \(PlanningRegion.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if kind == .orphansCourt {
            if municipality == nil { validation.add("municipality", "is required for an orphan's court") }
            if regionText == nil { validation.add("region", "is required for an orphan's court") }
        }
        try validation.check()
        return Valid(kind: kind!, name: name!, municipality: municipality, region: region)
    }
}

/// Changes to an organisation; nil leaves a field as it is.
public struct OrganisationChanges: Sendable {
    public var name: String?
    public var municipality: String?
    public var region: String?

    public init(name: String? = nil, municipality: String? = nil, region: String? = nil) {
        self.name = name
        self.municipality = municipality
        self.region = region
    }

    func applied(to organisation: Organisation) throws(ServiceError) -> OrganisationDraft.Valid {
        try OrganisationDraft(
            kind: organisation.kind.rawValue,
            name: name ?? organisation.name,
            municipality: municipality ?? organisation.municipality,
            region: region ?? organisation.region?.rawValue
        ).validated()
    }
}

public struct OrganisationFilter: Sendable {
    public var kind: OrganisationKind?
    public var region: PlanningRegion?
    /// Case-insensitive text in the name or municipality.
    public var text: String?

    public init(kind: OrganisationKind? = nil, region: PlanningRegion? = nil, text: String? = nil) {
        self.kind = kind
        self.region = region
        self.text = text
    }
}
