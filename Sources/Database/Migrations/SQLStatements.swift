/// Splits a SQL script into its statements at top-level semicolons.
///
/// PostgresNIO speaks only the extended query protocol, which takes one statement at a time, so a migration
/// file is run statement by statement. Semicolons inside comments, quoted strings, quoted identifiers and
/// dollar-quoted bodies (functions, DO blocks) do not end a statement.
public enum SQLStatements {
    public static func split(_ script: String) -> [String] {
        let characters = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0
        var hasContent = false

        func flush() {
            let text = String(current).trimmingWhitespace()
            if hasContent, !text.isEmpty { statements.append(text) }
            current = String.UnicodeScalarView()
            hasContent = false
        }

        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        while index < characters.count {
            let c = characters[index]
            switch c {
            case "-" where peek(1) == "-":
                // Line comment: dropped, it cannot hide a statement end.
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            case "/" where peek(1) == "*":
                var depth = 0
                repeat {
                    if characters[index] == "/", peek(1) == "*" { depth += 1; index += 2; continue }
                    if characters[index] == "*", peek(1) == "/" { depth -= 1; index += 2; continue }
                    index += 1
                } while depth > 0 && index < characters.count
                current.append(" ")
                continue
            case "'", "\"":
                // E'...' strings may escape the quote with a backslash.
                let escapes = c == "'" && index > 0 && (characters[index - 1] == "E" || characters[index - 1] == "e")
                current.append(c)
                index += 1
                while index < characters.count {
                    let d = characters[index]
                    current.append(d)
                    index += 1
                    if escapes, d == "\\", index < characters.count {
                        current.append(characters[index])
                        index += 1
                    } else if d == c {
                        if index < characters.count, characters[index] == c {
                            current.append(c)  // doubled quote is a literal quote
                            index += 1
                        } else {
                            break
                        }
                    }
                }
                hasContent = true
                continue
            case "$":
                if let tag = dollarTag(in: characters, at: index) {
                    let tagScalars = Array(tag.unicodeScalars)
                    current.append(contentsOf: tagScalars)
                    index += tagScalars.count
                    while index < characters.count {
                        if characters[index] == "$", matches(tagScalars, in: characters, at: index) {
                            current.append(contentsOf: tagScalars)
                            index += tagScalars.count
                            break
                        }
                        current.append(characters[index])
                        index += 1
                    }
                    hasContent = true
                    continue
                }
            case ";":
                flush()
                index += 1
                continue
            default:
                break
            }
            if !c.properties.isWhitespace { hasContent = true }
            current.append(c)
            index += 1
        }
        flush()
        return statements
    }

    /// `$$` or `$tag$` starting at `index`, if there is one.
    private static func dollarTag(in characters: [Unicode.Scalar], at index: Int) -> String? {
        // A `$` right after an identifier character is part of a name or a parameter like $1, not a quote.
        if index > 0 {
            let previous = characters[index - 1]
            if previous.properties.isAlphabetic || ("0"..."9").contains(previous) || previous == "_" { return nil }
        }
        var end = index + 1
        while end < characters.count {
            let c = characters[end]
            if c == "$" {
                return String(String.UnicodeScalarView(characters[index...end]))
            }
            guard c.properties.isAlphabetic || c == "_" || (end > index + 1 && ("0"..."9").contains(c)) else {
                return nil
            }
            end += 1
        }
        return nil
    }

    private static func matches(_ tag: [Unicode.Scalar], in characters: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + tag.count <= characters.count else { return false }
        return Array(characters[index..<(index + tag.count)]) == tag
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
