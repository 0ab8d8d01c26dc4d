/// An error the emulator answers with: HTTP status, Cloudflare-style code and message.
struct EmulatorError: Error, Sendable {
    var status: Int
    var code: Int
    var message: String
    /// The request's framing can no longer be trusted (a body refused or cut short): answer with
    /// `Connection: close` instead of reading on for the next request.
    var closesConnection = false
    /// Sent as `retry-after` (a 503 for a server that is momentarily full).
    var retryAfterSeconds: Int?

    /// The contract's error envelope for this error.
    var envelope: [String: JSONAny] {
        [
            "success": .bool(false),
            "errors": .array([.object(["code": .int(Int64(code)), "message": .string(message)])]),
            "messages": .array([]), "result": .null,
        ]
    }

    static func badRequest(_ message: String, code: Int = 1001) -> EmulatorError {
        EmulatorError(status: 400, code: code, message: message)
    }
    static func notFound(_ what: String) -> EmulatorError {
        EmulatorError(status: 404, code: 7003, message: "Could not find \(what)")
    }
    static func methodNotAllowed(_ method: String, _ path: String) -> EmulatorError {
        EmulatorError(status: 405, code: 10405, message: "Method \(method) not allowed on \(path)")
    }
    static let unauthenticated = EmulatorError(status: 401, code: 10000, message: "Authentication error")
    static let forbidden = EmulatorError(status: 403, code: 9109, message: "Unauthorized to access requested resource")
    static let directorySynced = EmulatorError(
        status: 403, code: 1030, message: "Directory-synced impersonation registry entries cannot be modified")
    static let rateLimited = EmulatorError(status: 429, code: 971,
                                           message: "Please wait and consider throttling your request speed")
}
