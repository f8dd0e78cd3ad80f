import Core
import Curriculum

/// Only a qualified trainer leads a delivery; a provisional one leads their first, supervised group with a
/// fully qualified co-trainer beside them; trainer cohorts are led by fully qualified trainers. Plain rules
/// over the qualifications the people hold.
public enum LeadTrainerRule {
    /// - Parameters:
    ///   - lead: the lead trainer's qualifications for the course's qualification code.
    ///   - coTrainers: the co-trainers' qualifications for the same code.
    public static func check(
        lead: [TrainerQualification], coTrainers: [TrainerQualification], for course: CourseDefinition, kind: GroupKind
    ) throws(ServiceError) {
        let requirement = course.trainerQualification
        guard let held = lead.first(where: { $0.allowsLeading(version: course.version) }) else {
            throw .validation([FieldProblem(
                "leadTrainerId", "the lead trainer is not qualified to lead \(requirement.qualifiedFor) version \(course.version)"
            )])
        }
        guard held.status == .provisional else { return }
        guard kind == .delivery else {
            throw .validation([FieldProblem(
                "leadTrainerId", "a trainer cohort is led by a fully qualified trainer; this one's qualification is provisional"
            )])
        }
        guard coTrainers.contains(where: { $0.status == .qualified && $0.allowsLeading(version: course.version) }) else {
            throw .validation([FieldProblem(
                "coTrainerIds", "the lead trainer's qualification is provisional: a fully qualified co-trainer must supervise this delivery"
            )])
        }
    }
}
