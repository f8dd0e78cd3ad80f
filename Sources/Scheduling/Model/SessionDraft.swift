/// A session as asked for: Riga wall-clock times (or with an offset), and the academic hours it credits.
public struct SessionDraft: Sendable {
    public var startsAt: String
    public var endsAt: String
    public var academicHours: Int
    public var venue: String?

    public init(startsAt: String, endsAt: String, academicHours: Int, venue: String? = nil) {
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.academicHours = academicHours
        self.venue = venue
    }
}
