import Core

/// A scheme's versions, oldest first, and which one governs a day: the newest whose effective dates cover it,
/// else the first (for days before any began) or the newest (for days after the last ended).
package struct SchemeVersions: Sendable {
    package let all: [CertificationScheme]

    /// Nil for no versions.
    package init?(_ versions: [CertificationScheme]) {
        guard !versions.isEmpty else { return nil }
        all = versions.sorted { $0.version < $1.version }
    }

    package var first: CertificationScheme { all[0] }

    package func governing(_ day: CalendarDate) -> CertificationScheme {
        all.last { $0.effectiveFrom <= day && $0.effectiveUntil.map { day <= $0 } != false } ?? (day < first.effectiveFrom ? first : all.last!)
    }
}
