import Core
import Foundation

/// The scheme a scheme replaces, with what was recorded for one person under it: the decisions and overrides
/// there are read as recorded under the replacing scheme, and, with `in_post_before_start: carry_over`, the
/// person's standing there on the day before the replacing scheme takes effect carries over.
///
/// A chain of replacements is a list, the directly replaced scheme first: each is evaluated with the rest of
/// the list as its own replaced schemes.
public struct ReplacedScheme: Sendable, Equatable {
    /// Its approved and retired versions.
    public let versions: [CertificationScheme]
    public let decisions: [CertificationDecision]
    public let overrides: [StatusOverride]

    public init(versions: [CertificationScheme], decisions: [CertificationDecision] = [], overrides: [StatusOverride] = []) {
        self.versions = versions
        self.decisions = decisions
        self.overrides = overrides
    }

    /// The versions of the schemes a family replaces, nearest first: follows `replaces` from its newest version
    /// through `all` (drafts never decided anything, so they are left out), stopping at a loop or an unknown code.
    public static func lineage(of family: [CertificationScheme], in all: [CertificationScheme]) -> [[CertificationScheme]] {
        var seen = Set(family.map(\.code))
        var chain: [[CertificationScheme]] = []
        var next = family.max { $0.version < $1.version }?.replaces
        while let code = next, seen.insert(code).inserted {
            let versions = all.filter { $0.code == code && $0.status != .draft }.sorted { $0.version < $1.version }
            guard !versions.isEmpty else { break }
            chain.append(versions)
            next = versions.last?.replaces
        }
        return chain
    }
}

/// What a person had under a replaced scheme when the replacing one took effect, as carried over.
public struct CarriedStanding: Sendable, Equatable {
    public let schemeCode: String
    /// The version governing that day.
    public let schemeVersion: Int
    /// The person's state there on the day before the replacing scheme took effect (overrides aside: those are
    /// read as recorded under the replacing scheme).
    public let state: CertificationStatus.State
    /// The day the replacing scheme took effect.
    public let on: CalendarDate

    public init(schemeCode: String, schemeVersion: Int, state: CertificationStatus.State, on: CalendarDate) {
        (self.schemeCode, self.schemeVersion, self.state, self.on) = (schemeCode, schemeVersion, state, on)
    }
}
