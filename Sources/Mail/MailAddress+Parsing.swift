import Foundation

extension MailAddress {
    /// Parses an address as written in settings such as `PILNVEIDE_MAIL_FROM`: `addr@example.lv`,
    /// `Name <addr@example.lv>` or `"Name, Title" <addr@example.lv>`.
    public static func parse(_ text: String) throws(MailFormatError) -> MailAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.lastIndex(of: "<") else {
            try validate(trimmed)
            return MailAddress(trimmed)
        }
        guard trimmed.hasSuffix(">") else {
            throw MailFormatError("address \"\(text)\": expected \"Name <address>\" or \"address\"")
        }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        try validate(address)
        var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast())
                .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        return MailAddress(address, name: name.isEmpty ? nil : name)
    }

    /// The domain after the `@`.
    var domain: Substring {
        guard let at = address.lastIndex(of: "@") else { return Substring(address) }
        return address[address.index(after: at)...]
    }

    /// Checks that `address` can go into a header and an SMTP command as it is: ASCII `local@domain` (no
    /// SMTPUTF8), a dot-atom local part, a domain of letters, digits and hyphens (or an address literal).
    static func validate(_ address: String) throws(MailFormatError) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
        let label = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        guard address.utf8.count <= 254, parts.count == 2,
            let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.utf8.count <= 64,
            local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && $0.allSatisfy(atext.contains) })
        else {
            throw MailFormatError("\"\(address)\" is not an e-mail address of the form local@domain in plain ASCII")
        }
        let isLiteral = domain.hasPrefix("[") && domain.hasSuffix("]") && domain.count > 2
            && domain.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" || $0.isLetter && $0.isASCII }
        let isName = domain.split(separator: ".", omittingEmptySubsequences: false)
            .allSatisfy { !$0.isEmpty && $0.count <= 63 && $0.allSatisfy(label.contains) && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
        guard isLiteral || isName else {
            throw MailFormatError("\"\(address)\": the domain \"\(domain)\" is not a host name in plain ASCII")
        }
    }
}
