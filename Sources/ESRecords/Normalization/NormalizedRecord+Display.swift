extension NormalizedRecord {
    /// The pattern, name and email, or domain that identifies the record to a reader.
    public var keyForHumans: String {
        switch self {
        case .allowPolicy(let p): p.pattern
        case .blockSender(let b): b.pattern
        case .trustedDomain(let t): t.pattern
        case .impersonation(let e): "\(e.name) <\(e.email)>"
        case .domain(let d): d.domain
        }
    }
}
