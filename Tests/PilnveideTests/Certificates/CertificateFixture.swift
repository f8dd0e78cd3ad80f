import App
import Certificates
import Certification
import Core
import Directory
import Foundation
import Platform
import TestSupport
import Training

/// The suite's signing key (published in its database, the folder shared by its tests), a scheme (16 hours within 6 months of taking the post, then 24 every
/// 5 years) and a member of court A certified under it from 2026-04-10 until 2031-04-09.
struct CertificateFixture {
    let services: Services
    let directory: DirectoryFixture
    let scheme: String
    let keys: URL

    static let op = Principal.operator_("test")
    /// The issuer every certificate test issues as: the first certificate in a database fixes it.
    static let profile = IssuerProfile(publicURL: "https://pilnveide.example.lv")

    /// The key folder of the suite's database, its first key made and published in that database on first use: the
    /// suite's tests share both, as the processes of one installation do.
    static func keyFolder() async throws -> URL {
        let handle = try FreshDatabase.current
        let folder = TestScratch.folder.appendingPathComponent("pilnveide-keys-\(handle.settings.database)")
        let issuers = IssuerService(database: handle.database, store: IssuerStore(logger: TestDatabase.logger),
                                    secrets: SecretKeyFolder(try IssuerKeys.load(from: folder)), configured: profile)
        _ = try await issuers.generate()
        return folder
    }

    static func make(keys: URL? = nil) async throws -> CertificateFixture {
        let database = try FreshDatabase.current.database
        var folder = keys
        if folder == nil { folder = try await keyFolder() }
        let keyFolder = folder!
        let services = try await Services(database: database, issuing: .init(profile: profile, keys: try IssuerKeys.load(from: keyFolder)))
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
        return CertificateFixture(services: services, directory: directory, scheme: code, keys: keyFolder)
    }
}
