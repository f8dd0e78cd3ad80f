/// Requested (a trainer cohort awaits the inspectorate), booked, waitlisted, or cancelled.
public enum EnrolmentStatus: String, Sendable, Codable, CaseIterable {
    case requested, booked, waitlisted, cancelled
}
