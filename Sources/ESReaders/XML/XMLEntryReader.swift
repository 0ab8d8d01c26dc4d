import CLibXML2

/// Streams chosen elements out of an XML document with libxml2's SAX2 push parser, in constant memory.
///
/// Safe by construction (the toolkit reads files from other systems):
/// - any entity declaration (`<!ENTITY …>`, general or parameter, internal or external) stops the parse with
///   ``ReaderError/Kind/unsafeXML`` — this refuses billion-laughs expansion and XXE before a byte is resolved;
/// - the external DTD subset is never loaded (`externalSubset` and `resolveEntity` are no-ops) and
///   `XML_PARSE_NONET` is set; `XML_PARSE_NOENT` and `XML_PARSE_DTDLOAD` are never used;
/// - references to undeclared entities are not expanded.
/// Declared encodings (ISO-8859-1 for Cisco) are honoured by libxml2; element and attribute names are
/// matched by local name, ignoring namespaces.
package final class XMLEntryReader {
    /// A parse that stopped: the document is not well-formed past this point.
    package struct ParseFailure: Sendable, Hashable {
        public var line: Int
        public var message: String
    }

    public let input: ByteInput
    public let path: String
    private let state: SAXState
    private var context: xmlParserCtxtPtr?
    private var finished = false

    /// Local name of the document element, once the parser has seen it.
    public var rootName: String? { state.rootName }
    /// The well-formedness error that stopped the parse, if any (reported as one `malformed_xml` item).
    public var failure: ParseFailure? { state.failure }

    /// A streaming reader of `input` that returns the elements named in `capture`, one at a time.
    ///
    /// - Parameters:
    ///   - input: the file's bytes (libxml2 is fed from it in chunks).
    ///   - path: the file's name, for messages.
    ///   - capture: local names of the elements to return (compared case-insensitively).
    ///   - maxTextBytes: the cap on a captured element's text, each text node and all of them together; past
    ///     it the text is no longer kept and the element comes back as ``XMLRecord/isTooLong``.
    public init(input: ByteInput, path: String, capture: Set<String>,
                maxTextBytes: Int = ReadLimits.defaultMaxRecordBytes) throws {
        self.input = input
        self.path = path
        self.state = SAXState(capture: Set(capture.map { $0.lowercased() }), maxTextBytes: maxTextBytes)
        var handler = XMLEntryReader.makeHandler()
        let first = try input.peek(4)
        let userData = Unmanaged.passUnretained(state).toOpaque()
        let ctxt = first.withUnsafeBytes { raw in
            xmlCreatePushParserCtxt(&handler, userData, raw.bindMemory(to: CChar.self).baseAddress, Int32(raw.count), path)
        }
        guard let ctxt else {
            throw ReaderError(.unreadable, file: path, message: "libxml2 could not create a parser")
        }
        input.consume(first.count)
        let options = XMLParseOptions.safe
        xmlCtxtUseOptions(ctxt, options)
        // xmlCtxtUseOptions may reset these; make sure entities are never substituted or loaded.
        ctxt.pointee.replaceEntities = 0
        ctxt.pointee.loadsubset = 0
        ctxt.pointee.validate = 0
        state.context = ctxt
        context = ctxt
    }

    deinit {
        if let context {
            xmlFreeParserCtxt(context)
        }
    }

    /// The next captured element, or `nil` when the document (or the parse) has ended.
    public func next() throws -> XMLRecord? {
        while state.queueHead >= state.queue.count {
            state.queue.removeAll(keepingCapacity: true)
            state.queueHead = 0
            if let unsafe = state.unsafeReason {
                throw ReaderError(.unsafeXML, file: path, line: state.unsafeLine, message: unsafe)
            }
            if finished || state.failure != nil { return nil }
            try feed()
        }
        if let unsafe = state.unsafeReason {
            throw ReaderError(.unsafeXML, file: path, line: state.unsafeLine, message: unsafe)
        }
        defer { state.queueHead += 1 }
        return state.queue[state.queueHead]
    }

    private func feed() throws {
        guard let context else { finished = true; return }
        let chunkSize = 1 << 16
        if input.available.isEmpty { try input.fill() }
        let buf = input.available
        if buf.isEmpty {
            xmlParseChunk(context, nil, 0, 1)
            finished = true
        } else {
            let n = min(chunkSize, buf.count)
            _ = xmlParseChunk(context, UnsafeRawBufferPointer(buf).bindMemory(to: CChar.self).baseAddress, Int32(n), 0)
            input.consume(n)
        }
        if state.failure == nil, context.pointee.wellFormed == 0, context.pointee.disableSAX != 0 {
            state.fail(line: Int(xmlSAX2GetLineNumber(context)), message: "the document is not well-formed")
        }
    }

    // MARK: - SAX2 callbacks

    /// The reader's state, which `init` passed libxml2 as the callbacks' user data; `nil` only if libxml2 called
    /// back without it, and then the event is dropped.
    private static func state(_ ctx: UnsafeMutableRawPointer?) -> SAXState? {
        ctx.map { Unmanaged<SAXState>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The SAX2 handler: content callbacks that capture entries, and guards that refuse entities and report
    /// fatal errors.
    private static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = XML_SAX2_MAGIC
        setContentCallbacks(&h)
        setGuards(&h)
        return h
    }

    /// Elements, attributes and text, handed to the reader's state.
    private static func setContentCallbacks(_ h: inout xmlSAXHandler) {
        h.startElementNs = { ctx, localname, _, _, _, _, nbAttributes, _, attributes in
            guard let s = XMLEntryReader.state(ctx), let localname else { return }
            var attrs: [String: String] = [:]
            if let attributes, nbAttributes > 0 {
                for k in 0..<Int(nbAttributes) {
                    let base = 5 * k
                    guard let name = attributes[base], let start = attributes[base + 3],
                          let end = attributes[base + 4] else { continue }
                    let length = end - start
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
                    attrs[String(cString: name)] = value
                }
            }
            s.startElement(String(cString: localname), attributes: attrs)
        }
        h.endElementNs = { ctx, _, _, _ in
            XMLEntryReader.state(ctx)?.endElement()
        }
        h.characters = { ctx, ch, len in
            guard let ch else { return }
            XMLEntryReader.state(ctx)?.characters(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        h.ignorableWhitespace = h.characters
        h.cdataBlock = { ctx, ch, len in
            guard let ch else { return }
            XMLEntryReader.state(ctx)?.characters(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
    }

    /// Entity declarations refused, entities never resolved or loaded, fatal errors recorded with their line.
    private static func setGuards(_ h: inout xmlSAXHandler) {
        h.entityDecl = { ctx, name, _, _, _, _ in
            let n = name.map { String(cString: $0) } ?? "?"
            XMLEntryReader.state(ctx)?.refuse(
                "the document declares the XML entity '\(n)'; entity declarations are refused "
                    + "(they enable entity-expansion and external-entity attacks)")
        }
        h.unparsedEntityDecl = { ctx, name, _, _, _ in
            let n = name.map { String(cString: $0) } ?? "?"
            XMLEntryReader.state(ctx)?.refuse("the document declares the unparsed XML entity '\(n)'; refused")
        }
        h.getEntity = { _, _ in nil }
        h.getParameterEntity = { _, _ in nil }
        h.resolveEntity = { _, _, _ in nil }
        h.externalSubset = { _, _, _, _ in }     // never load the external DTD
        h.internalSubset = { _, _, _, _ in }
        h.reference = { _, _ in }                 // undeclared entity references are dropped, not expanded
        h.serror = { userData, error in
            guard let userData, let error else { return }
            let level = error.pointee.level
            guard level == XML_ERR_FATAL || level == XML_ERR_ERROR else { return }
            // Undeclared entities in a document with an external DTD are only a validity matter.
            if error.pointee.code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue)
                || error.pointee.code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) && level != XML_ERR_FATAL {
                return
            }
            guard level == XML_ERR_FATAL else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
            XMLEntryReader.state(userData)?.fail(
                line: Int(error.pointee.line),
                message: message.trimmingTrailingNewlines())
        }
    }
}

/// Mutable parse state shared with the C callbacks.
///
/// Only touched from the thread driving ``XMLEntryReader`` (libxml2 calls back synchronously inside
/// `xmlParseChunk`), so it needs no lock; it is not `Sendable` and never leaves the reader.
final class SAXState {
    let capture: Set<String>
    var context: xmlParserCtxtPtr?
    var rootName: String?
    /// Entries parsed from the current chunk; `queueHead` is the next one to hand out.
    var queue: [XMLRecord] = []
    var queueHead = 0
    var stack: [String] = []
    var failure: XMLEntryReader.ParseFailure?
    var unsafeReason: String?
    var unsafeLine: Int?

    // The element being captured, and its depth in `stack`.
    private var current: XMLRecord?
    private var captureDepth = 0
    private var childText: [UInt8] = []
    private var ownText: [UInt8] = []
    private var inChild = false

    /// Text kept for the captured element so far, and the cap on it.
    private var keptBytes = 0
    let maxTextBytes: Int

    init(capture: Set<String>, maxTextBytes: Int) {
        self.capture = capture
        self.maxTextBytes = maxTextBytes
    }

    private var line: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetLineNumber(context))
    }

    func startElement(_ name: String, attributes: [String: String]) {
        if rootName == nil { rootName = name }
        if current == nil, capture.contains(name.lowercased()) {
            current = XMLRecord(name: name, line: line, attributes: attributes, children: [], text: "",
                                ancestors: stack)
            captureDepth = stack.count + 1
            ownText.removeAll(keepingCapacity: true)
            keptBytes = attributes.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        } else if current != nil, stack.count == captureDepth {
            current?.children.append(.init(name: name, text: "", attributes: attributes, line: line))
            childText.removeAll(keepingCapacity: true)
            inChild = true
        }
        stack.append(name)
    }

    func endElement() {
        if current != nil {
            if stack.count == captureDepth + 1, inChild {
                if let last = current?.children.indices.last {
                    current?.children[last].text = String(decoding: childText, as: UTF8.self)
                }
                inChild = false
            } else if stack.count == captureDepth, var record = current {
                current = nil    // the record is then the only owner of its storage: no copy on the next line
                record.text = String(decoding: ownText, as: UTF8.self)
                queue.append(record)
            }
        }
        if !stack.isEmpty { stack.removeLast() }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard current != nil else { return }
        keptBytes += bytes.count
        if keptBytes > maxTextBytes {
            // Past the cap nothing more is kept (libxml2 hands text over in pieces, so this is constant memory);
            // the element is reported as too long when it ends, and reading goes on after it.
            if current?.isTooLong == false {
                current?.isTooLong = true
                ownText = []
                childText = []
            }
            return
        }
        if inChild {
            childText.append(contentsOf: bytes)
        } else if stack.count == captureDepth {
            ownText.append(contentsOf: bytes)
        }
    }

    func refuse(_ reason: String) {
        if unsafeReason == nil {
            unsafeReason = reason
            unsafeLine = line
        }
        if let context { xmlStopParser(context) }
    }

    func fail(line: Int, message: String) {
        if failure == nil, unsafeReason == nil {
            failure = .init(line: line, message: message)
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}
