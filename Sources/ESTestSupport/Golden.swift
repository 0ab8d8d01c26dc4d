public import Foundation

/// Golden files: output compared byte for byte with a reviewed copy under `Tests/…/Golden/`.
///
/// `ESMIGRATE_UPDATE_GOLDEN=1 swift test --filter Golden` rewrites the copies from the current output; review
/// the diff (`git diff Tests/`) before committing it. A missing golden file is a failure, never created
/// silently.
package enum Golden {
    /// Whether this run rewrites golden files instead of comparing.
    public static var updating: Bool { ProcessInfo.processInfo.environment["ESMIGRATE_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file at `path`; returns `nil` when they match (or after rewriting
    /// it), or a message naming the first differing line.
    public static func check(_ actual: String, against path: URL) -> String? {
        if updating {
            do {
                try FileManager.default.createDirectory(at: path.deletingLastPathComponent(),
                                                        withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: path)
                return nil
            } catch {
                return "cannot write \(path.path): \(error)"
            }
        }
        guard let expected = try? String(contentsOf: path, encoding: .utf8) else {
            return "\(path.path) is missing: run with ESMIGRATE_UPDATE_GOLDEN=1 to create it, then review it"
        }
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<end of file>"
            let al = i < a.count ? String(a[i]) : "<end of file>"
            if el != al {
                return "\(path.lastPathComponent):\(i + 1) differs\n  expected: \(el)\n  actual:   \(al)\n"
                    + "(ESMIGRATE_UPDATE_GOLDEN=1 rewrites it if the change is intended)"
            }
        }
        return "\(path.lastPathComponent) differs (line endings?)"
    }

    /// `text` with every `127.0.0.1:<port>` written `127.0.0.1:PORT` (emulators listen on a free port).
    public static func maskingPorts(_ text: String) -> String {
        text.replacingOccurrences(of: #"127\.0\.0\.1:[0-9]+"#, with: "127.0.0.1:PORT", options: .regularExpression)
    }
}
