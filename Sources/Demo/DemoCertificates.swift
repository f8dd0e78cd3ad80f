import Certificates
import Certification
import Core
import Database
import Foundation
import PostgresNIO

/// Certificates in every state, made through the inspectorate's own services (so each is numbered, signed and
/// audited as a real one): paper certificates from before the platform imported — most expired, some revoked,
/// some superseded by the certificate issued now — certificates issued to most people who hold a certification,
/// a few issued on an officer's override, and some suspended, reinstated or revoked. Run after the daily pass,
/// which says who holds one.
public struct DemoCertificates: Sendable {
    public struct Report: Sendable, Equatable {
        public var imported = 0
        public var issued = 0
        public var overridden = 0
        public var suspended = 0
        public var reinstated = 0
        public var revoked = 0
    }

    let database: Database
    let certificates: CertificateService

    public init(database: Database, certificates: CertificateService) {
        self.database = database
        self.certificates = certificates
    }

    struct Holder {
        let personID: UUID
        let personalCode: String
        let scheme: String
        let holds: Bool
        let validUntil: CalendarDate?
    }

    public func make(seed: UInt64, today: CalendarDate, by actor: Principal) async throws -> Report {
        var random = SeededRandom(seed: seed ^ 0x6365_7274_6966_7921)
        let holding = CertificateEligibility.holding.map(\.rawValue)
        let people = try await database.withConnection { connection in
            try await DemoStore(database: database).holders(on: connection).map { row in
                Holder(personID: row.person, personalCode: row.personalCode, scheme: row.scheme, holds: holding.contains(row.state),
                       validUntil: row.validUntil.flatMap(CalendarDate.init(iso8601:)))
            }
        }
        var report = Report()
        let chosen = people.filter { $0.holds && random.chance(70) }

        // Paper certificates of an earlier cycle: expired, or still valid until the new one supersedes them.
        var rows = ["number,personal_code,scheme,valid_from,valid_until,issued_on,state,state_reason,state_changed_on"]
        let earlier = today.adding(years: -5)
        for (index, holder) in (chosen.filter { _ in random.chance(30) } + people.filter { !$0.holds && random.chance(5) }).enumerated() {
            let from = earlier.adding(days: Int.random(in: 0...300, using: &random))
            let lapsed = !holder.holds || random.chance(70)
            var until = lapsed ? today.adding(days: -Int.random(in: 1...400, using: &random)) : today.adding(days: Int.random(in: 30...300, using: &random))
            if let held = holder.validUntil, until >= held { until = held.adding(days: -1) }
            let revoked = random.chance(3)
            rows.append([
                "LV-BTAI-\(from.year)-\(index + 1)", holder.personalCode, holder.scheme, from.description, until.description, from.description,
                revoked ? "revoked" : "active", revoked ? "Apliecība izsniegta kļūdaini" : "", revoked ? from.adding(days: 90).description : "",
            ].joined(separator: ","))
        }
        if rows.count > 1 {
            report.imported = try await certificates.importIssued(csv: rows.joined(separator: "\n"), by: actor).created
        }

        // Most holders get theirs, in batches of the size a commission's list may have.
        var issued: [Certificate] = []
        for scheme in Set(chosen.map(\.scheme)).sorted() {
            let members = chosen.filter { $0.scheme == scheme }.map(\.personID)
            for start in stride(from: 0, to: members.count, by: 500) {
                issued += try await issueAll(scheme: scheme, people: Array(members[start..<min(start + 500, members.count)]), by: actor)
            }
        }
        report.issued = issued.count
        // A few on an officer's say-so, for people whose records are still being completed.
        for holder in people.filter({ !$0.holds }).prefix(max(1, chosen.count / 200)) {
            do {
                _ = try await certificates.issue(
                    .init(personID: holder.personID, schemeCode: holder.scheme,
                          overrideReason: "Komisijas lēmums: prasības izpildītas pirms platformas ieviešanas"),
                    by: actor
                )
                report.overridden += 1
            } catch ServiceError.conflict {
                continue  // An imported certificate still stands; an override never stacks on one.
            }
        }
        for certificate in issued {
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 2 {
                _ = try await certificates.change(certificate.number, .revoke, kind: .issuedInError, reason: "Atsaukta pēc pārbaudes: ieraksts bija kļūdains", by: actor)
                report.revoked += 1
            } else if roll < 5 {
                _ = try await certificates.change(certificate.number, .suspend, kind: .forCause, reason: "Apturēta uz pārbaudes laiku", by: actor)
                report.suspended += 1
                if roll == 4 {
                    _ = try await certificates.change(certificate.number, .reinstate, reason: "Pārbaude pabeigta", by: actor)
                    report.reinstated += 1
                }
            }
        }
        return report
    }

    /// Issues to the list; anyone the service refuses (their status changed since the pass) is left out.
    private func issueAll(scheme: String, people: [UUID], by actor: Principal) async throws -> [Certificate] {
        do {
            return try await certificates.issueAll(scheme: scheme, people: people, by: actor)
        } catch ServiceError.validation(let problems) {
            let refused = Set(problems.compactMap { Int($0.field.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }) })
            let rest = people.enumerated().filter { !refused.contains($0.offset) }.map(\.element)
            return rest.isEmpty ? [] : try await certificates.issueAll(scheme: scheme, people: rest, by: actor)
        }
    }
}
