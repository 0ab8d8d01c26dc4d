extension String {
    /// The string left-aligned in a column of `width` characters (followed by one space when it does not fit,
    /// so columns never touch), for the plain-text tables printed on stderr.
    public func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// The string right-aligned in a column of `width` characters (after one space when it does not fit).
    public func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
