import Core
import Credentials
import Database
import Foundation
import PostgresNIO

/// Making and publishing keys (`pilnveide keys`): the public half goes into the database, and is announced to every
/// process on the change feed, before the key may sign; the secret half is written to the key folder only.
extension IssuerService {
    /// What `generate` did.
    public enum Generated: Sendable, Equatable {
        /// A first key, made and published; it signs from now.
        case created(PublishedKey)
        /// The folder's keys, from before the database kept them, published as they signed: each from when it was
        /// made until the next was.
        case adopted([PublishedKey])
        /// The database publishes keys already.
        case alreadyPublished
    }

    /// The first key: made and published, or the folder's keys published when the database has none yet (an
    /// installation from before keys were kept in the database, whose credentials name them).
    public func generate(now: Date = Date()) async throws -> Generated {
        try await database.transaction(changing: "issuer_keys") { connection in
            try await store.lockPublication(on: connection)
            guard try await store.published(on: connection).keys.isEmpty else { return .alreadyPublished }
            let folder = try secrets.reload()
            guard folder.keys.isEmpty else {
                var adopted: [PublishedKey] = []
                for (index, key) in folder.keys.enumerated() {
                    let created = try Self.created(key)
                    let next = index + 1 < folder.keys.count ? try Self.created(folder.keys[index + 1]) : nil
                    let published = PublishedKey(id: key.id, publicKeyMultibase: key.publicKeyMultibase, createdAt: created,
                                                 signsFrom: created, retiredAt: next)
                    try await store.insert(published, on: connection)
                    adopted.append(published)
                }
                return .adopted(adopted)
            }
            let key = try IssuerKeys.addKey(in: secrets.folder, now: now)
            let published = PublishedKey(id: key.id, publicKeyMultibase: key.publicKeyMultibase, createdAt: now, signsFrom: now, retiredAt: nil)
            try await store.insert(published, on: connection)
            return .created(published)
        }
    }

    /// A new key: its secret written to the folder, its public half published, signing moving to it `after` from now
    /// (give verifiers that keep a DID document for a while the time to see it) and every key signing before retired
    /// at that moment. Numbered after every key published or in the folder.
    public func rotate(after lead: Duration, now: Date = Date()) async throws -> PublishedKey {
        guard lead >= .zero else { throw ServiceError.validation([FieldProblem("signs-in", "must not be negative")]) }
        return try await database.transaction(changing: "issuer_keys") { connection in
            try await store.lockPublication(on: connection)
            let issuer = try await store.published(on: connection)
            guard !issuer.keys.isEmpty else {
                throw ServiceError.conflict("the database publishes no issuer key yet; run `pilnveide keys generate` first")
            }
            // Written before it is published: a key published with no secret anywhere would stop all signing when it
            // begins. Should publishing fail, the file is a key nothing publishes, which never signs.
            let key = try IssuerKeys.addKey(in: secrets.folder, after: issuer.keys.compactMap(\.number).max() ?? 0, now: now)
            let signsFrom = now.addingTimeInterval(Double(lead.components.seconds) + Double(lead.components.attoseconds) / 1e18)
            let published = PublishedKey(id: key.id, publicKeyMultibase: key.publicKeyMultibase, createdAt: now,
                                         signsFrom: signsFrom, retiredAt: nil)
            try await store.insert(published, on: connection)
            try await store.retireAll(except: key.id, at: signsFrom, on: connection)
            return published
        }
    }

    /// Every published key, whether this process's folder holds its secret, and which one signs at `now`.
    public func keys(at now: Date = Date()) async throws -> (keys: [(key: PublishedKey, secretHere: Bool)], signer: String?, unpublished: [String]) {
        let issuer = try await database.withConnection { try await store.published(on: $0) }
        let folder = try secrets.reload()
        let signer = try? SigningKeyChoice.signer(among: issuer.keys, at: now).get()
        let unpublished = folder.keys.filter { issuer.key(id: $0.id)?.publicKeyMultibase != $0.publicKeyMultibase }.map(\.id)
        return (issuer.keys.map { key in (key, folder.key(id: key.id)?.publicKeyMultibase == key.publicKeyMultibase) }, signer?.id, unpublished)
    }

    private static func created(_ key: IssuerKeys.Key) throws -> Date {
        guard let date = DateTimeStamp.date(key.created) else {
            throw ServiceError.unavailable("\(key.id) in the key folder has no readable creation time (\(key.created))")
        }
        return date
    }
}
