public enum GroupKind: String, Sendable, Codable, CaseIterable {
    /// Delivers a course to participants.
    case delivery
    /// Train-the-trainer: completing it qualifies its participants to lead the course.
    case trainerCohort = "trainer_cohort"
}
