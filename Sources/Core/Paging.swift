/// A window of a list: at most `limit` items after skipping `offset`.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200
    /// Far beyond any list here; it keeps an offset within what the database and the document accept.
    public static let maximumOffset = 1_000_000_000

    public let limit: Int
    public let offset: Int

    public init(limit: Int? = nil, offset: Int? = nil) throws(ServiceError) {
        var validation = Validation()
        if let limit, !(1...Self.maximumLimit).contains(limit) {
            validation.add("limit", "must be between 1 and \(Self.maximumLimit)")
        }
        if let offset, !(0...Self.maximumOffset).contains(offset) {
            validation.add("offset", "must be between 0 and \(Self.maximumOffset)")
        }
        try validation.check()
        self.limit = limit ?? Self.defaultLimit
        self.offset = offset ?? 0
    }
}

public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    /// All items matching the filter, not just this page.
    public let total: Int
    public let request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }
}
