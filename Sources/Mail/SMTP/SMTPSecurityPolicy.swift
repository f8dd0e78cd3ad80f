/// What the client may do on a connection, decided from what the server offers and how the connection is
/// protected: TLS before anything else unless the server is on this machine, credentials only over TLS, and
/// which AUTH mechanism. Pure decisions, so each is tested alone.
enum SMTPSecurityPolicy {
    enum NextStep: Equatable {
        case startTLS
        case continueInPlainText
    }

    enum Mechanism: Equatable {
        case plain
        case login
    }

    /// After the first EHLO on an unencrypted connection: upgrade when the server offers STARTTLS (always, even
    /// on loopback); go on in plain text only where that is allowed (a loopback host) and STARTTLS is not offered.
    static func afterEHLO(offersStartTLS: Bool, allowsPlainText: Bool) throws(SMTPRefusal) -> NextStep {
        if offersStartTLS { return .startTLS }
        if allowsPlainText { return .continueInPlainText }
        throw SMTPRefusal("the server does not offer STARTTLS, and smtp:// requires it for any host but this machine")
    }

    /// The mechanism for the credentials: PLAIN, or LOGIN when only it is offered; never over plain text.
    static func authentication(offered: [String], isEncrypted: Bool) throws(SMTPRefusal) -> Mechanism {
        guard isEncrypted else {
            throw SMTPRefusal("credentials are configured, and they are never sent over an unencrypted connection")
        }
        if offered.contains("PLAIN") { return .plain }
        if offered.contains("LOGIN") { return .login }
        let list = offered.isEmpty ? "none" : offered.joined(separator: " ")
        throw SMTPRefusal("credentials are configured, but the server offers no AUTH mechanism this client has (PLAIN, LOGIN); it offers \(list)")
    }
}

/// The client will not go on with this server as it is configured. Like Postfix's "encrypt" security level, the
/// message waits (a temporary failure) rather than failing for good: an operator can fix the server, and a
/// missing STARTTLS may be an attacker's doing that passes.
struct SMTPRefusal: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
