/// Whom a group books and whom it waitlists: never more booked than the capacity.
public enum Capacity {
    /// The places a group may have.
    public static let allowed = 1...500

    /// Whether one more person is booked or waitlisted.
    public static func decide(booked: Int, capacity: Int) -> EnrolmentStatus {
        booked < capacity ? .booked : .waitlisted
    }

    /// How many waitlisted people move up when `booked` of `capacity` places are taken.
    public static func promotions(booked: Int, capacity: Int, waitlisted: Int) -> Int {
        max(0, min(capacity - booked, waitlisted))
    }
}
