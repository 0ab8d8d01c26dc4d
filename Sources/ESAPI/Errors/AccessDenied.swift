/// The API refused the credential (HTTP 401/403, Cloudflare codes 9103, 9106, 9109, 10000, 10001): wrong,
/// expired or revoked, or without permission for the account. Names the account and the kind of credential,
/// never the secret.
public struct AccessDenied: Error, Sendable, Hashable, CustomStringConvertible {
    public var accountID: String
    /// The kind of credential (``Credentials/description``) and where it was read from, when known.
    public var credential: String
    /// The refused request.
    public var underlying: APIError

    /// Creates the error for a refused credential (never its value: `credential` names its kind and source).
    public init(accountID: String, credential: String, underlying: APIError) {
        self.accountID = accountID
        self.credential = credential
        self.underlying = underlying
    }

    /// `error` as ``AccessDenied`` when it is a refused credential (``APIError/isAuthenticationFailure``),
    /// else `error` itself: how a run over several accounts reports each account's failure.
    public static func wrapping(_ error: any Error, accountID: String, credential: String) -> any Error {
        guard let e = error as? APIError, e.isAuthenticationFailure else { return error }
        return AccessDenied(accountID: accountID, credential: credential, underlying: e)
    }

    public var description: String {
        let what = underlying.status == 403 ? "has no permission for" : "was refused for"
        return "the \(credential) \(what) account \(accountID) (\(underlying)). Check that it is current and "
            + "grants Email Security read and edit on this account; nothing more was sent"
    }
}

extension APIError {
    /// Cloudflare's error codes for a missing, invalid or insufficient credential.
    static let authenticationCodes: Set<Int> = [9103, 9106, 9109, 10000, 10001]

    /// Whether the server refused the credential rather than the request: retrying or going on with other
    /// records cannot help.
    public var isAuthenticationFailure: Bool {
        guard kind == .http, let status else { return false }
        if status == 401 || status == 403 { return true }
        return (400..<500).contains(status) && errors.contains { Self.authenticationCodes.contains($0.code) }
    }
}
