/// A JSON value exactly as received or as it will be signed: object members keep their names byte for byte
/// (no Unicode normalisation, unlike `String` keys of a `Dictionary`) and their order, numbers are IEEE-754
/// doubles as I-JSON (RFC 7493) and JCS (RFC 8785) treat them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public subscript(name: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[name]
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public static func integer(_ value: Int) -> JSONValue { .number(Double(value)) }
}

/// A JSON object's members in order. Names are compared scalar by scalar: `"é"` and `"e\u{301}"` are two names.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public struct Member: Sendable, Equatable {
        public let name: String
        public var value: JSONValue

        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.name.unicodeScalars.elementsEqual(rhs.name.unicodeScalars) && lhs.value == rhs.value
        }
    }

    public private(set) var members: [Member]

    public init(_ members: [(String, JSONValue)] = []) {
        self.members = []
        for (name, value) in members { self[name] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// Reading finds the member with exactly this name; setting replaces it in place or appends it; nil removes it.
    public subscript(name: String) -> JSONValue? {
        get { members.first { Self.same($0.name, name) }?.value }
        set {
            let index = members.firstIndex { Self.same($0.name, name) }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append(Member(name: name, value: value))
            case (nil, nil): break
            }
        }
    }

    public var names: [String] { members.map(\.name) }

    /// Appends a member the caller knows to be new (the parser, which tracks names itself).
    mutating func appendNew(_ name: String, _ value: JSONValue) {
        members.append(Member(name: name, value: value))
    }

    public func removing(_ name: String) -> JSONObject {
        var copy = self
        copy[name] = nil
        return copy
    }

    static func same(_ a: String, _ b: String) -> Bool { a.unicodeScalars.elementsEqual(b.unicodeScalars) }
}
