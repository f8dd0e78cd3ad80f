import Foundation

/// `%text%` for a case-insensitive LIKE, with LIKE's own wildcards escaped; nil for no filter.
public func likePattern(_ text: String?) -> String? {
    guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
    let escaped = text.lowercased()
        .replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "%", with: "\\%")
        .replacingOccurrences(of: "_", with: "\\_")
    return "%" + escaped + "%"
}
