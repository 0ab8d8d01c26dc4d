public import ESAPI
public import ESReaders
import ESRecords
public import Logging

/// Reads the inputs, fetches the live collections they touch, and plans.
public enum PlanBuilder {
    /// The inputs' normalized records and how reading them went.
    public struct Inputs: Sendable {
        public var desired: [Planner.Desired] = []
        public var summary = NormalizeSummary()
        public var errors: [ReaderError] = []
    }

    /// Reads every file; rejected rows are counted (they make the run exit 65) but not planned.
    public static func read(files: [String], options: ReadOptions, logger: Logger) -> Inputs {
        var inputs = Inputs()
        for file in files {
            do {
                let reader = try LegacyFileReader(path: file, options: options, logger: logger)
                inputs.summary.addFile()
                while let item = try reader.next() {
                    inputs.summary.add(item.outcome)
                    for record in item.outcome.records {
                        inputs.desired.append(Planner.Desired(record: record, source: "\(file):\(item.outcome.line)"))
                    }
                }
            } catch let e as ReaderError {
                inputs.errors.append(e)
            } catch {
                inputs.errors.append(ReaderError(.unreadable, file: file, message: "\(error)"))
            }
        }
        return inputs
    }

    /// Plans `desired` against the live collections it touches.
    public static func plan<C: Clock>(_ desired: [Planner.Desired], mode: ImportMode, client: EmailSecurityClient<C>)
        async throws -> [PlanDecision] where C.Duration == Duration
    {
        let touched = Set(desired.map(\.record.collection))
        var live: [NormalizedRecord] = []
        for collection in SettingsCollection.allCases where touched.contains(collection) {
            live += try await LiveState.fetch(collection, client: client)
        }
        return Planner.plan(desired: desired, live: live, mode: mode)
    }
}
