public import ESRecords

extension ExportSchema {
    /// The cells of one object, in ``header`` order (the last one is `extra`).
    public func cells(of object: JSONValue) -> [String] {
        var cells: [String] = []
        var extra: [(key: String, value: JSONValue)] = []
        let known = Set(fields.map(\.name))
        let pairs = object.pairs
        for field in fields {
            let value = object[field.name]
            if case .object(let subs) = field.kind {
                if let value, let flat = Self.flatten(value, subs) {
                    cells += flat
                } else {
                    cells += Array(repeating: "", count: subs.count)
                    if let value { extra.append((field.name, value)) }
                }
            } else if let value {
                if let cell = Self.cell(value, field.kind) {
                    cells.append(cell)
                } else {
                    cells.append("")
                    extra.append((field.name, value))
                }
            } else {
                cells.append("")
            }
        }
        for p in pairs where !known.contains(p.key) { extra.append(p) }
        cells.append(extra.isEmpty ? "" : JSONValue.object(extra).jsonText)
        return cells
    }

    /// Rebuilds the object of a row (`cells` in ``header`` order), fields in schema order, then extras.
    public func object(from cells: [String]) throws -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = []
        var extra: [(key: String, value: JSONValue)] = []
        if let text = cells.last, !text.isEmpty {
            do {
                extra = try JSONParser.parse(text).pairs
            } catch {
                throw ExportError.malformed("the extra column is not a JSON object: \(error)")
            }
        }
        var column = 0
        for field in fields {
            if case .object(let subs) = field.kind {
                let slice = Array(cells[column..<min(cells.count, column + subs.count)])
                column += subs.count
                if slice.contains(where: { !$0.isEmpty }) {
                    var sub: [(key: String, value: JSONValue)] = []
                    for (s, cell) in zip(subs, slice) where !cell.isEmpty {
                        sub.append((s.name, try Self.value(cell, s.kind, column: "\(field.name).\(s.name)")))
                    }
                    pairs.append((field.name, .object(sub)))
                }
            } else {
                let cell = column < cells.count ? cells[column] : ""
                column += 1
                if !cell.isEmpty { pairs.append((field.name, try Self.value(cell, field.kind, column: field.name))) }
            }
        }
        for e in extra where !pairs.contains(where: { $0.key == e.key }) { pairs.append(e) }
        return .object(pairs)
    }

    static func cell(_ value: JSONValue, _ kind: Kind) -> String? {
        switch (kind, value) {
        case (.string, .string(let s)) where !s.isEmpty: return s
        case (.bool, .bool(let b)): return b ? "true" : "false"
        case (.number, .number(let n)): return n
        case (.stringList, .array(let items)) where !items.isEmpty:
            var texts: [String] = []
            for item in items {
                guard case .string(let s) = item, !s.isEmpty, !s.contains("|") else { return nil }
                texts.append(s)
            }
            return texts.joined(separator: "|")
        default: return nil
        }
    }

    static func flatten(_ value: JSONValue, _ subs: [Field]) -> [String]? {
        guard case .object(let pairs) = value else { return nil }
        let names = Set(subs.map(\.name))
        guard pairs.allSatisfy({ names.contains($0.key) }) else { return nil }
        var out: [String] = []
        var any = false
        for s in subs {
            if let v = value[s.name] {
                guard let c = cell(v, s.kind) else { return nil }
                out.append(c)
                any = true
            } else {
                out.append("")
            }
        }
        return any ? out : nil   // an empty object would read back as absent
    }

    static func value(_ cell: String, _ kind: Kind, column: String) throws -> JSONValue {
        switch kind {
        case .string: return .string(cell)
        case .bool:
            switch cell {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw ExportError.malformed("column \(column): '\(cell)' is not true or false")
            }
        case .number:
            guard case .number(let n)? = try? JSONParser.parse(cell) else {
                throw ExportError.malformed("column \(column): '\(cell)' is not a number")
            }
            return .number(n)
        case .stringList:
            return .array(cell.split(separator: "|", omittingEmptySubsequences: false).map { .string(String($0)) })
        case .object:
            throw ExportError.malformed("column \(column): an object has no single cell")
        }
    }
}
