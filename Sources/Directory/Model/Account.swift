import Core
import Foundation

/// An account as the inspectorate administers it: whose it is, its sign-in address and roles, and where it stands.
public struct Account: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Created, but its person has not yet chosen a password (from the invitation's link).
        case invited
        case active
        /// Nothing signs in to it; its tokens ended when it was disabled.
        case disabled
    }

    public let id: UUID
    public let personID: UUID
    public let email: String
    /// Always including `participant`.
    public let roles: Set<Role>
    public let status: Status
    public let createdAt: Date
    public let disabledAt: Date?
    /// When its password was last set; nil while invited.
    public let passwordChangedAt: Date?
}

/// Which accounts to list.
public struct AccountFilter: Sendable, Equatable {
    /// Text in the e-mail address (case-insensitive).
    public var text: String?
    public var status: Account.Status?
    public var role: Role?

    public init(text: String? = nil, status: Account.Status? = nil, role: Role? = nil) {
        self.text = text
        self.status = status
        self.role = role
    }
}
