import App
import ArgumentParser
import Certificates
import Credentials
import Foundation

/// The issuer's signing keys, in their folder outside the database (`PILNVEIDE_KEYS_DIR`, default `.local/keys`).
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The issuer's Ed25519 signing keys: generate, rotate, list.",
        discussion: """
            Keys live in PILNVEIDE_KEYS_DIR (default .local/keys), a 0700 folder of 0600 files, never in the database or
            git. Every key ever used stays published in the issuer's DID document (/.well-known/did.json), so
            certificates signed before a rotation keep verifying. Restart the server after a rotation.
            """,
        subcommands: [Generate.self, Rotate.self, List.self]
    )

    static func folder() async throws -> URL {
        try await reportingFailures { try AppSettings.fromEnvironment(for: .commandLine).keysDirectory }
    }

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the first signing key.")

        @Flag(help: "Do nothing when a key exists already (for set-up scripts).") var ifMissing = false

        func run() async throws {
            let folder = try await Keys.folder()
            try await reportingFailures {
                if !(try IssuerKeys.load(from: folder).keys.isEmpty) {
                    if ifMissing { return }
                    throw IssuerKeys.Problem("\(folder.path) already holds a key; use `pilnveide keys rotate` to add a new one")
                }
                let key = try IssuerKeys.addKey(in: folder)
                print("created \(key.id) in \(folder.path): \(Multikey.encode(key.publicKey))")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a new signing key; earlier keys stay published for verification.")

        func run() async throws {
            let folder = try await Keys.folder()
            try await reportingFailures {
                let key = try IssuerKeys.addKey(in: folder)
                print("created \(key.id), which signs from the next server start: \(Multikey.encode(key.publicKey))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The keys' ids, dates and public keys (never the secret ones).")

        func run() async throws {
            let folder = try await Keys.folder()
            try await reportingFailures {
                let keys = try IssuerKeys.load(from: folder)
                for key in keys.keys {
                    print("\(key.id)\t\(key.created)\t\(Multikey.encode(key.publicKey))\(key.id == keys.current?.id ? "\tsigns" : "")")
                }
            }
        }
    }
}
