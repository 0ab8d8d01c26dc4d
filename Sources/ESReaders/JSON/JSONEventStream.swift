import ESRecords

/// A `JSONEventReader` that numbers objects in document order (so two passes over a file agree on which
/// object is which) and reads or skips whole values.
final class JSONEventStream {
    let reader: JSONEventReader
    /// Objects begun so far; the ordinal of the latest is `objects - 1`.
    private(set) var objects = 0

    init(reader: JSONEventReader) { self.reader = reader }

    var line: Int { reader.line }

    func next() throws(JSONEventReader.SyntaxError) -> JSONEventReader.Event? {
        let event = try reader.next()
        if event == .beginObject { objects += 1 }
        return event
    }

    /// Reads the rest of the value that `first` began; `nil` when it grew past `cap` bytes (then it is skipped
    /// to its end, in constant memory).
    func readValue(first: JSONEventReader.Event, cap: Int) throws(JSONEventReader.SyntaxError) -> JSONValue? {
        let start = reader.offset
        var containers: [(isObject: Bool, items: [JSONValue], pairs: [(key: String, value: JSONValue)], key: String?)] = []
        var tooLong = false
        var event = first
        while true {
            var finished: JSONValue?
            switch event {
            case .beginObject: containers.append((true, [], [], nil))
            case .beginArray: containers.append((false, [], [], nil))
            case .key(let k): containers[containers.count - 1].key = k
            case .endObject: finished = .object(containers.removeLast().pairs)
            case .endArray: finished = .array(containers.removeLast().items)
            case .string(let s): finished = .string(s)
            case .number(let n): finished = .number(n)
            case .bool(let b): finished = .bool(b)
            case .null: finished = .null
            }
            if !tooLong, reader.offset - start > Int64(cap) {
                tooLong = true
            }
            if tooLong {
                // Keep only the nesting: the partial value is dropped.
                for i in containers.indices { containers[i].items = []; containers[i].pairs = [] }
            }
            if let value = finished {
                guard !containers.isEmpty else { return tooLong ? nil : value }
                let i = containers.count - 1
                if !tooLong {
                    if containers[i].isObject {
                        containers[i].pairs.append((containers[i].key ?? "", value))
                        containers[i].key = nil
                    } else {
                        containers[i].items.append(value)
                    }
                }
            }
            guard let e = try next() else {
                throw JSONEventReader.SyntaxError(valueLine: reader.valueLine, line: reader.line,
                                                  message: "the text ends inside a value")
            }
            event = e
        }
    }

    /// Skips the rest of the value that `first` began.
    func skipValue(first: JSONEventReader.Event) throws(JSONEventReader.SyntaxError) {
        var depth = 0
        var event = first
        while true {
            switch event {
            case .beginObject, .beginArray: depth += 1
            case .endObject, .endArray: depth -= 1
            default: break
            }
            if depth == 0 { return }
            guard let e = try next() else {
                throw JSONEventReader.SyntaxError(valueLine: reader.valueLine, line: reader.line,
                                                  message: "the text ends inside a value")
            }
            event = e
        }
    }
}

extension JSONEventReader.Event {
    /// Whether the event begins a value (a container or a scalar), rather than naming a member or closing one.
    var beginsValue: Bool {
        switch self {
        case .key, .endObject, .endArray: false
        default: true
        }
    }

    /// Whether the event is a whole value by itself.
    var isScalar: Bool {
        switch self {
        case .string, .number, .bool, .null: true
        default: false
        }
    }
}
