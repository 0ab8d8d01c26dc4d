/// A credential the emulator accepts, bound to accounts (`nil`: every account).
public struct EmulatorCredential: Sendable, Hashable {
    /// The kinds of credential the API accepts (contract §1).
    public enum Kind: Sendable, Hashable {
        case token(String)
        case apiKey(email: String, key: String)
        case userServiceKey(String)
    }

    public var kind: Kind
    public var accounts: Set<String>?

    /// A credential of `kind`, accepted for `accounts` (`nil`: every account).
    public init(_ kind: Kind, accounts: Set<String>? = nil) {
        self.kind = kind
        self.accounts = accounts
    }

    /// Parses `TOKEN` or `TOKEN@acc1,acc2` (`--token`), and `EMAIL:KEY[@accounts]` (`--api-key`).
    public static func parse(token text: String) -> EmulatorCredential {
        let (secret, accounts) = splitAccounts(text)
        return EmulatorCredential(.token(secret), accounts: accounts)
    }

    /// Parses `EMAIL:KEY[@acc1,acc2]` (`serve --api-key`); `nil` without the colon.
    public static func parse(apiKey text: String) -> EmulatorCredential? {
        let (pair, accounts) = splitAccounts(text)
        guard let colon = pair.firstIndex(of: ":") else { return nil }
        return EmulatorCredential(.apiKey(email: String(pair[..<colon]), key: String(pair[pair.index(after: colon)...])),
                                  accounts: accounts)
    }

    private static func splitAccounts(_ text: String) -> (String, Set<String>?) {
        guard let at = text.lastIndex(of: "@"), !text[text.index(after: at)...].contains(".") else { return (text, nil) }
        let accounts = Set(text[text.index(after: at)...].split(separator: ",").map(String.init))
        return (String(text[..<at]), accounts.isEmpty ? nil : accounts)
    }
}
