import HTTPTypes

extension HTTPField.Name {
    /// Header names the emulator reads or writes beyond swift-http-types' registered ones.
    static let rateLimit = known("Ratelimit")
    static let rateLimitPolicy = known("Ratelimit-Policy")
    static let xAuthEmail = known("X-Auth-Email")
    static let xAuthKey = known("X-Auth-Key")
    static let xAuthUserServiceKey = known("X-Auth-User-Service-Key")

    /// A name written above: a valid HTTP token, so the failable initializer cannot fail (`EmulatorRouteTests`
    /// sends and reads every one of them).
    private static func known(_ name: String) -> HTTPField.Name {
        HTTPField.Name(name)!   // a constant token: see above
    }
}
