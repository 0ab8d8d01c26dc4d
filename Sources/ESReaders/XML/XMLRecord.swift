/// One captured XML element (an `<entry>`, or Cisco's `<hat>`) with what a dialect needs from it.
package struct XMLRecord: Sendable, Hashable {
    /// A direct child element and its text (nested text concatenated, entities and CDATA decoded).
    package struct Child: Sendable, Hashable {
        public var name: String
        public var text: String
        public var attributes: [String: String]
        public var line: Int
    }

    /// Local name of the element.
    public var name: String
    /// Line of the element's start tag (where its text begins).
    public var line: Int
    /// Attributes by local name.
    public var attributes: [String: String]
    /// Direct child elements, in document order.
    public var children: [Child]
    /// The element's own text (outside child elements).
    public var text: String
    /// Local names of the ancestors, outermost first.
    public var ancestors: [String]
    /// The element's text ran past the reader's cap: its texts are cut, and it is reported as `too_long`.
    public var isTooLong = false

    /// The first child with local name `name` (ASCII case-insensitive).
    public func child(_ name: String) -> Child? {
        children.first { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// The value of the attribute with local name `name` (ASCII case-insensitive).
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.key.equalsIgnoringASCIICase(name) }?.value
    }

    /// The record re-serialized as XML (for rejects files): same element and attribute names, escaped text.
    public var serialized: String {
        var out = "<\(name)"
        for (k, v) in attributes.sorted(by: { $0.key < $1.key }) { out += " \(k)=\"\(XMLRecord.escape(v))\"" }
        out += ">"
        out += XMLRecord.escape(text)
        for c in children {
            out += "<\(c.name)"
            for (k, v) in c.attributes.sorted(by: { $0.key < $1.key }) { out += " \(k)=\"\(XMLRecord.escape(v))\"" }
            out += ">\(XMLRecord.escape(c.text))</\(c.name)>"
        }
        out += "</\(name)>"
        return out
    }

    /// Escapes `&`, `<`, `>` and `"` for element text and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension String {
    /// Equality with ASCII letters compared case-insensitively, without allocating.
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        for (a, b) in zip(utf8, other.utf8) where a != b {
            let la = a >= 65 && a <= 90 ? a + 32 : a, lb = b >= 65 && b <= 90 ? b + 32 : b
            if la != lb { return false }
        }
        return true
    }
}
