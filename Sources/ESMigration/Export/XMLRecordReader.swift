import CLibXML2
public import ESRecords
import ESReaders
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an `urn:esmigrate:export:1` document back with libxml2's `xmlTextReader` (streaming).
///
/// A document type declaration is refused before libxml2 sees the file (esmigrate never writes one, and
/// entity declarations are how XML expansion and external-entity attacks start); the network is off and
/// entities are never substituted.
package final class XMLRecordReader: ExportRecordReader {
    private var reader: xmlTextReaderPtr?
    /// The file, opened with `O_NOFOLLOW` (libxml2 does not close a descriptor it was given).
    private var descriptor: Int32 = -1
    private let path: String
    private let collection: SettingsCollection
    private var sawRoot = false

    /// Opens a backup's XML file of `collection` (symbolic links, DTDs and entities refused).
    public init(path: String, collection: SettingsCollection) throws {
        self.path = path
        self.collection = collection
        try Self.refuseDoctype(path)
        let options = XMLParseOptions.safeTextReader
        // A backup file is opened without following a symbolic link (`xmlReaderForFile` would follow one).
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "is a symbolic link, which is refused here" : String(cString: strerror(errno))
            throw ExportError.malformed(reason, file: path)
        }
        guard let r = xmlReaderForFd(fd, path, nil, options) else {
            close(fd)
            throw ExportError.malformed("libxml2 cannot open the file", file: path)
        }
        descriptor = fd
        reader = r
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
        if descriptor >= 0 { close(descriptor) }
    }

    public func next() throws -> (line: Int, object: JSONValue)? {
        guard let r = reader else { return nil }
        while try read(r) {
            let type = xmlTextReaderNodeType(r)
            guard type == Int32(XML_READER_TYPE_ELEMENT.rawValue) else {
                try refuseEntity(type)
                continue
            }
            let name = localName(r)
            if !sawRoot {
                sawRoot = true
                guard name == "export", namespace(r) == XMLRecordWriter.namespace else {
                    throw ExportError.malformed("the root is not <export xmlns=\"\(XMLRecordWriter.namespace)\">", file: path, line: line(r))
                }
                if let c = attribute(r, "collection"), c != collection.rawValue {
                    throw ExportError.malformed("this document holds \(c), not \(collection)", file: path, line: line(r))
                }
                continue
            }
            guard name == "record" else {
                throw ExportError.malformed("<\(name)> where a <record> was expected", file: path, line: line(r))
            }
            let start = line(r)
            return (start, try value(r, type: "object"))
        }
        if !sawRoot { throw ExportError.malformed("no <export> element", file: path) }
        return nil
    }

    // MARK: - Values

    /// The JSON value of the element the reader is on; leaves the reader on its end.
    private func value(_ r: xmlTextReaderPtr, type: String?) throws -> JSONValue {
        let at = line(r)
        if attribute(r, "null") == "true" {
            try skipElement(r)
            return .null
        }
        let empty = xmlTextReaderIsEmptyElement(r) == 1
        switch type {
        case "object":
            var pairs: [(key: String, value: JSONValue)] = []
            if !empty {
                try children(r) {
                    let name = localName(r)
                    let key = name == "field" ? (attribute(r, "name") ?? "") : name
                    pairs.append((key, try value(r, type: attribute(r, "type"))))
                }
            }
            return .object(pairs)
        case "array":
            var items: [JSONValue] = []
            if !empty {
                try children(r) {
                    guard localName(r) == "item" else {
                        throw ExportError.malformed("<\(localName(r))> inside an array; expected <item>", file: path, line: line(r))
                    }
                    items.append(try value(r, type: attribute(r, "type")))
                }
            }
            return .array(items)
        case "boolean", "number", nil:
            let json = attribute(r, "encoding") == "json"
            let text = empty ? "" : try textContent(r)
            switch type {
            case "boolean":
                guard text == "true" || text == "false" else {
                    throw ExportError.malformed("'\(text)' is not a boolean", file: path, line: at)
                }
                return .bool(text == "true")
            case "number":
                guard case .number(let n)? = try? JSONParser.parse(text) else {
                    throw ExportError.malformed("'\(text)' is not a number", file: path, line: at)
                }
                return .number(n)
            default:
                if json {
                    guard case .string(let s)? = try? JSONParser.parse(text) else {
                        throw ExportError.malformed("encoding=\"json\" text is not a JSON string", file: path, line: at)
                    }
                    return .string(s)
                }
                return .string(text)
            }
        case let other?:
            throw ExportError.malformed("unknown type=\"\(other)\"", file: path, line: at)
        }
    }

    /// Calls `body` on each child element until the current element ends (whitespace between is ignored).
    private func children(_ r: xmlTextReaderPtr, _ body: () throws -> Void) throws {
        let depth = xmlTextReaderDepth(r)
        while try read(r) {
            let type = xmlTextReaderNodeType(r)
            if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue), xmlTextReaderDepth(r) == depth { return }
            if type == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                try body()
            } else if type == Int32(XML_READER_TYPE_TEXT.rawValue) || type == Int32(XML_READER_TYPE_CDATA.rawValue) {
                throw ExportError.malformed("text where only elements are expected", file: path, line: line(r))
            } else {
                try refuseEntity(type)
            }
        }
        throw ExportError.malformed("the document ends inside an element", file: path)
    }

    /// The text of a text-only element; leaves the reader on its end tag.
    private func textContent(_ r: xmlTextReaderPtr) throws -> String {
        let depth = xmlTextReaderDepth(r)
        var text = ""
        while try read(r) {
            let type = xmlTextReaderNodeType(r)
            if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue), xmlTextReaderDepth(r) == depth { return text }
            switch type {
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                if let v = xmlTextReaderConstValue(r) { text += String(cString: v) }
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                throw ExportError.malformed("element inside a value", file: path, line: line(r))
            default:
                try refuseEntity(type)
            }
        }
        throw ExportError.malformed("the document ends inside an element", file: path)
    }

    private func skipElement(_ r: xmlTextReaderPtr) throws {
        if xmlTextReaderIsEmptyElement(r) == 1 { return }
        _ = try textContent(r)
    }

    // MARK: - Reader plumbing

    private func read(_ r: xmlTextReaderPtr) throws -> Bool {
        switch xmlTextReaderRead(r) {
        case 1: return true
        case 0: return false
        default:
            let message = xmlGetLastError().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "XML error"
            throw ExportError.malformed(String(message.reversed().drop(while: { $0 == "\n" }).reversed()), file: path,
                                        line: line(r))
        }
    }

    private func refuseEntity(_ type: Int32) throws {
        if type == Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue) || type == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
            throw ExportError.malformed("entity references and DTDs are refused in esmigrate exports", file: path)
        }
    }

    private func localName(_ r: xmlTextReaderPtr) -> String {
        xmlTextReaderConstLocalName(r).map { String(cString: $0) } ?? ""
    }

    private func namespace(_ r: xmlTextReaderPtr) -> String? {
        xmlTextReaderConstNamespaceUri(r).map { String(cString: $0) }
    }

    private func attribute(_ r: xmlTextReaderPtr, _ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(r, name) else { return nil }
        defer { esm_xml_free(value) }
        return String(cString: value)
    }

    private func line(_ r: xmlTextReaderPtr) -> Int { Int(xmlTextReaderGetParserLineNumber(r)) }

    /// Refuses a file whose prolog has a document type declaration (read before libxml2 parses anything).
    static func refuseDoctype(_ path: String) throws {
        let input = try ByteInput(path: path, followSymlinks: false)
        let head = try input.peek(1 << 16)
        let bytes = head
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                let next = bytes[i + 1]
                if next == UInt8(ascii: "!"), bytes[i...].starts(with: Array("<!DOCTYPE".utf8)) {
                    throw ExportError.malformed("a document type declaration is refused in esmigrate exports", file: path)
                }
                if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { return }   // the root element starts
            }
            i += 1
        }
        if bytes.count >= 1 << 16 {
            throw ExportError.malformed("no root element in the first 64 KB", file: path)
        }
    }
}
