import App
import Certificates
import Certification
import Core
import Directory
import Foundation
import Platform
import TestSupport
import Training

/// A signing key in a folder of its own, a scheme (16 hours within 6 months of taking the post, then 24 every
/// 5 years) and a member of court A certified under it from 2026-04-10 until 2031-04-09.
struct CertificateFixture {
    let services: Services
    let directory: DirectoryFixture
    let scheme: String
    let keys: URL

    static let op = Principal.operator_("test")

    static func keyFolder() throws -> URL {
        let folder = TestScratch.folder.appendingPathComponent("pilnveide-keys-\(UUID().uuidString)")
        try IssuerKeys.addKey(in: folder)
        return folder
    }

    static func make(keys: URL? = nil) async throws -> CertificateFixture {
        let database = try FreshDatabase.current.database
        let folder = try keys ?? keyFolder()
        let services = try await Services(database: database, issuing: .init(
            profile: IssuerProfile(publicURL: "https://pilnveide.example.lv"), keys: try IssuerKeys.load(from: folder)
        ))
        let directory = try await DirectoryFixture.make(in: database)
        let code = "TEST-\(UUID().uuidString.prefix(6))"
        _ = try await services.schemes.importSchemes(try CertificationServiceTests().scheme(code: code), by: op)
        _ = try await services.directory.updatePerson(id: directory.memberA.personID, PersonChanges(positionStartedOn: "2026-03-01"), by: op)
        for (hours, day) in [(8.0, "2026-04-01"), (8.0, "2026-04-10")] {
            let record = try await services.trainingRecords.recordExternal(
                .init(personID: directory.memberA.personID, provider: "Latvijas Universitāte", title: "Bērna tiesības \(day)",
                      academicHours: hours, completedOn: day, evidenceReference: "LU \(day)"),
                by: .caller(directory.officer), now: try RigaTime.instant(from: "2026-11-29T10:00")
            )
            _ = try await services.trainingRecords.approve(record.id, by: .caller(directory.administrator))
        }
        return CertificateFixture(services: services, directory: directory, scheme: code, keys: folder)
    }
}
