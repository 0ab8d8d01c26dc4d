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
    public func redacted(_ text: String) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 {
            out = out.replacingAll(secret, with: "[REDACTED]")
        }
        return out
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
