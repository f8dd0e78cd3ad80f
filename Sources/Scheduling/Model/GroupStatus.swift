/// Where a group is in its life; the moves between statuses are in `Rules/GroupLifecycle.swift`.
public enum GroupStatus: String, Sendable, Codable, CaseIterable {
    case planned, open, confirmed
    case inProgress = "in_progress"
    case completed, cancelled
}
