import Foundation

/// Where and how to reach the SMTP server, from `PILNVEIDE_SMTP_URL`:
/// - `smtp://user:password@host:587` — STARTTLS is required (port 587 when none is given); plain text only to
///   a loopback address whose server does not offer STARTTLS;
/// - `smtps://user:password@host:465` — TLS from the first byte (port 465 when none is given).
/// The user and password are percent-decoded, and optional: without them the client does not authenticate.
public struct SMTPConfiguration: Sendable, Equatable {
    public enum Security: Sendable, Equatable {
        /// `smtp://`: upgrade with STARTTLS before anything else.
        case startTLS
        /// `smtps://`: TLS from the start.
        case implicitTLS
    }

    public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
        public var user: String
        public var password: String

        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }

        /// Never the password, so a configuration can be logged.
        public var description: String { "\(user):<password>" }
        public var debugDescription: String { description }
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials?
    /// A PEM file of the certificates to trust instead of the system's (a private CA, or a test server's
    /// self-signed certificate). Verification, host name included, stays on either way.
    public var trustedCertificatesFile: String?
    /// The name this client gives in `EHLO`; without one, the domain of the message's sender.
    public var clientName: String?
    public var connectTimeout: Duration
    /// How long to wait for each reply of the server.
    public var replyTimeout: Duration
    /// Whether the connection may stay unencrypted when the server offers no STARTTLS: only for a loopback host,
    /// where nothing crosses a network. Set by `init`; tests may clear it to act as if the host were remote.
    public var allowsPlainText: Bool

    public init(
        host: String, port: Int, security: Security, credentials: Credentials? = nil, trustedCertificatesFile: String? = nil,
        clientName: String? = nil, connectTimeout: Duration = .seconds(30), replyTimeout: Duration = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.trustedCertificatesFile = trustedCertificatesFile
        self.clientName = clientName
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.allowsPlainText = security == .startTLS && Self.isLoopback(host)
    }

    /// Parses `PILNVEIDE_SMTP_URL`; the error names what is wrong without repeating the password.
    public init(url text: String, trustedCertificatesFile: String? = nil) throws(MailConfigurationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw MailConfigurationError("PILNVEIDE_SMTP_URL is not a URL; expected smtp://user:password@host:587 or smtps://user:password@host:465")
        }
        let security: Security
        let defaultPort: Int
        switch scheme {
        case "smtp": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.implicitTLS, 465)
        default:
            throw MailConfigurationError("PILNVEIDE_SMTP_URL: the scheme \"\(scheme)\" is not smtp (STARTTLS) or smtps (TLS)")
        }
        guard var host = components.percentEncodedHost, !host.isEmpty else {
            throw MailConfigurationError("PILNVEIDE_SMTP_URL names no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard (components.path.isEmpty || components.path == "/"), components.query == nil, components.fragment == nil else {
            throw MailConfigurationError("PILNVEIDE_SMTP_URL has a path, query or fragment, which mean nothing for SMTP")
        }
        let port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { throw MailConfigurationError("PILNVEIDE_SMTP_URL: port \(port) is out of range") }
        var credentials: Credentials?
        if let user = components.percentEncodedUser {
            guard let user = user.removingPercentEncoding, let password = (components.percentEncodedPassword ?? "").removingPercentEncoding,
                !user.isEmpty
            else {
                throw MailConfigurationError("PILNVEIDE_SMTP_URL: the user name is empty, or the user or password is not valid percent-encoded UTF-8")
            }
            credentials = Credentials(user: user, password: password)
        }
        self.init(host: host, port: port, security: security, credentials: credentials, trustedCertificatesFile: trustedCertificatesFile)
    }

    /// `localhost`, 127.0.0.0/8 or ::1: a server on this machine.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}

/// A mail setting that cannot be used, with what is wrong in it.
public struct MailConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
