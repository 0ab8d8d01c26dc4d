import CLibXML2
import Foundation
public import ESRecords

/// Streams one collection as an `urn:esmigrate:export:1` document through libxml2's `xmlTextWriter`.
///
/// ```xml
/// <export xmlns="urn:esmigrate:export:1" collection="domains" version="1">
///   <record>
///     <id>…</id>
///     <domain>example.com</domain>
///     <regions type="array"><item>GLOBAL</item></regions>
///     <lookback_hops type="number">3</lookback_hops>
///     <require_tls_inbound type="boolean">true</require_tls_inbound>
///     <authorization type="object"><authorized type="boolean">true</authorized></authorization>
///     <transport null="true"/>
///   </record>
/// </export>
/// ```
/// One element per field, named after the key; text is a string unless `type` says `number`, `boolean`,
/// `array` (children `<item>`) or `object`; `null="true"` is JSON null; a key that is not an XML name is
/// written `<field name="…">`; a string with characters XML 1.0 cannot carry is its JSON literal with
/// `encoding="json"`. Every JSON value maps to exactly one element and back.
package final class XMLRecordWriter: ExportRecordWriter {
    /// The export namespace.
    public static let namespace = "urn:esmigrate:export:1"
    private var writer: xmlTextWriterPtr?
    private let path: String

    /// Creates an XML file of `collection` at `path`.
    public init(path: String, collection: SettingsCollection) throws {
        self.path = path
        Self.quietLibXML2()
        guard let w = xmlNewTextWriterFilename(path, 0) else {
            throw ExportError.destination("libxml2 cannot open the file for writing", file: path)
        }
        writer = w
        xmlTextWriterSetIndent(w, 1)
        xmlTextWriterSetIndentString(w, "  ")
        try check(xmlTextWriterStartDocument(w, "1.0", "UTF-8", nil))
        try check(xmlTextWriterStartElement(w, "export"))
        try check(xmlTextWriterWriteAttribute(w, "xmlns", Self.namespace))
        try check(xmlTextWriterWriteAttribute(w, "collection", collection.rawValue))
        try check(xmlTextWriterWriteAttribute(w, "version", "1"))
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
    }

    public func write(_ object: JSONValue) throws {
        guard let w = writer else { throw ExportError.destination("written after finish", file: path) }
        Self.quietLibXML2()
        try check(xmlTextWriterStartElement(w, "record"))
        for p in object.pairs { try element(p.key, p.value, w) }
        try check(xmlTextWriterEndElement(w))
    }

    public func finish() throws {
        guard let w = writer else { return }
        Self.quietLibXML2()
        try check(xmlTextWriterEndDocument(w))     // closes <export>
        try check(xmlTextWriterFlush(w))
        xmlFreeTextWriter(w)
        writer = nil
    }

    private func element(_ key: String, _ value: JSONValue, _ w: xmlTextWriterPtr) throws {
        if Self.isXMLName(key) {
            try check(xmlTextWriterStartElement(w, key))
        } else {
            try check(xmlTextWriterStartElement(w, "field"))
            try check(xmlTextWriterWriteAttribute(w, "name", key))
        }
        try content(value, w)
        try check(xmlTextWriterEndElement(w))
    }

    private func content(_ value: JSONValue, _ w: xmlTextWriterPtr) throws {
        switch value {
        case .null:
            try check(xmlTextWriterWriteAttribute(w, "null", "true"))
        case .bool(let b):
            try check(xmlTextWriterWriteAttribute(w, "type", "boolean"))
            try check(xmlTextWriterWriteString(w, b ? "true" : "false"))
        case .number(let n):
            try check(xmlTextWriterWriteAttribute(w, "type", "number"))
            try check(xmlTextWriterWriteString(w, n))
        case .string(let s):
            if Self.isXMLText(s) {
                if !s.isEmpty { try check(xmlTextWriterWriteString(w, s)) }
            } else {
                try check(xmlTextWriterWriteAttribute(w, "encoding", "json"))
                try check(xmlTextWriterWriteString(w, JSONValue.string(s).jsonText))
            }
        case .array(let items):
            try check(xmlTextWriterWriteAttribute(w, "type", "array"))
            for item in items {
                try check(xmlTextWriterStartElement(w, "item"))
                try content(item, w)
                try check(xmlTextWriterEndElement(w))
            }
        case .object(let pairs):
            try check(xmlTextWriterWriteAttribute(w, "type", "object"))
            for p in pairs { try element(p.key, p.value, w) }
        }
    }

    private func check(_ rc: Int32) throws {
        guard rc < 0 else { return }
        // libxml2 records what failed (an I/O error and its errno) as its last error.
        let reason = xmlGetLastError().flatMap { $0.pointee.message.map { String(cString: $0) } }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "disk full or closed?"
        throw ExportError.destination("libxml2 failed to write (\(reason))", file: path)
    }

    /// libxml2 prints errors that have no handler (an I/O error of `xmlTextWriter`) to stderr as raw lines,
    /// outside the logger and `--log-format json`. A structured handler that drops them is installed on the
    /// calling thread (libxml2 keeps it per thread, and tasks move between threads, so each entry point calls
    /// this) and as the default of new threads; the writer reports each failure itself, with the message
    /// libxml2 recorded. (The legacy XML reader sets its own SAX handler, which takes precedence.)
    static func quietLibXML2() {
        let drop: xmlStructuredErrorFunc = { _, _ in }
        xmlSetStructuredErrorFunc(nil, drop)
        _ = threadDefault
    }

    private static let threadDefault: Void = {
        let drop: xmlStructuredErrorFunc = { _, _ in }
        xmlThrDefSetStructuredErrorFunc(nil, drop)
    }()

    /// Whether `s` can be an element name as written (ASCII letters, digits, `_`, `-`, `.`; no `xml` prefix).
    static func isXMLName(_ s: String) -> Bool {
        guard let first = s.utf8.first, first == UInt8(ascii: "_") || (first | 0x20) >= 97 && (first | 0x20) <= 122
        else { return false }
        if s.lowercased().hasPrefix("xml") { return false }
        return s.utf8.allSatisfy {
            ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || $0 >= 48 && $0 <= 57 || $0 == 95 || $0 == 45 || $0 == 46
        }
    }

    /// Whether every character is allowed in XML 1.0 text.
    static func isXMLText(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { u in
            let v = u.value
            return v == 9 || v == 10 || v == 13 || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
        }
    }
}
