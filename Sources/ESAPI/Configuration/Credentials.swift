/// How requests authenticate, exactly as the official SDKs send it (`api-contract.md` §1).
///
/// Secrets never appear in `description`, logs or errors: see ``redacted(_:)``.
public enum Credentials: Sendable, Hashable, CustomStringConvertible {
    /// `Authorization: Bearer <token>`.
    case apiToken(String)
    /// `X-Auth-Email` + `X-Auth-Key` (a global API key).
    case apiKey(email: String, key: String)
    /// `X-Auth-User-Service-Key`.
    case userServiceKey(String)

    /// The headers that authenticate a request.
    public var headers: [(name: String, value: String)] {
        switch self {
        case .apiToken(let token): [("Authorization", "Bearer \(token)")]
        case .apiKey(let email, let key): [("X-Auth-Email", email), ("X-Auth-Key", key)]
        case .userServiceKey(let key): [("X-Auth-User-Service-Key", key)]
        }
    }

    /// The secret values, for redaction.
    public var secrets: [String] {
        switch self {
        case .apiToken(let token): [token]
        case .apiKey(_, let key): [key]
        case .userServiceKey(let key): [key]
        }
    }

    /// `text` with every secret replaced by `[REDACTED]`; use on anything that may echo a request.
    ///
    /// Besides the secret as it is, this replaces the forms an error description may print it in: Swift's
    /// escaped literal (`abc\r\nX: 1` for a value with a line break) and each of its lines.
    public func redacted(_ text: String) -> String {
        var out = text
        for secret in secrets {
            var forms = [secret, String(secret.debugDescription.dropFirst().dropLast())]
            forms += secret.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }).map(String.init)
            for form in Set(forms) where form.count >= 4 {
                out = out.replacingAll(form, with: "[REDACTED]")
            }
        }
        return out
    }

    /// Checks that every value can be sent as an HTTP header value: one line of visible ASCII characters.
    ///
    /// A token read with a stray line break would otherwise fail inside the HTTP client, whose error text
    /// quotes the header (and so the secret).
    /// - Throws: ``ConfigurationError/invalidCredential(source:problem:)`` naming the credential kind.
    public func validate() throws {
        for (name, value) in namedValues {
            if let problem = Self.problem(with: value) {
                throw ConfigurationError.invalidCredential(source: "the \(name)", problem: problem)
            }
        }
    }

    /// What makes `value` unusable as a header value, or `nil` when it is fine.
    public static func problem(with value: String) -> String? {
        if value.isEmpty { return "is empty" }
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D: return "contains a line break (CR or LF)"
            case 0x00..<0x20, 0x7F: return "contains a control character"
            case 0x20: return "contains a space"
            case 0x80...: return "contains a non-ASCII character"
            default: continue
            }
        }
        return nil
    }

    private var namedValues: [(String, String)] {
        switch self {
        case .apiToken(let token): [("API token", token)]
        case .apiKey(let email, let key): [("API key's email", email), ("API key", key)]
        case .userServiceKey(let key): [("user service key", key)]
        }
    }

    /// The kind of credential, never the secret.
    public var description: String {
        switch self {
        case .apiToken: "API token"
        case .apiKey(let email, _): "API key of \(email)"
        case .userServiceKey: "user service key"
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
