import Foundation

/// A signed-in account as the services see it: who, in which roles, employed where.
public struct Caller: Sendable, Equatable {
    public let accountID: UUID
    public let personID: UUID
    public let email: String
    public let roles: Set<Role>
    /// The organisation that employs the caller's person, which scopes a chairperson's view.
    public let organisationID: UUID?

    public init(accountID: UUID, personID: UUID, email: String, roles: Set<Role>, organisationID: UUID?) {
        self.accountID = accountID
        self.personID = personID
        self.email = email
        self.roles = roles.union([.participant])
        self.organisationID = organisationID
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }

    /// Inspectorate administrators and officers act for the inspectorate nationally.
    public var isInspectorate: Bool { has(.inspectorateAdministrator) || has(.inspectorateOfficer) }
}

/// On whose behalf a service call runs: an API caller, or an operator at the admin CLI (who has shell access to
/// the database already, so is not restricted further, but is still named in the audit trail).
///
/// (Named for the security principal it is; its old name, `Actor`, shadowed Swift's own.)
public enum Principal: Sendable, Equatable {
    case caller(Caller)
    case operator_(String)

    /// The name recorded in the audit trail.
    public var auditLabel: String {
        switch self {
        case .caller(let caller): "account:\(caller.email)"
        case .operator_(let name): "cli:\(name)"
        }
    }

    public var accountID: UUID? {
        if case .caller(let caller) = self { return caller.accountID }
        return nil
    }

    /// The signed-in person acting, if any (an operator acts for no person).
    public var personID: UUID? {
        if case .caller(let caller) = self { return caller.personID }
        return nil
    }

    /// Inspectorate administrators and officers, and operators at the CLI.
    public var isInspectorate: Bool {
        guard case .caller(let caller) = self else { return true }
        return caller.isInspectorate
    }

    /// Inspectorate administrators, who keep the reference data, and operators at the CLI.
    public var isAdministrator: Bool {
        guard case .caller(let caller) = self else { return true }
        return caller.has(.inspectorateAdministrator)
    }

    /// The admin CLI's actor, named after the operating-system user running it.
    public static var commandLine: Principal {
        .operator_(ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "operator")
    }
}
