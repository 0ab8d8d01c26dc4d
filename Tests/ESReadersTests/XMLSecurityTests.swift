import ESReaders
import ESRecords
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// XML from other systems must never make the reader expand entities, read files or open connections.
@Suite("XML is safe by construction")
struct XMLSecurityTests {
    static let secret = "TOP-SECRET-\(UUID().uuidString)"

    /// Reads an XML document; returns the outcomes or the file-level error.
    func read(_ xml: String) throws -> Result<[RowOutcome], ReaderError> {
        try TestSupport.withFile(xml, name: "doc.xml") { path in
            do { return .success(try TestSupport.outcomes(path)) }
            catch let error as ReaderError { return .failure(error) }
        }
    }

    func expectRefused(_ xml: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try read(xml)
        guard case .failure(let error) = result else {
            Issue.record("the document was read: \(result)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.kind == .unsafeXML, sourceLocation: sourceLocation)
        #expect(!error.description.contains(Self.secret), sourceLocation: sourceLocation)
    }

    @Test("Billion laughs is refused before any expansion")
    func billionLaughs() throws {
        var decls = "<!ENTITY lol \"lol\">"
        for i in 1...9 {
            let prev = i == 1 ? "lol" : "lol\(i - 1)"
            decls += "<!ENTITY lol\(i) \"" + String(repeating: "&\(prev);", count: 10) + "\">"
        }
        try expectRefused("<?xml version=\"1.0\"?><!DOCTYPE s [\(decls)]><senderLists><blocklist><entry><value>&lol9;</value></entry></blocklist></senderLists>")
    }

    @Test("XXE with a file entity reads nothing")
    func xxeFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secretFile = dir.appendingPathComponent("secret.txt")
        try Self.secret.write(to: secretFile, atomically: true, encoding: .utf8)
        try expectRefused("""
            <?xml version="1.0"?><!DOCTYPE s [<!ENTITY xxe SYSTEM "file://\(secretFile.path)">]>
            <senderLists><blocklist><entry><value>&xxe;</value></entry></blocklist></senderLists>
            """)
        try expectRefused("""
            <?xml version="1.0"?><!DOCTYPE s [<!ENTITY % p SYSTEM "file://\(secretFile.path)"> %p;]>
            <senderLists/>
            """)
    }

    @Test("XXE and external DTDs over HTTP open no connection")
    func noNetwork() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        try expectRefused("""
            <?xml version="1.0"?><!DOCTYPE s [<!ENTITY xxe SYSTEM "http://127.0.0.1:\(listener.port)/x">]>
            <senderLists><blocklist><entry><value>&xxe;</value></entry></blocklist></senderLists>
            """)
        // An external DTD with no entity declarations in the document is allowed, but never fetched.
        let result = try read("""
            <?xml version="1.0"?><!DOCTYPE senderLists SYSTEM "http://127.0.0.1:\(listener.port)/evil.dtd">
            <senderLists><blocklist><entry><value>&fromdtd;bad@example.com</value></entry></blocklist></senderLists>
            """)
        guard case .success(let outcomes) = result else { Issue.record("\(result)"); return }
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.records.count == 1)
        #expect(listener.acceptedConnections() == 0)
    }

    @Test("An external DTD on disk is not loaded: its entities do not reach values")
    func externalDTDNotLoaded() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dtd = dir.appendingPathComponent("config.dtd")
        try "<!ENTITY secret \"\(Self.secret)\">".write(to: dtd, atomically: true, encoding: .utf8)
        let result = try read("""
            <?xml version="1.0"?><!DOCTYPE senderLists SYSTEM "file://\(dtd.path)">
            <senderLists><blocklist><entry><value>x&secret;@example.com</value><comment>&secret;</comment></entry></blocklist></senderLists>
            """)
        guard case .success(let outcomes) = result else { Issue.record("\(result)"); return }
        for o in outcomes {
            #expect(!o.input.contains(Self.secret))
            for r in o.records { #expect(!"\(r)".contains(Self.secret)) }
        }
    }

    @Test("A document that stops being well-formed reports what it read, then one malformed_xml item")
    func malformed() throws {
        let result = try read("""
            <senderLists><blocklist>
            <entry><value>a@example.com</value></entry>
            <entry><value>b@example.com</value></entry
            </blocklist></senderLists>
            """)
        guard case .success(let outcomes) = result else { Issue.record("\(result)"); return }
        #expect(outcomes.first?.status == .ok)
        #expect(outcomes.last?.reason == .malformedXML)
        #expect(outcomes.last?.detail?.isEmpty == false)
    }

    @Test("ISO-8859-1 declarations, CDATA and character references are decoded")
    func encodings() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<senderLists><allowlist>\n"
            + "<entry type=\"domain\"><value>m\u{FC}nchen.example</value></entry>\n"
            + "<entry><value><![CDATA[a&b@example.com]]></value></entry>\n"
            + "<entry><value>caf&#xE9;.example</value></entry>\n</allowlist></senderLists>\n"
        let outcomes = try TestSupport.withFile(Array(xml.unicodeScalars.map { UInt8($0.value) }), name: "l1.xml") {
            try TestSupport.outcomes($0)
        }
        #expect(outcomes.map(\.line) == [3, 4, 5])
        guard case .allowPolicy(let p) = outcomes[0].records.first else { Issue.record("no record"); return }
        #expect(p.pattern == "xn--mnchen-3ya.example")
        #expect(outcomes[1].input == "a&b@example.com")
        guard case .allowPolicy(let c) = outcomes[2].records.first else { Issue.record("no record"); return }
        #expect(c.pattern == "xn--caf-dma.example")
    }
}

/// A TCP listener on 127.0.0.1 that only counts connection attempts.
final class LoopbackListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)

        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    /// Connections waiting to be accepted (each one accepted and closed).
    func acceptedConnections() -> Int {
        var n = 0
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { return n }
            n += 1
            Glibc.close(c)
        }
    }

    func close() { Glibc.close(fd) }
}
