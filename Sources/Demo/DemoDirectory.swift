import Core
import Foundation

/// Synthetic but realistic directory and training history for a whole country, generated in memory from a
/// seed: every orphan's court and social service of the 42 municipalities, the inspectorate, specialists in
/// the domain's positions spread by population, trainers, and five years of training done elsewhere.
/// Nothing here touches a database; `DemoSeeder` writes it.
public struct DemoDirectory: Sendable {
    public struct Organisation: Sendable, Equatable {
        public let id: UUID
        public let kind: OrganisationKind
        public let name: String
        public let municipality: String?
        public let region: PlanningRegion?
    }

    public struct Person: Sendable, Equatable {
        public let id: UUID
        public let givenName: String
        public let familyName: String
        /// 11 digits in the post-2017 form (`3` and a digit 2–9, then nine more): valid, and carrying no birth date.
        public let personalCode: String
        public let email: String
        public let position: Position
        public let organisationID: UUID
        public let positionStartedOn: CalendarDate
        public let roles: [Role]
        public let accountID: UUID
    }

    public struct TrainingRecord: Sendable, Equatable {
        public let id: UUID
        public let personID: UUID
        public let provider: String
        public let title: String
        public let startsOn: CalendarDate
        public let endsOn: CalendarDate
        public let academicHours: Double
        public let evidenceReference: String
        /// Pending records await an officer's approval, as some always do.
        public let approved: Bool
    }

    /// Specialists in the municipalities at national scale: the EU-funded measure targets 5,988 trained.
    public static let nationalSpecialists = 5_988

    public let organisations: [Organisation]
    public let people: [Person]
    public let records: [TrainingRecord]

    /// - Parameter scale: 1 for national scale, 10 for ten times the people and their history.
    public static func generate(scale: Double, seed: UInt64, today: CalendarDate) -> DemoDirectory {
        var random = SeededRandom(seed: seed)
        var organisations: [Organisation] = []
        var people: [Person] = []
        var records: [TrainingRecord] = []
        var emails = Set<String>()
        var scrambler = SeededRandom(seed: ~seed)
        let offset = scrambler.next() % 1_000_000_000

        func uuid() -> UUID { random.uuid() }
        func person(_ position: Position, in organisation: UUID, roles: [Role] = [.participant]) -> Person {
            let feminine = Int.random(in: 0..<100, using: &random) < 85
            let given = (feminine ? LatvianNames.feminine : LatvianNames.masculine).randomElement(using: &random)!
            let family = LatvianNames.family.randomElement(using: &random)!
            let familyName = feminine ? family.1 : family.0
            let index = people.count
            // Distinct for every index below 10^9 (7919 is prime to 10^9), from an offset the seed scrambles.
            let serial = (UInt64(index) &* 7919 &+ offset) % 1_000_000_000
            let code = "39" + String(format: "%09llu", serial)
            // The seed in the domain keeps two seeds' people apart when one is loaded over the other (--force).
            var email = "\(LatvianNames.ascii(given)).\(LatvianNames.ascii(familyName))@s\(seed).demo.pilnveide.lv"
            if emails.contains(email) {
                email = "\(LatvianNames.ascii(given)).\(LatvianNames.ascii(familyName)).\(index)@s\(seed).demo.pilnveide.lv"
            }
            emails.insert(email)
            let started = today.adding(days: -Int.random(in: 30...(12 * 365), using: &random))
            return Person(id: uuid(), givenName: given, familyName: familyName, personalCode: code, email: email,
                          position: position, organisationID: organisation, positionStartedOn: started, roles: roles, accountID: uuid())
        }

        let inspectorate = Organisation(id: uuid(), kind: .inspectorate, name: "Valsts bērnu tiesību aizsardzības inspekcija",
                                        municipality: "Rīga", region: .riga)
        organisations.append(inspectorate)
        for _ in 0..<Int((40 * scale).rounded()) {
            people.append(person(.inspectorateSpecialist, in: inspectorate.id, roles: [.participant, .inspectorateOfficer]))
        }
        for _ in 0..<Int((60 * scale).rounded()) {
            people.append(person(.trainer, in: inspectorate.id, roles: [.participant, .trainer]))
        }

        let population = Municipality.all.map(\.population).reduce(0, +)
        for place in Municipality.all {
            let court = Organisation(id: uuid(), kind: .orphansCourt, name: "\(place.genitive) bāriņtiesa",
                                     municipality: place.name, region: place.region)
            let social = Organisation(id: uuid(), kind: .socialService, name: "\(place.genitive) sociālais dienests",
                                      municipality: place.name, region: place.region)
            organisations += [court, social]
            let staff = max(8, Int((Double(nationalSpecialists) * scale * Double(place.population) / Double(population)).rounded()))
            people.append(person(.orphansCourtChairperson, in: court.id, roles: [.participant, .orphansCourtChairperson]))
            people.append(person(.orphansCourtDeputyChairperson, in: court.id))
            people.append(person(.administrativeCommissionHead, in: social.id))
            for _ in 3..<staff {
                switch Int.random(in: 0..<100, using: &random) {
                case 0..<18: people.append(person(.orphansCourtMember, in: court.id))
                case 18..<35: people.append(person(.orphansCourtEmployee, in: court.id))
                case 35..<50: people.append(person(.childRightsSpecialist, in: social.id))
                default: people.append(person(.socialWorker, in: social.id))
                }
            }
        }

        // Five years of training done elsewhere: most people have some, a few have none yet.
        let providers = ["Latvijas Universitāte", "Rīgas Stradiņa universitāte", "Bērnu tiesību aizsardzības centrs",
                         "Valsts administrācijas skola", "Biedrība \"Centrs Dardedze\"", "Liepājas Universitāte"]
        let titles = ["Bērna tiesību aizsardzības pamati", "Vardarbības pret bērnu atpazīšana", "Bērna viedokļa uzklausīšana",
                      "ANO Bērna tiesību konvencija praksē", "Ārpusģimenes aprūpe", "Saskarsme ar bērnu krīzes situācijā",
                      "Starpinstitucionālā sadarbība", "Audžuģimeņu atbalsts", "Bāriņtiesas lēmumu pieņemšana"]
        for member in people where member.position != .trainer {
            for _ in 0..<Int.random(in: 0...Int(5), using: &random) {
                let ends = today.adding(days: -Int.random(in: 1...(5 * 365), using: &random))
                let hours = [8.0, 8.0, 12.0, 16.0, 16.0, 24.0].randomElement(using: &random)!
                let days = Int(hours / 8) - 1
                records.append(TrainingRecord(
                    id: uuid(), personID: member.id, provider: providers.randomElement(using: &random)!,
                    title: titles.randomElement(using: &random)!, startsOn: ends.adding(days: -days), endsOn: ends,
                    academicHours: hours, evidenceReference: "Apliecība Nr. \(records.count + 1)",
                    approved: Int.random(in: 0..<100, using: &random) >= 4
                ))
            }
        }
        return DemoDirectory(organisations: organisations, people: people, records: records)
    }
}
