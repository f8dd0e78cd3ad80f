import APIContract
import Core
import Directory
import Foundation

extension Components.Schemas.Account {
    init(_ account: Account) {
        self.init(
            id: account.id.lowercasedString,
            personId: account.personID.lowercasedString,
            email: account.email,
            roles: account.roles.sorted().compactMap { .init(rawValue: $0.rawValue) },
            status: .init(rawValue: account.status.rawValue)!,
            createdAt: account.createdAt,
            disabledAt: account.disabledAt,
            passwordChangedAt: account.passwordChangedAt
        )
    }
}
