import Core
import Database
import Directory
import Foundation
import PostgresNIO

/// "What would this rule change mean?": a scheme version not yet in force, evaluated on a chosen day for
/// everyone it or the scheme it replaces covers, by the same `CertificationStatus` over the same data, beside
/// the scheme in force — writing nothing.
public struct ImpactPreviewService: Sendable {
    let database: Database
    let certification: CertificationService
    let batchSize: Int

    public init(database: Database, certification: CertificationService, batchSize: Int = 1000) {
        self.database = database
        self.certification = certification
        self.batchSize = batchSize
    }

    public func preview(
        code: String, version: Int, on day: CalendarDate, by actor: Principal, today: CalendarDate = .today()
    ) async throws -> ImpactPreview {
        guard actor.isInspectorate else { throw ServiceError.forbidden("the impact preview is the inspectorate's") }
        return try await database.withConnection { connection in
            let versions = try await certification.schemes.versions(on: connection).map(\.scheme)
            guard let proposed = versions.first(where: { $0.code == code && $0.version == version }) else {
                throw ServiceError.notFound("no certification scheme \(code) has version \(version)")
            }
            guard !proposed.inForce(on: today) else {
                throw ServiceError.conflict("\(code) version \(version) is in force; the preview is for rules not yet in force")
            }
            guard day >= proposed.effectiveFrom else {
                throw ServiceError.validation([FieldProblem("on", "choose a day on or after \(proposed.effectiveFrom), when the version would take effect")])
            }
            let current = CertificationService.inForce(versions, on: day).first { $0.code == (proposed.replaces ?? proposed.code) }
            let currentFamily = CertificationService.families(versions, inForceOn: day).first { $0.first?.code == current?.code } ?? []
            let lineage = ReplacedScheme.lineage(of: [proposed], in: versions)
            let currentLineage = ReplacedScheme.lineage(of: currentFamily, in: versions)
            let positions = Set(proposed.appliesTo.positions + (current?.appliesTo.positions ?? []))
            let people = try await certification.directory.personIDs(positions: Array(positions), on: connection)
            var rows: [ImpactPreview.Person] = []
            for start in stride(from: 0, to: people.count, by: batchSize) {
                let batch = Array(people[start..<min(start + batchSize, people.count)])
                for inputs in try await certification.inputs(of: batch, connection: connection) {
                    let underProposed = inputs.status(under: [proposed], lineage: lineage, on: day)
                    let underCurrent = currentFamily.isEmpty ? nil : inputs.status(under: currentFamily, lineage: currentLineage, on: day)
                    guard underProposed != nil || underCurrent != nil else { continue }
                    rows.append(.init(personID: inputs.person.id, name: "\(inputs.person.familyName) \(inputs.person.givenName)",
                                      organisationID: inputs.person.organisationID, region: inputs.placement?.region,
                                      position: inputs.person.position, proposed: underProposed, current: underCurrent))
                }
            }
            rows.sort { ($0.name, $0.personID) < ($1.name, $1.personID) }
            var totals: [ImpactPreview.Standing: ImpactPreview.Count] = [:]
            var groups: [ImpactPreview.Group: Int] = [:]
            for row in rows {
                let (p, c) = (ImpactPreview.Standing(row.proposed), ImpactPreview.Standing(row.current))
                totals[p, default: .init()].proposed += 1
                totals[c, default: .init()].current += 1
                switch row.movedBecauseOf {
                case .transition?: totals[p, default: .init()].movedByTransition += 1
                case .rule?: totals[p, default: .init()].movedByRule += 1
                case nil: break
                }
                groups[.init(region: row.region, organisationID: row.organisationID, position: row.position, proposed: p, current: c), default: 0] += 1
            }
            return ImpactPreview(schemeCode: code, schemeVersion: version, comparedWith: current?.code, comparedVersion: current?.version,
                                 on: day, totals: totals, groups: groups, people: rows)
        }
    }
}
