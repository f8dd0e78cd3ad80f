import Foundation
import Synchronization

/// The key folder as this process reads it: loaded once, and read again when the database publishes a key that
/// signs and whose secret half was not there at the last reading (a rotation made by another process, no restart).
public final class SecretKeyFolder: Sendable {
    public let folder: URL
    private let loaded: Mutex<IssuerKeys>

    public init(_ keys: IssuerKeys) {
        folder = keys.folder
        loaded = Mutex(keys)
    }

    /// The secret half of `published`, refusing a folder key of that id whose public half is another.
    func secret(for published: PublishedKey) throws -> IssuerKeys.Key {
        var found = loaded.withLock { $0.key(id: published.id) }
        if found == nil {
            let reread = try IssuerKeys.load(from: folder)
            loaded.withLock { $0 = reread }
            found = reread.key(id: published.id)
        }
        guard let found else { throw SigningKeyChoice.Refusal.secretMissing(id: published.id, folder: folder.path) }
        guard found.publicKeyMultibase == published.publicKeyMultibase else {
            throw SigningKeyChoice.Refusal.secretDiffers(id: published.id, folder: folder.path)
        }
        return found
    }

    /// The folder as it is now (for publishing its keys).
    public func reload() throws(IssuerKeys.Problem) -> IssuerKeys {
        let reread = try IssuerKeys.load(from: folder)
        loaded.withLock { $0 = reread }
        return reread
    }
}
