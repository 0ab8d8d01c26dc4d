import ESAPI
import ESMigration
import ESReaders
import ESRecords
import Testing

/// Every public error of the libraries has one shape: a kind, a description, and where it happened.
@Suite("Error shape")
struct ErrorShapeTests {
    static func shape(_ error: some ContextualError) -> (kind: String, file: String?) {
        (error.kind.rawValue, error.context.file)
    }

    @Test("Each public error type is a ContextualError whose context names the file it was made for")
    func oneShape() {
        let shapes = [
            Self.shape(ReaderError(.noHeader, file: "in.csv", line: 1, message: "no header")),
            Self.shape(JournalError(.damaged, path: "j.sqlite", detail: "item 1")),
            Self.shape(MigrationError.journalMismatch(path: "j.sqlite")),
            Self.shape(ExportError.manifest("bad", file: "manifest.json")),
            Self.shape(CleanupError.filter("bad", criterion: "match", collection: .blockSenders)),
            Self.shape(ConfigurationError(.invalidNetwork, "bad", context: ErrorContext(file: "ca.pem"))),
            Self.shape(APIError(kind: .http, method: "GET", path: "/x", status: 400, attempts: 1)),
            Self.shape(TransportError(mayHaveBeenSent: false, message: "refused", kind: .connectionRefused)),
        ]
        #expect(shapes.map(\.kind) == ["no_header", "damaged", "journal_mismatch", shapes[3].kind, shapes[4].kind,
                                       "invalid_network", "http", "connection_refused"])
        #expect(shapes.map(\.file) == ["in.csv", "j.sqlite", "j.sqlite", "manifest.json", nil, "ca.pem", nil, nil])
    }
}
