import ESMigration
import ESRecords
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `import --report PATH`: counts per collection and state, the failures with their reasons (the first 10,000,
/// and `failed_total`), request figures.
enum ImportReportFile {
    static func write(_ report: ImportReport, rejectedInputRows: Int, to path: String) throws {
        var json = JSONWriter()
        json.beginObject()
        json.key("counts")
        json.beginObject()
        for (collection, counts) in report.counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            json.key(dynamic: collection.rawValue)
            json.beginObject()
            for state in JournalItem.State.allCases { json.key(dynamic: state.rawValue); json.int(counts[state] ?? 0) }
            json.endObject()
        }
        json.endObject()
        json.key("failures")
        json.beginArray()
        for f in report.failures {
            json.beginObject()
            json.key("collection"); json.string(f.collection.rawValue)
            json.key("action"); json.string(f.action.rawValue)
            json.key("key"); json.string(f.naturalKey.split(separator: "\u{1}").map(String.init).joined(separator: " "))
            json.key("error"); json.string(f.error)
            json.endObject()
        }
        json.endArray()
        json.key("failed_total"); json.int(report.failedTotal)
        json.key("rejected_input_rows"); json.int(rejectedInputRows)
        json.key("write_requests"); json.int(report.writeRequests)
        json.key("api_requests"); json.int(report.apiRequests)
        json.key("rate_limited"); json.int(report.rateLimited)
        json.key("retries"); json.int(report.retries)
        json.key("reconciled"); json.int(report.reconciled)
        json.key("remaining"); json.int(report.remaining)
        json.endObject()
        json.newline()
        try Data(json.bytes).write(to: URL(fileURLWithPath: path))
    }
}
