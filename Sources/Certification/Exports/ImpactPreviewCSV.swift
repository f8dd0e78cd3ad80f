import Core
import Foundation

/// The impact preview as CSV: one row per person either scheme covers.
public enum ImpactPreviewCSV {
    public static func text(_ preview: ImpactPreview) -> String {
        var csv = CSVWriter(header: [
            "person_id", "name", "organisation_id", "region", "position", "proposed", "proposed_state", "proposed_deadline", "current",
            "current_state", "current_deadline", "moved_because_of",
        ])
        for person in preview.people {
            csv.append([
                person.personID.lowercasedString, person.name, person.organisationID?.lowercasedString, person.region?.rawValue,
                person.position.rawValue, ImpactPreview.Standing(person.proposed).rawValue, person.proposed?.state.rawValue,
                person.proposed?.deadline?.description, ImpactPreview.Standing(person.current).rawValue, person.current?.state.rawValue,
                person.current?.deadline?.description, person.movedBecauseOf?.rawValue,
            ])
        }
        return csv.text
    }
}
