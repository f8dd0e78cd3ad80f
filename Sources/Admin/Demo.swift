import App
import ArgumentParser
import Core
import Demo
import Directory
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Synthetic data for demonstrations and benchmarks.",
        subcommands: [Seed.self]
    )

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill an empty database with a synthetic national directory and five years of training.",
            discussion: """
                Every orphan's court and social service of the 42 municipalities, the inspectorate, about 6,000
                specialists (Latvian names, valid post-2017 personal codes), trainers, five years of training
                records (a few awaiting approval), and everyone's certification status (the daily pass). The
                same --seed makes the same data. Every demo account signs in with the password read from
                standard input (never an argument). Refuses a database that already has orphan's courts or
                social services unless --force. Load the catalogue and schemes first (`make run` does).
                """
        )

        enum Scale: String, ExpressibleByArgument, CaseIterable {
            case national
            case tenfold = "10x"

            var multiplier: Double { self == .national ? 1 : 10 }
        }

        @Option(help: "national (about 6,000 specialists) or 10x.") var scale: Scale = .national
        @Option(help: "Makes the data; the same seed, the same data.") var seed: UInt64 = 1
        @Flag(help: "Seed even though the database already has a directory.") var force = false

        func run() async throws {
            let password = try await reportingFailures { try PasswordPrompt.read("Password for every demo account: ", confirm: true) }
            try await reportingFailures { try PasswordPolicy.check(password) }
            let (scale, seed, force) = (self.scale, self.seed, self.force)
            try await Environment.run { environment in
                let started = ContinuousClock.now
                let today = CalendarDate.today()
                let demo = DemoDirectory.generate(scale: scale.multiplier, seed: seed, today: today)
                let hash = try await PasswordHasher().hash(password)
                let report = try await DemoSeeder(database: environment.database)
                    .seed(demo, passwordHash: hash, force: force, by: .commandLine)
                let loaded = ContinuousClock.now
                let pass = try await environment.services.certificationPass.run(on: today)
                let passed = ContinuousClock.now
                func seconds(_ duration: Duration) -> String { duration.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))) }
                print("""
                    demo (\(scale.rawValue), seed \(seed)): \(report.organisations) organisations, \(report.people) people with accounts, \
                    \(report.trainingRecords) training records in \(seconds(loaded - started)); \
                    \(pass.people) certification statuses in \(seconds(passed - loaded))
                    """)
            }
        }
    }
}
