import Foundation

/// Which key signs at a moment, the same answer in every process: the published key that began signing last among
/// those not retired. A rotation publishes the new key with a moment in the future to sign from and retires the old
/// one at that moment, so every process moves to it together, once every DID document served names it.
public enum SigningKeyChoice {
    /// Why nothing can be signed now; one line for an operator.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The database publishes no key at all.
        case nothingPublished
        /// Keys are published, but none signs at this moment (every one retired, or the first not yet begun).
        case noneSignsNow
        /// The key that signs now has no secret half in this process's key folder.
        case secretMissing(id: String, folder: String)
        /// The folder's file of that id holds another key than the one published (a replaced folder).
        case secretDiffers(id: String, folder: String)

        public var description: String {
            switch self {
            case .nothingPublished:
                "there is no published issuer key to sign with; run `pilnveide keys generate`"
            case .noneSignsNow:
                "no published issuer key signs at this moment (all are retired, or the next has not begun); run `pilnveide keys rotate`"
            case .secretMissing(let id, let folder):
                "\(id) is the published key that signs now, but \(folder) has no \(id).json; copy it there from the folder of the process that made it"
            case .secretDiffers(let id, let folder):
                "\(folder)/\(id).json is not the \(id) the database publishes; restore the folder that made it, or run `pilnveide keys rotate`"
            }
        }
    }

    /// The published key that signs at `now`.
    public static func signer(among keys: [PublishedKey], at now: Date) -> Result<PublishedKey, Refusal> {
        guard !keys.isEmpty else { return .failure(.nothingPublished) }
        let candidates = keys.filter { $0.maySign(at: now) }
        guard let key = candidates.max(by: { ($0.signsFrom, $0.number ?? 0) < ($1.signsFrom, $1.number ?? 0) }) else {
            return .failure(.noneSignsNow)
        }
        return .success(key)
    }
}
