import ArgumentParser
import ESMigration
import ESReaders
import ESRecords
import Logging

/// How plans and input problems are shown (human table on stderr, JSON Lines on request).
enum PlanReport {
    /// Stops on unreadable inputs (exit 66/64/65) and warns about rejected rows.
    static func checkInputs(_ inputs: PlanBuilder.Inputs, logger: Logger) throws {
        for e in inputs.errors { logger.error("\(e)") }
        if !inputs.errors.isEmpty { throw ExitCode(ExitStatus.worst(inputs.errors.map(ExitStatus.code(for:)))) }
        let rejected = inputs.summary.count(.rejected)
        if rejected > 0 {
            logger.warning("\(rejected) input rows were rejected and will not be imported (see `esmigrate normalize --report`)")
        }
    }

    static func summary(_ decisions: [PlanDecision]) -> String {
        let actions = PlanDecision.Action.allCases
        var lines = ["collection".padding(24) + actions.map { $0.rawValue.leftPadded(11) }.joined()]
        for c in SettingsCollection.allCases {
            let mine = decisions.filter { $0.collection == c }
            guard !mine.isEmpty else { continue }
            lines.append(c.rawValue.padding(24) + actions.map { a in String(mine.filter { $0.action == a }.count).leftPadded(11) }.joined())
        }
        for d in decisions where d.action == .conflict {
            lines.append("conflict: \(d.source.map { "\($0): " } ?? "")\(d.naturalKeyForHumans): \(d.reason ?? "")")
        }
        let writes = decisions.filter(\.action.isWrite).count
        lines.append(writes == 0 ? "nothing to change" : "\(writes) changes pending")
        return lines.joined(separator: "\n") + "\n"
    }

    static func writeJSONL(_ decisions: [PlanDecision], to path: String) throws {
        let out = try ByteOutput(path: path)
        var json = JSONWriter()
        for d in decisions {
            json.reset()
            json.beginObject()
            json.key("action"); json.string(d.action.rawValue)
            json.key("collection"); json.string(d.collection.rawValue)
            json.key("source"); json.string(d.source)
            json.key("live_id"); json.string(d.live?.id?.rawValue)
            json.key("reason"); json.string(d.reason)
            json.key("record")
            if let r = d.desired ?? d.live { r.write(to: &json) } else { json.null() }
            json.endObject()
            json.newline()
            try out.write(json.bytes)
        }
        try out.flush()
    }
}

extension PlanDecision {
    /// The pattern or name the decision is about.
    var naturalKeyForHumans: String { (desired ?? live)?.keyForHumans ?? "?" }
}

extension NormalizedRecord {
    /// The pattern, name and email, or domain that identifies the record to a reader.
    var keyForHumans: String {
        switch self {
        case .allowPolicy(let p): p.pattern
        case .blockSender(let b): b.pattern
        case .trustedDomain(let t): t.pattern
        case .impersonation(let e): "\(e.name) <\(e.email)>"
        case .domain(let d): d.domain
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
