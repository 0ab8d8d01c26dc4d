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
        write(report, rejectedInputRows: rejectedInputRows, into: &json)
        json.newline()
        try Data(json.bytes).write(to: URL(fileURLWithPath: path))
    }

    /// `--report` of several accounts: `{"accounts": [{"account", "status", "journal", "error", "report"}]}`,
    /// `report` being the object a single account's import writes (`null` when the account did not run).
    static func write(fleet rows: [FleetApply.FleetRow], to path: String) throws {
        var json = JSONWriter()
        json.beginObject()
        json.key("accounts")
        json.beginArray()
        for row in rows {
            json.beginObject()
            json.key("account"); json.string(row.account)
            json.key("status"); json.string(row.status)
            json.key("journal"); json.string(row.outcome?.journalPath)
            json.key("error"); json.string(row.error.map { "\($0)" })
            json.key("report")
            if let report = row.outcome?.report {
                write(report, rejectedInputRows: row.outcome?.rejectedInputs ?? 0, into: &json)
            } else {
                json.null()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.newline()
        try Data(json.bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Writes the report object into `json`.
    static func write(_ report: ImportReport, rejectedInputRows: Int, into json: inout JSONWriter) {
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
            json.key("key"); json.string(NaturalKey.display(f.naturalKey))
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
    }
}
