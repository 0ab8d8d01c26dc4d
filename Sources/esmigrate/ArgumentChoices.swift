// Public: a conformance of a public library type is as visible as the type.
public import ArgumentParser
import ESEmulator
import ESMigration
public import ESReaders
import ESRecords

// Options that take one of a fixed set parse straight into the library's enums: swift-argument-parser then
// checks the value, lists the choices in --help and in its error, and no command re-parses a string.

extension ImportMode: ExpressibleByArgument {}
extension BatchPolicy: ExpressibleByArgument {}
extension DomainDeleteRoute: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
extension ExportDialect: ExpressibleByArgument {}
extension SettingsCollection: ExpressibleByArgument {}
extension APIGeneration: ExpressibleByArgument {}

extension PatternType: ExpressibleByArgument {
    /// Any case: `email` and `EMAIL` are the same type (and select the same records).
    init?(argument: String) { self.init(lenient: argument) }
}

extension DialectChoice: ExpressibleByArgument {
    /// `auto`, or a dialect's name.
    public init?(argument: String) {
        if argument == "auto" { self = .auto } else if let name = DialectName(rawValue: argument) { self = .named(name) }
        else { return nil }
    }

    public static var allValueStrings: [String] { ["auto"] + DialectName.allCases.map(\.rawValue) }
    public var defaultValueDescription: String { if case .named(let name) = self { name.rawValue } else { "auto" } }
}

/// `--delimiter`: a comma, a semicolon or a tab (`tab` or a literal TAB).
enum Delimiter: ExpressibleByArgument {
    case comma, semicolon, tab

    init?(argument: String) {
        switch argument {
        case ",": self = .comma
        case ";": self = .semicolon
        case "tab", "\t": self = .tab
        default: return nil
        }
    }

    static var allValueStrings: [String] { [",", ";", "tab"] }

    /// The byte the CSV reader splits on.
    var byte: UInt8 {
        switch self {
        case .comma: 44
        case .semicolon: 59
        case .tab: 9
        }
    }
}

/// `--log-format`.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

/// `diff --format`.
enum DiffFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json
}

/// `export --progress`: an export has no bar.
enum ExportProgress: String, CaseIterable, ExpressibleByArgument {
    case none, json
}
