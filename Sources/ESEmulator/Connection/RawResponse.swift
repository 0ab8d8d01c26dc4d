/// A complete HTTP/1.1 error response as bytes, written below the HTTP encoder when the router is not
/// involved (a refused connection, a timeout, a request that cannot be parsed): always a contract envelope.
enum RawResponse {
    static func envelope(status: Int, reason: String, code: Int, message: String) -> [UInt8] {
        let body = envelopeBody(code: code, message: message)
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n"
            + "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// The error envelope's JSON.
    static func envelopeBody(code: Int, message: String) -> [UInt8] {
        var escaped = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return Array(#"{"errors":[{"code":\#(code),"message":"\#(escaped)"}],"messages":[],"result":null,"success":false}"#.utf8)
    }
}
