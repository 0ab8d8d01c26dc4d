import ESRecords
import Testing

@Suite("Rate text")
struct RateTextTests {
    @Test("Every documented form", arguments: [
        ("1080/300s", 1080, 300_000), ("600/60s", 600, 60_000), ("10/1", 10, 1_000), ("1200/5m", 1200, 300_000),
        ("100/500ms", 100, 500), ("1/1h", 1, 3_600_000), ("20/1.5s", 20, 1_500), ("5/s", 5, 1_000),
    ])
    func forms(text: String, limit: Int, milliseconds: Int64) throws {
        let parsed = try #require(RateText.parse(text))
        #expect(parsed.limit == limit && parsed.window == .milliseconds(milliseconds))
    }

    @Test("Malformed rates are nil",
          arguments: ["", "0/1s", "-1/1s", "10", "10/0s", "x/1s", "10/ys", "1/2/3", "10/", "/1s", "10/0.1ms", "10/infs"])
    func malformed(text: String) {
        #expect(RateText.parse(text) == nil)
    }
}
