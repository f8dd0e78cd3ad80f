/// A session as asked for: Riga wall-clock times (or with an offset), the academic hours it credits and the
/// modules it covers.
public struct SessionDraft: Sendable {
    public var startsAt: String
    public var endsAt: String
    public var academicHours: Int
    public var venue: String?
    /// Codes of the course's modules it covers.
    public var modules: [String]

    public init(startsAt: String, endsAt: String, academicHours: Int, venue: String? = nil, modules: [String] = []) {
        self.modules = modules
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.academicHours = academicHours
        self.venue = venue
    }
}
