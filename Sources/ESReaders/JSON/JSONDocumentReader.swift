import ESRecords

/// Reads a JSON text stream (§15.1) unit by unit, in constant memory: one pretty-printed document, JSON
/// Lines, or documents appended one after another, UTF-8 or UTF-16 with a BOM.
///
/// Two passes over the file: the first finds which objects are policy
/// objects or envelopes and the policies' flags (which may follow their lists), the second reports each unit
/// as soon as its closing character is read, with those flags known. When the text stops being JSON, the units
/// completed before are reported, then one `rejected/invalid_json` item at the line where the broken top-level
/// value began, and reading stops.
package final class JSONDocumentReader {
    /// What the reader hands out: a unit, or the end of the valid text.
    package enum Item: Sendable {
        case unit(JSONUnit)
        case broken(JSONEventReader.SyntaxError)
    }

    private struct Frame {
        var isObject: Bool
        var ordinal: Int
        var key: String?
        /// Exchange: the policy this object is (its flags), or, for a list array, the policy it belongs to.
        var policy: JSONUnit.PolicyContext?
        /// The array's elements are units (a list member's array; a Mimecast top-level array or `data`).
        var elementsAreUnits = false
        /// Mimecast: an envelope (only `data` is read).
        var isEnvelope = false
        /// Mimecast: a top-level array (an element that is an envelope gives its `data` elements).
        var isTopArray = false
    }

    let layout: JSONDocumentLayout
    let structure: JSONDocumentLayout.Structure
    private let events: JSONEventStream
    private let cap: Int
    private var frames: [Frame] = []
    private var done = false

    /// Reads `input` (positioned after any BOM, UTF-8) laid out as `layout`, with `structure` from a first pass
    /// over the same bytes.
    init(input: ByteInput, layout: JSONDocumentLayout, structure: JSONDocumentLayout.Structure, maxUnitBytes: Int) {
        events = JSONEventStream(reader: JSONEventReader(input: input, maxStringBytes: maxUnitBytes))
        self.layout = layout
        self.structure = structure
        cap = maxUnitBytes
    }

    /// Opens `path` twice: a first pass for the structure, then the reader of units.
    public static func open(path: String, layout: JSONDocumentLayout, maxUnitBytes: Int) throws -> JSONDocumentReader {
        func input() throws -> ByteInput { try ByteInput.openText(path: path).input }
        let first = JSONEventStream(reader: JSONEventReader(input: try input(), maxStringBytes: maxUnitBytes))
        let structure = layout.scan(first)
        return JSONDocumentReader(input: try input(), layout: layout, structure: structure, maxUnitBytes: maxUnitBytes)
    }

    /// The next unit, the syntax error that ended the text, or `nil` at the end.
    public func next() throws -> Item? {
        guard !done else { return nil }
        do {
            while let event = try events.next() {
                if let unit = try take(event) { return .unit(unit) }
            }
            done = true
            return nil
        } catch let e as JSONEventReader.SyntaxError {
            done = true
            return .broken(e)
        }
    }

    /// Handles one event; returns a unit when the event began one (read to its end).
    private func take(_ event: JSONEventReader.Event) throws(JSONEventReader.SyntaxError) -> JSONUnit? {
        switch event {
        case .key(let k):
            frames[frames.count - 1].key = k
            return nil
        case .endObject, .endArray:
            frames.removeLast()
            return nil
        default:
            break
        }
        let line = events.line
        let ordinal = event == .beginObject ? events.objects - 1 : -1
        guard let parent = frames.last else {
            return try topLevel(event, line: line, ordinal: ordinal)
        }
        let key = parent.key
        if parent.isObject { frames[frames.count - 1].key = nil }
        switch layout {
        case .exchangePolicies:
            if parent.isObject, let policy = parent.policy {
                guard let member = key.flatMap({ JSONDocumentLayout.exchangeListMembers[$0.lowercased()] }) else {
                    try events.skipValue(first: event)   // other members of a policy object are not read
                    return nil
                }
                var context = policy
                context.member = member
                if event == .null { return nil }
                if event == .beginArray {
                    frames.append(Frame(isObject: false, ordinal: -1, policy: context, elementsAreUnits: true))
                    return nil
                }
                return try unit(event, line: line, policy: context)   // a single element collapsed to a scalar
            }
            if !parent.isObject, parent.elementsAreUnits {
                return try unit(event, line: line, policy: parent.policy)
            }
            descend(event, ordinal: ordinal)
            return nil
        case .mimecastResponses:
            if parent.isEnvelope {
                if key == "data", event == .beginArray {
                    frames.append(Frame(isObject: false, ordinal: -1, elementsAreUnits: true))
                } else {
                    try events.skipValue(first: event)
                }
                return nil
            }
            if parent.isTopArray, event == .beginObject, structure.isEnvelope(ordinal) {
                frames.append(Frame(isObject: true, ordinal: ordinal, isEnvelope: true))
                return nil
            }
            return try unit(event, line: line, policy: nil)
        }
    }

    private func topLevel(_ event: JSONEventReader.Event, line: Int, ordinal: Int) throws(JSONEventReader.SyntaxError)
        -> JSONUnit?
    {
        switch layout {
        case .exchangePolicies:
            descend(event, ordinal: ordinal)   // scalars outside policy objects are not reported
            return nil
        case .mimecastResponses:
            if event == .beginArray {
                frames.append(Frame(isObject: false, ordinal: -1, elementsAreUnits: true, isTopArray: true))
                return nil
            }
            if event == .beginObject, structure.isEnvelope(ordinal) {
                frames.append(Frame(isObject: true, ordinal: ordinal, isEnvelope: true))
                return nil
            }
            return try unit(event, line: line, policy: nil)
        }
    }

    /// Walks into a container that is not a unit (Exchange: arrays and objects around policy objects).
    private func descend(_ event: JSONEventReader.Event, ordinal: Int) {
        switch event {
        case .beginObject: frames.append(Frame(isObject: true, ordinal: ordinal, policy: structure.policy(ordinal)))
        case .beginArray: frames.append(Frame(isObject: false, ordinal: -1))
        default: break
        }
    }

    private func unit(_ first: JSONEventReader.Event, line: Int, policy: JSONUnit.PolicyContext?)
        throws(JSONEventReader.SyntaxError) -> JSONUnit
    {
        let value = try events.readValue(first: first, cap: cap)
        let cut = value == nil || (first.isScalar && events.reader.lastStringWasCut)
        return JSONUnit(line: line, value: cut ? nil : value, isTooLong: cut, policy: policy)
    }
}
