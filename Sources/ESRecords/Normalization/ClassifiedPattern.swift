/// A legacy value recognised as one of the API's pattern kinds (the output of R14's classification).
package struct ClassifiedPattern: Sendable, Hashable {
    /// One API pattern per network for IP forms; exactly one otherwise.
    public var patterns: [String]
    public var patternType: PatternType
    public var isRegex: Bool
    /// The networks, for IP forms (used by the non-public check).
    public var networks: [IPNetwork]
    public var warnings: [WarningCode]

    /// Creates a classified pattern.
    public init(patterns: [String], patternType: PatternType, isRegex: Bool, networks: [IPNetwork] = [],
                warnings: [WarningCode] = []) {
        self.patterns = patterns
        self.patternType = patternType
        self.isRegex = isRegex
        self.networks = networks
        self.warnings = warnings
    }
}
