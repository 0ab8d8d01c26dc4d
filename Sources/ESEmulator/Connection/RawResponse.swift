/// A complete HTTP/1.1 error response as bytes, written below the HTTP encoder when the router is not
/// involved (a refused connection, a timeout): always the contract's envelope, with `Connection: close`.
enum RawResponse {
    static func envelope(status: Int, reason: String, _ error: EmulatorError) -> [UInt8] {
        let body = Array(JSONAny.encode(error.envelope).utf8)
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n"
            + "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }
}
