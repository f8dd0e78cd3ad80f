import App
import ArgumentParser
import Certificates
import Core
import Credentials
import Foundation

/// The issuer's signing keys: the secret halves in their folder outside the database (`PILNVEIDE_KEYS_DIR`, default
/// `.local/keys`), the public halves published in the database.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The issuer's Ed25519 signing keys: generate, rotate, list.",
        discussion: """
            Secret keys live in PILNVEIDE_KEYS_DIR (default .local/keys), a 0700 folder of 0600 files, never in the
            database or git. Their public halves are published in the database, which every server reads: a key signs
            only once published, every published key stays in the issuer's DID document (/.well-known/did.json) for
            good, and running servers hear of a new one at once (no restart). Losing the folder never makes a
            certificate unverifiable; a server needs only the secret of the key that signs now.
            """,
        subcommands: [Generate.self, Rotate.self, List.self]
    )

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and publish the first signing key.",
            discussion: """
                When the folder holds keys made before the database kept them, those are published instead, each as
                signing from when it was made until the next one was, so the certificates they signed keep verifying.
                """
        )

        @Flag(help: "Do nothing when the database publishes a key already (for set-up scripts).") var ifMissing = false

        func run() async throws {
            let ifMissing = self.ifMissing
            try await Environment.run { environment in
                let folder = environment.settings.keysDirectory.path
                switch try await environment.services.issuers.generate() {
                case .created(let key):
                    print("created \(key.id) in \(folder) and published it: \(key.publicKeyMultibase)")
                case .adopted(let keys):
                    print("published \(keys.map(\.id).joined(separator: ", ")) from \(folder), made before the database kept keys")
                case .alreadyPublished:
                    guard ifMissing else {
                        throw ServiceError.conflict("the database publishes issuer keys already; use `pilnveide keys rotate` to add one")
                    }
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add and publish a new signing key; earlier keys stay published for verification.",
            discussion: """
                Every server publishes the new key at once; signing moves to it after --signs-in seconds, when every
                earlier key is retired (they stay in the DID document for good). The default waits out the five
                minutes verifiers may keep a copy of the DID document. Copy the new key file to every server's folder
                before then.
                """
        )

        @Option(help: "Seconds from now until the new key signs (0 to 2592000).") var signsIn = 300

        func run() async throws {
            guard (0...2_592_000).contains(signsIn) else { throw ValidationError("--signs-in must be 0 to 2592000 seconds") }
            let signsIn = self.signsIn
            try await Environment.run { environment in
                let key = try await environment.services.issuers.rotate(after: .seconds(signsIn))
                print("created \(key.id) in \(environment.settings.keysDirectory.path) and published it; it signs from "
                      + "\(DateTimeStamp.string(key.signsFrom)), when earlier keys retire: \(key.publicKeyMultibase)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The published keys: ids, dates, public keys, which signs, and whether this folder holds each secret."
        )

        func run() async throws {
            try await Environment.run { environment in
                let listing = try await environment.services.issuers.keys()
                for (key, secretHere) in listing.keys {
                    let state = key.id == listing.signer ? "signs"
                        : key.retiredAt.map { $0 <= Date() ? "retired \(DateTimeStamp.string($0))" : "signs until \(DateTimeStamp.string($0))" }
                        ?? "signs from \(DateTimeStamp.string(key.signsFrom))"
                    print("\(key.id)\t\(DateTimeStamp.string(key.createdAt))\t\(key.publicKeyMultibase)\t\(state)\t"
                          + (secretHere ? "secret here" : "no secret here"))
                }
                for id in listing.unpublished { print("\(id)\tin the folder but not published: never signs") }
            }
        }
    }
}
