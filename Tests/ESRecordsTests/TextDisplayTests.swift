import ESRecords
import Testing

@Suite("Text shown to a person: escaped and capped")
struct TextDisplayTests {
    @Test("Controls, DEL, C1 and bidi overrides are escaped; kept scalars pass", arguments: [
        ("plain text", "plain text"),
        ("a\u{1B}]0;PWNED\u{07}b", #"a\u{1B}]0;PWNED\u{7}b"#),
        ("nul\u{0}del\u{7F}c1\u{9B}", #"nul\u{0}del\u{7F}c1\u{9B}"#),
        ("rtl\u{202E}txt", #"rtl\u{202E}txt"#),
        ("line\nbreak", #"line\u{A}break"#),
    ])
    func escapes(input: String, expected: String) {
        #expect(TextCleaning.displayable(input) == expected)
    }

    @Test("Kept scalars stay, and a long text is cut with a count of the rest")
    func keepsAndCaps() {
        #expect(TextCleaning.displayable("a\nb\tc\u{7}", keeping: ["\n", "\t"]) == "a\nb\tc\\u{7}")
        let long = String(repeating: "x", count: 1000)
        #expect(TextCleaning.displayable(long, limit: 10) == "xxxxxxxxxx… (990 more characters)")
        #expect(TextCleaning.displayable(long, limit: nil) == long)
    }

    @Test("Control characters are found, with line breaks allowed only where asked")
    func controls() {
        #expect(TextCleaning.hasControlCharacters("a\u{1}b", allowingLineBreaks: true))
        #expect(!TextCleaning.hasControlCharacters("two\nlines\tand\rmore", allowingLineBreaks: true))
        #expect(TextCleaning.hasControlCharacters("two\nlines", allowingLineBreaks: false))
        #expect(TextCleaning.hasControlCharacters("c1\u{85}", allowingLineBreaks: true))
        #expect(!TextCleaning.hasControlCharacters("bücher.example", allowingLineBreaks: false))
    }
}
