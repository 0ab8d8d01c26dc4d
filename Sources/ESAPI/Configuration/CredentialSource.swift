#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves ``Credentials`` from the environment or a token file, refusing ambiguity.
///
/// Sources: `CLOUDFLARE_API_TOKEN`; `CLOUDFLARE_EMAIL` + `CLOUDFLARE_API_KEY`; `CLOUDFLARE_API_USER_SERVICE_KEY`;
/// or `--token-file PATH` (a token, surrounding whitespace ignored). Exactly one kind may be set: the official
/// SDK silently drops a token when `CLOUDFLARE_EMAIL` is also set, so esmigrate names the conflict instead.
/// Secrets are never taken from the command line.
package enum CredentialSource {
    public static let tokenVariable = "CLOUDFLARE_API_TOKEN"
    public static let emailVariable = "CLOUDFLARE_EMAIL"
    public static let keyVariable = "CLOUDFLARE_API_KEY"
    public static let serviceKeyVariable = "CLOUDFLARE_API_USER_SERVICE_KEY"

    /// Resolves the credentials.
    ///
    /// - Parameters:
    ///   - environment: the process environment (injected for tests).
    ///   - tokenFile: a file holding an API token, from `--token-file`.
    /// - Throws: ``ConfigurationError`` naming the variables involved.
    public static func resolve(environment: [String: String], tokenFile: String? = nil) throws -> Credentials {
        func value(_ name: String) -> String? {
            guard let v = environment[name]?.trimmingWhitespace(), !v.isEmpty else { return nil }
            return v
        }
        // Checked as they are read, so the error names the variable (never the value) and nothing is sent.
        for name in [tokenVariable, emailVariable, keyVariable, serviceKeyVariable] {
            if let v = value(name), let problem = Credentials.problem(with: v) {
                throw ConfigurationError.invalidCredential(source: name, problem: problem)
            }
        }
        var kinds: [(String, Credentials?)] = []
        if let token = value(tokenVariable) { kinds.append((tokenVariable, .apiToken(token))) }
        let email = value(emailVariable), key = value(keyVariable)
        if email != nil || key != nil {
            let pair = email.flatMap { e in key.map { Credentials.apiKey(email: e, key: $0) } }
            kinds.append(("\(emailVariable) + \(keyVariable)", pair))
        }
        if let serviceKey = value(serviceKeyVariable) { kinds.append((serviceKeyVariable, .userServiceKey(serviceKey))) }
        if let tokenFile {
            kinds.append(("the token file \(tokenFile)", .apiToken(try readToken(tokenFile))))
        }
        guard kinds.count <= 1 else {
            throw ConfigurationError.conflictingCredentials(kinds.map(\.0))
        }
        guard let (name, credentials) = kinds.first else { throw ConfigurationError.missingCredentials }
        guard let credentials else {
            throw ConfigurationError.incompleteCredentials(name, missing: email == nil ? emailVariable : keyVariable)
        }
        return credentials
    }

    static func readToken(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else {
            throw ConfigurationError.unreadableTokenFile(path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
            if bytes.count > 64 * 1024 { throw ConfigurationError.unreadableTokenFile(path, reason: "larger than 64 KiB") }
        }
        let token = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else { throw ConfigurationError.unreadableTokenFile(path, reason: "it is empty") }
        if let problem = Credentials.problem(with: token) {
            let why = problem.hasPrefix("contains a line break") ? "holds more than one line" : problem
            throw ConfigurationError.invalidCredential(source: "the token file \(path)", problem: why)
        }
        return token
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
