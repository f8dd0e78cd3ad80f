import App
import Certificates
import Certification
import Core
import Foundation
import HTTPTypes
import Platform
import Scheduling
import Testing
import TestSupport
import Training

/// Who may call an operation is stated in the contract's `x-roles`, again in its description's "Roles:"
/// sentence, in the README's table (made from those sentences by scripts/roles-table.py) and, as the rules that
/// count, in the services' guards. These tests (and ReadmeRolesTableTests) hold the four together, reading the document the server serves,
/// so an operation added to it is covered at once.
///
/// Every account is a participant (`Caller` adds the role), so an operation that lists `participant` is open to
/// every signed-in account as far as roles go; what each may do there (their own record, their court's people,
/// the groups they lead) is the service's rule, tested with the service. An account "of a role" here holds that
/// role and, like everyone, participant; the plain participant holds nothing else. An operation refuses an account
/// when none of the account's roles is in its `x-roles`. A second plain participant leads the group the calls name
/// and co-leads the supervised one, without the trainer role: a guard that asks only whether the caller is one of
/// a group's trainers, not whether they are a trainer, lets them through.
@Suite(.freshDatabase) struct RolesInTheContractTests {
    /// Operations that answer an unlisted role 404 rather than 403, so as not to say that the record exists, each
    /// with its reason. None does today: each refuses a role it does not list with 403 before or after finding the
    /// record. (Where a record's existence is hidden, as a certificate's is from those who may not see it, the
    /// service answers 403 whether it exists or not, and `participant` is listed there.)
    static let hidden: [String: String] = [:]

    /// One account per role, each holding only that role (and participant, as every account does), and the
    /// groups' trainer who holds no role.
    static func accounts(_ directory: DirectoryFixture, _ setting: Setting) -> [(role: Role, caller: Caller)] {
        [(.inspectorateAdministrator, directory.administrator), (.inspectorateOfficer, directory.officer), (.trainer, directory.trainer),
         (.orphansCourtChairperson, directory.chairpersonA), (.participant, directory.memberA), (.participant, setting.groupsTrainerWithoutTheRole)]
    }

    @Test func everyOperationRefusesEachRoleItDoesNotList() async throws {
        let keys = try await CertificateFixture.keyFolder()
        try await withAPI(configure: { $0.keysDirectory = keys; $0.issuer = IssuerProfile(publicURL: "https://pilnveide.example.lv") }) { api, directory in
            let setting = try await Self.callsOnRealRecords(api, directory)
            let calls = setting.calls
            let operations = try await ContractOperation.served(by: api)
            let checked = operations.filter { !$0.isPublic && !$0.roles.contains("participant") }
            #expect(checked.count > 30)
            // Every operation some role may not call has a call here that names real records, and no call is stale.
            #expect(Set(checked.map(\.id)).subtracting(calls.keys).sorted() == [], "operations with no call in callsOnRealRecords")
            #expect(Set(calls.keys).subtracting(checked.map(\.id)).sorted() == [], "calls for operations every role may make, or none")
            #expect(Set(Self.hidden.keys).subtracting(checked.map(\.id)).sorted() == [], "stale entries in hidden")

            var tokens: [String: String] = [:]
            for (role, caller) in Self.accounts(directory, setting) {
                #expect(caller.roles == [role, .participant], "the \(role.rawValue) account holds \(caller.roles)")
                tokens[caller.email] = try await api.token(for: caller)
            }
            var refusals = 0
            for operation in checked {
                guard let call = calls[operation.id] else { continue }
                #expect(operation.matches(call.path), "\(call.path) is not a path of \(operation)")
                for (role, caller) in Self.accounts(directory, setting) where caller.roles.allSatisfy({ !operation.roles.contains($0.rawValue) }) {
                    let response = try await api.request(operation.method, call.path, token: tokens[caller.email], json: call.body)
                    if Self.hidden[operation.id] != nil {
                        #expect(response.status == .notFound, "\(operation) as \(role.rawValue) \(caller.email): \(response.status) \(response.text)")
                        try response.expectProblem(.notFound, type: "not-found")
                    } else {
                        #expect(response.status == .forbidden, "\(operation) as \(role.rawValue) \(caller.email), not in \(operation.roles.sorted()): \(response.status) \(response.text)")
                        try response.expectProblem(.forbidden, type: "forbidden")
                    }
                    refusals += 1
                }
            }
            #expect(refusals > 100)

            // The reads are made as a listed role too: the records they name exist and the call is well formed, so
            // the refusals above came from the guard.
            for operation in checked where operation.method == .get {
                guard let call = calls[operation.id],
                      let listed = Self.accounts(directory, setting).first(where: { operation.roles.contains($0.role.rawValue) })
                else { continue }
                let response = try await api.request(.get, call.path, token: tokens[listed.caller.email])
                #expect(response.status == .ok, "\(operation) as \(listed.role.rawValue), who is listed: \(response.status) \(response.text.prefix(500))")
            }
        }
    }

    /// Each operation's "Roles:" sentence names exactly the roles of its `x-roles`, and an operation open to
    /// anyone is the one that needs no sign-in.
    @Test func everyRolesSentenceNamesTheRolesOfItsXRoles() async throws {
        try await withAPI { api, _ in
            let operations = try await ContractOperation.served(by: api)
            #expect(operations.count > 60)
            let known = Set(Role.allCases.map(\.rawValue) + ["anyone"])
            for operation in operations {
                #expect(!operation.roles.isEmpty && operation.roles.isSubset(of: known), "\(operation): x-roles \(operation.roles.sorted())")
                #expect(operation.isPublic == (operation.roles == ["anyone"]), "\(operation): x-roles \(operation.roles.sorted()), security [] \(operation.isPublic)")
                let named = try #require(operation.rolesNamedInWords, "\(operation) has no Roles: sentence")
                #expect(named == operation.roles, "\(operation): \"\(operation.rolesSentence ?? "")\" names \(named.sorted()), x-roles \(operation.roles.sorted())")
            }
        }
    }

    struct Call {
        let path: String
        var body: String?
    }

    struct Setting {
        let groupsTrainerWithoutTheRole: Caller
        /// By operation id.
        let calls: [String: Call]
    }

    /// A call of each operation that some role may not make, naming records that exist, with a body the
    /// operation takes: a refusal must come from the guard, not from a missing record or a malformed request.
    static func callsOnRealRecords(_ api: APIClient, _ directory: DirectoryFixture) async throws -> Setting {
        let op = Principal.operator_("test")
        let services = try await Services(database: try FreshDatabase.current.database)
        // An approved course whose trainers' first delivery is supervised, two fully qualified trainers, and an
        // open group of it with two sessions and a booked participant.
        let scheduling = try await SchedulingFixture.make(supervised: true)
        let course = scheduling.courseCode
        let group = try await scheduling.openGroup(co: [scheduling.coTrainer.id])
        let session = try #require(group.liveSessions.first).id
        let enrolment = try await scheduling.enrolments.enrol(personID: directory.memberB.personID, in: group.id, overrideReason: "testa dalībniece", by: op)
        // A provisional trainer leading a group with a fully qualified co-trainer, whose delivery awaits sign-off.
        let provisional = try await scheduling.person("Pēteris", position: .trainer)
        let qualification = try await scheduling.qualifications.grant(
            personID: provisional.id, courseCode: course, fromVersion: 1, provisional: true, reason: "trenera kohorta", by: op
        )
        let supervised = try await scheduling.openGroup(day: "2027-05-17", lead: provisional.id, co: [scheduling.lead.id])
        let newcomer = try await scheduling.person("Jana", position: .trainer)
        let leadWithoutTheRole = try await services.accounts.createAccount(
            email: "liva-\(scheduling.tag.lowercased())@example.lv", personID: scheduling.lead.id, roles: [], password: DirectoryFixture.password, by: op
        )
        // A training record done elsewhere, waiting for another officer's approval.
        let record = try await services.trainingRecords.recordExternal(
            .init(personID: directory.memberA.personID, provider: "Latvijas Universitāte", title: "Bērna tiesības", academicHours: 8,
                  completedOn: "2025-04-01", evidenceReference: "LU 2025/14"),
            by: .caller(directory.officer)
        )
        // A certification scheme, and a certificate under it issued on an officer's say-so; a draft scheme, whose
        // impact may be previewed.
        let scheme = "ROLES-\(UUID().uuidString.prefix(6))"
        _ = try await services.schemes.importSchemes(try CertificationServiceTests().scheme(code: scheme), by: op)
        let draft = "DRAFT-\(UUID().uuidString.prefix(6))"
        _ = try await services.schemes.importSchemes(try SchemeCatalogue.check([(
            "\(draft.lowercased()).yaml",
            SchemeFileTests.scheme([("status: approved", "status: draft"), ("effective_from: 2027-01-01", "effective_from: 2099-01-01")], code: draft)
        )], courses: SchemeFileTests.courses), by: op)
        let issued = try await api.request(
            .post, "/v1/certificates", token: try await api.token(for: directory.officer),
            json: try jsonBody(["personId": directory.memberA.personID.lowercasedString, "schemeCode": scheme, "overrideReason": "papīra sertifikāts Nr. 3"])
        )
        #expect(issued.status == .created, "\(issued.text)")
        let certificate = try #require(issued["number"])

        let groupPath = "/v1/groups/\(group.id.lowercasedString)"
        let member = directory.memberB.personID.lowercasedString
        let courtA = directory.courtA.id.lowercasedString
        return Setting(groupsTrainerWithoutTheRole: leadWithoutTheRole, calls: [
            "createOrganisation": Call(path: "/v1/organisations", body: #"{"kind": "orphans_court", "name": "Jaunā bāriņtiesa"}"#),
            "updateOrganisation": Call(path: "/v1/organisations/\(courtA)", body: #"{"name": "Pārdēvētā bāriņtiesa"}"#),
            "listPeople": Call(path: "/v1/people"),
            "createPerson": Call(path: "/v1/people", body: #"{"givenName": "Jānis", "familyName": "Jauns", "position": "social_worker"}"#),
            "approveCourseVersion": Call(path: "/v1/courses/\(course)/versions/1/approve"),
            "retireCourseVersion": Call(path: "/v1/courses/\(course)/versions/1/retire"),
            "getCourseFeedback": Call(path: "/v1/courses/\(course)/versions/1/feedback"),
            "createGroup": Call(path: "/v1/groups", body: try jsonBody([
                "code": "G-JAUNA", "courseCode": course, "courseVersion": 1, "region": "riga",
                "leadTrainerId": scheduling.lead.id.lowercasedString, "capacity": 10, "venue": "Rīgas bāriņtiesa, zāle 2",
            ])),
            "updateGroup": Call(path: groupPath, body: #"{"capacity": 20}"#),
            "addSession": Call(path: "\(groupPath)/sessions", body: #"{"startsAt": "2027-05-11T09:00", "endsAt": "2027-05-11T12:00", "academicHours": 4}"#),
            "cancelSession": Call(path: "\(groupPath)/sessions/\(session.lowercasedString)"),
            "changeGroupStatus": Call(path: "\(groupPath)/status", body: #"{"status": "confirmed"}"#),
            "completeCohort": Call(path: "\(groupPath)/complete", body: "{}"),
            "markAttendance": Call(path: "\(groupPath)/sessions/\(session.lowercasedString)/attendance",
                                   body: #"{"entries": [{"personId": "\#(member)", "status": "present"}]}"#),
            "listAttendanceChanges": Call(path: "\(groupPath)/attendance/changes"),
            "recordAssessments": Call(path: "\(groupPath)/assessments", body: #"{"results": [{"personId": "\#(member)", "passed": true}]}"#),
            "previewClosing": Call(path: "\(groupPath)/closing"),
            "closeGroup": Call(path: "\(groupPath)/close"),
            "getGroupFeedback": Call(path: "\(groupPath)/feedback"),
            "submitLecturerReport": Call(path: "\(groupPath)/lecturer-reports", body: #"{"whatWorked": "Gadījumu analīze", "whatToChange": "Vairāk laika"}"#),
            "approveEnrolment": Call(path: "/v1/enrolments/\(enrolment.id.lowercasedString)/approve"),
            "listCourtEnrolments": Call(path: "/v1/enrolments?organisationId=\(courtA)"),
            "grantQualification": Call(path: "/v1/qualifications", body: try jsonBody([
                "personId": newcomer.id.lowercasedString, "courseCode": course, "fromVersion": 1, "reason": "trenera kohorta",
            ])),
            "withdrawQualification": Call(path: "/v1/qualifications/\(qualification.id.lowercasedString)/withdraw", body: #"{"reason": "kļūdaini piešķirta"}"#),
            "signOffQualification": Call(path: "/v1/qualifications/\(qualification.id.lowercasedString)/sign-off",
                                         body: #"{"groupId": "\#(supervised.id.lowercasedString)"}"#),
            "getPilotReport": Call(path: "/v1/reports/pilot"),
            "recordExternalTraining": Call(path: "/v1/training-records", body: try jsonBody([
                "personId": member, "provider": "Rīgas Stradiņa universitāte", "title": "Saskarsme ar bērnu", "academicHours": 4,
                "completedOn": "2025-05-01", "evidenceReference": "RSU 2025/7",
            ])),
            "approveTrainingRecord": Call(path: "/v1/training-records/\(record.id.lowercasedString)/approve"),
            "correctTrainingRecord": Call(path: "/v1/training-records/\(record.id.lowercasedString)/corrections", body: #"{"reason": "stundu skaits"}"#),
            "getTrainingSummary": Call(path: "/v1/reports/training-summary"),
            "recordCertificationDecision": Call(path: "/v1/people/\(member)/certification/decisions", body: try jsonBody([
                "schemeCode": scheme, "decidedOn": "2025-06-01", "passed": true, "reference": "Komisijas sēde Nr. 2",
            ])),
            "recordCertificationOverride": Call(path: "/v1/people/\(member)/certification/overrides", body: try jsonBody([
                "schemeCode": scheme, "kind": "suspended", "from": "2025-06-01", "reason": "pārbaude",
            ])),
            "getCourtCertification": Call(path: "/v1/organisations/\(courtA)/certification"),
            "listAuditEvents": Call(path: "/v1/audit"),
            "getNationalCertificationSummary": Call(path: "/v1/certification/national/summary"),
            "listNationalCertification": Call(path: "/v1/certification/national"),
            "previewSchemeImpact": Call(path: "/v1/certification/schemes/\(draft)/versions/1/impact?on=2099-01-01"),
            "issueCertificate": Call(path: "/v1/certificates", body: try jsonBody([
                "personId": member, "schemeCode": scheme, "overrideReason": "papīra sertifikāts Nr. 4",
            ])),
            "issueCertificates": Call(path: "/v1/certificates/batches", body: try jsonBody([
                "personIds": [member], "schemeCode": scheme, "overrideReason": "papīra sertifikāti",
            ])),
            "listAccounts": Call(path: "/v1/accounts"),
            "inviteAccount": Call(path: "/v1/accounts", body: try jsonBody(["personId": newcomer.id.lowercasedString, "email": "jana-roles@example.lv"])),
            "getAccount": Call(path: "/v1/accounts/\(directory.memberB.accountID.lowercasedString)"),
            "setAccountRoles": Call(path: "/v1/accounts/\(directory.memberB.accountID.lowercasedString)/roles", body: #"{"roles": ["trainer"]}"#),
            "disableAccount": Call(path: "/v1/accounts/\(directory.memberB.accountID.lowercasedString)/disable", body: #"{"reason": "pārbaude"}"#),
            "enableAccount": Call(path: "/v1/accounts/\(directory.memberB.accountID.lowercasedString)/enable"),
            "changeCertificateState": Call(path: "/v1/certificates/\(certificate)/state-changes",
                                           body: #"{"action": "suspend", "kind": "for_cause", "reason": "pārbaude"}"#),
        ])
    }
}
