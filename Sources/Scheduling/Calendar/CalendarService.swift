import Core
import Curriculum
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// Per-person calendar feeds: every session a person trains or is booked into, at a secret URL they can
/// rotate. Only the secret's SHA-256 is stored; a rotated secret stops working at once.
public struct CalendarService: Sendable {
    let database: Database
    let store: CalendarStore
    let catalogue: CatalogueService
    let directory: DirectoryService
    let audit: AuditTrail

    public init(database: Database, store: CalendarStore, catalogue: CatalogueService, directory: DirectoryService, audit: AuditTrail) {
        self.database = database
        self.store = store
        self.catalogue = catalogue
        self.directory = directory
        self.audit = audit
    }

    /// A new secret for `personID`'s feed, replacing any earlier one. Shown once.
    public func rotateFeed(for personID: UUID, by actor: Principal) async throws -> String {
        if case .caller(let caller) = actor, caller.personID != personID, !caller.isInspectorate {
            throw ServiceError.forbidden("you may manage only your own calendar feed")
        }
        let secret = AccessToken.generate()
        try await database.transaction { connection in
            try await store.replaceSecret(person: personID, secretHash: secret.hash, on: connection)
            try await audit.record(
                "calendar.rotated", subjectType: "person", subjectID: personID.uuidString, by: actor, on: connection
            )
        }
        return secret.value
    }

    /// The feed behind a secret, or nil when no feed has it.
    public func feed(secret: String, now: Date = Date()) async throws -> String? {
        try await database.withConnection { connection in
            guard let personID = try await store.owner(secretHash: AccessToken.hash(of: secret), on: connection),
                  let person = try await directory.person(id: personID, on: connection)
            else { return nil }
            return ICalendar.feed(
                name: "Pilnveide — \(person.givenName) \(person.familyName)",
                events: try await events(for: personID, on: connection), now: now
            )
        }
    }

    func events(for personID: UUID, on connection: PostgresConnection) async throws -> [CalendarEvent] {
        let entries = try await store.entries(for: personID, on: connection)
        let courses = try await catalogue.heads(ids: entries.map(\.courseVersionID), on: connection)
        return entries.map { entry in
            let withdrawn = entry.role == "cancelled"
            return CalendarEvent(
                uid: "\(entry.sessionID.lowercasedString)@pilnveide",
                // A person's own cancellation is a change to their copy of the event.
                sequence: entry.sequence + (withdrawn ? 1 : 0),
                startsAt: entry.startsAt, endsAt: entry.endsAt,
                summary: "\(courses[entry.courseVersionID]?.title.lv ?? "") (\(entry.groupCode))",
                location: entry.online ? "Tiešsaistē / online" : entry.venue,
                description: entry.role == "trainer" ? "Jūs vadāt šo nodarbību / You lead this session" : nil,
                cancelled: entry.cancelled || withdrawn,
                lastModified: entry.lastModified
            )
        }
    }
}
