extension FaultPlan {
    /// Sets the added latency from `20ms`, `1.5s`, `2m` (fixed) or `10ms..50ms` (uniform in the range).
    ///
    /// Bounds are durations as ``ServerLimits/parseDuration(_:)`` reads them; only `..` separates a range,
    /// so `1.5s` is one and a half seconds (it used to be split at its dot into 1 ms…5 s).
    ///
    /// - Throws: ``EmulatorOptionError`` for anything else, or a range whose upper bound is below its lower.
    public mutating func setLatency(parsing text: String) throws {
        let parts = text.split(separator: "..", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count),
              let low = ServerLimits.parseDuration(parts[0]),
              let high = parts.count == 2 ? ServerLimits.parseDuration(parts[1]) : low,
              high >= low else {
            throw EmulatorOptionError(text: text, expected: "a latency such as 20ms, 1.5s or 10ms..50ms")
        }
        latency = low
        latencyMax = high
    }
}
