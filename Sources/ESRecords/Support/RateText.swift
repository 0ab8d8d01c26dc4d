/// The `N/W` text of a request rate (`--rate 1080/300s`), shared by the client's budget and the emulator's.
///
/// The window is in `ms`, `s` (the default unit), `m` or `h`: `1080/300s`, `600/60s`, `10/1`, `1200/5m`.
package enum RateText {
    /// The limit and the window of `text`, or `nil` when it is not `N/W` with N > 0 and a window of at least
    /// one millisecond.
    public static func parse(_ text: String) -> (limit: Int, window: Duration)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, let n = Int(parts[0]), n > 0 else { return nil }
        var w = String(parts[1])
        var unit = 1.0
        if w.hasSuffix("ms") { unit = 0.001; w.removeLast(2) }
        else if w.hasSuffix("s") { w.removeLast() }
        else if w.hasSuffix("m") { unit = 60; w.removeLast() }
        else if w.hasSuffix("h") { unit = 3600; w.removeLast() }
        guard let value = Double(w.isEmpty ? "1" : w), value > 0, value.isFinite else { return nil }
        let milliseconds = (value * unit * 1000).rounded()
        guard milliseconds >= 1, milliseconds < 1e15 else { return nil }
        return (n, .milliseconds(Int64(milliseconds)))
    }
}
