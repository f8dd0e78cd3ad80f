/// A message or address that cannot be written as a well-formed e-mail: an address that is not plain ASCII
/// `local@domain`, a line break inside a Message-ID, and the like. Sending it again will not help.
public struct MailFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
