/// The network a client address stands for when counting requests: an IPv4 address as it is; an IPv6 address by its
/// /64 network, which one subscriber usually holds whole (so hopping addresses within it does not reset a count).
public enum ClientNetwork {
    public static func of(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var groups = address.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let gap = groups.firstIndex(of: ""), groups.count < 8 {
            // Expand the one `::`, so the first four groups are the network's.
            let fill = Array(repeating: "0", count: 8 - groups.filter { !$0.isEmpty }.count)
            groups = Array(groups[..<gap]).filter { !$0.isEmpty } + fill + Array(groups[(gap + 1)...]).filter { !$0.isEmpty }
        }
        return groups.prefix(4).map { $0.isEmpty ? "0" : $0.lowercased() }.joined(separator: ":") + "::/64"
    }
}
