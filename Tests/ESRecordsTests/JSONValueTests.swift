import ESRecords
import Foundation
import Testing

@Suite("JSONValue: parsing, Codable and writing agree")
struct JSONValueTests {
    static let documents = [
        #"{"b":[1,2.5,-3e2,true,null,"x"],"a":{"z":"ünï\n\"q\"","y":[]},"id":12345678901234}"#,
        #"[{"k":false},{},"",0]"#,
    ]

    @Test("JSONDecoder and JSONParser read the same value (keys sorted), and writing it reads back", arguments: documents)
    func agree(text: String) throws {
        let parsed = try JSONParser.parse(text)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(Self.sorted(parsed).jsonText == decoded.jsonText || Self.sameButNumberText(parsed, decoded))
        #expect(try JSONParser.parse(parsed.jsonText) == parsed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let reparsed = try JSONParser.parse(String(decoding: try encoder.encode(parsed), as: UTF8.self))
        #expect(Self.sameButNumberText(parsed, reparsed))
    }

    /// Whether `a` (keys sorted) and `b` are the same value, numbers compared by value: JSONDecoder and
    /// JSONEncoder rewrite number text (`-3e2` → `-300`).
    static func sameButNumberText(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (sorted(a), b) {
        case (.number(let x), .number(let y)): Double(x) == Double(y)
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { sameButNumberText($0, $1) }
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && sameButNumberText($0.value, $1.value) }
        case (let x, let y): x == y
        }
    }

    static func sorted(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let pairs): .object(pairs.map { ($0.key, sorted($0.value)) }.sorted { $0.key < $1.key })
        case .array(let items): .array(items.map(sorted))
        default: v
        }
    }
}
