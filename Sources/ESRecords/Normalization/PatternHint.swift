/// What the source says a value is (R24): an explicit `pattern_type`, an XML `type`, a TABL `ListType`.
package enum PatternHint: Sendable, Hashable {
    case email, domain, ip
    /// An address or a domain, but not an IP (TABL `Sender` lists).
    case sender

    /// The hint an explicit `pattern_type` gives; `UNKNOWN` gives none (the type is inferred).
    public init?(_ type: PatternType) {
        switch type {
        case .email: self = .email
        case .domain: self = .domain
        case .ip: self = .ip
        case .unknown: return nil
        }
    }

    /// The pattern type a regex takes from this hint.
    var explicitType: PatternType? {
        switch self {
        case .email: .email
        case .domain: .domain
        case .ip: .ip
        case .sender: nil
        }
    }
}
