// esmigrate-bench: drives the API client against a running emulator to measure how much of the rate budget
// it uses. Used by scripts/bench-api.sh (which starts `esmigrate serve`); prints figures, asserts nothing.
//
//   esmigrate-bench BASE_URL ACCOUNT REQUESTS CONCURRENCY RATE      (token from CLOUDFLARE_API_TOKEN)
//   esmigrate-bench ledger FILE N        N budget-ledger reservations on FILE: the cost of one (scripts/bench-fleet.sh)
//   esmigrate-bench heartbeat INPUT ACCOUNTS DIR   a fleet plan with a heartbeat on the pool (Heartbeat.swift)
import AsyncHTTPClient
import ESAPI
import ESRecords
import Foundation
import Logging
import Synchronization

let args = CommandLine.arguments
if args.count == 5, args[1] == "heartbeat", let accounts = Int(args[3]), accounts > 0 {
    try await Heartbeat.run(input: args[2], accounts: accounts, directory: args[4])
    exit(0)
}
if args.count == 4, args[1] == "ledger", let n = Int(args[3]), n > 0 {
    // The cost the shared budget adds to each request: lock, read, compute, write, unlock.
    let ledger = try BudgetLedger(path: args[2])
    var samples: [Double] = []
    samples.reserveCapacity(n)
    let all = ContinuousClock.now
    for _ in 0..<n {
        let t0 = ContinuousClock.now
        _ = try ledger.reserve(interval: .nanoseconds(1), tolerance: .zero)
        samples.append(Double((ContinuousClock.now - t0).components.attoseconds) / 1e12)
    }
    let total = (ContinuousClock.now - all)
    samples.sort()
    let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
    print(String(format: "ledger: %d reservations in %.3f s: mean %.1f µs, p50 %.1f µs, p99 %.1f µs, max %.1f µs",
                 n, seconds, seconds * 1e6 / Double(n), samples[n / 2], samples[n * 99 / 100], samples[n - 1]))
    exit(0)
}
guard args.count == 6, let requests = Int(args[3]), let concurrency = Int(args[4]) else {
    FileHandle.standardError.write(Data("usage: esmigrate-bench BASE_URL ACCOUNT REQUESTS CONCURRENCY RATE\n".utf8))
    exit(64)
}
let budget = try RateBudget(parsing: args[5], burst: 1)
let credentials = try CredentialSource.resolve(environment: ProcessInfo.processInfo.environment)
let configuration = try APIConfiguration(baseURL: args[1], accountID: args[2], credentials: credentials, budget: budget)
var logger = Logger(label: "esmigrate.bench")
logger.logLevel = .warning
let client = EmailSecurityClient(configuration: configuration,
                                 transport: AsyncHTTPClientTransport(client: HTTPClient.shared),
                                 clock: ContinuousClock(), logger: logger)
let next = Atomic<Int>(0)
let failures = Atomic<Int>(0)
let start = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<concurrency {
        group.addTask {
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= requests { return }
                do {
                    _ = try await client.create(BlockedSender(pattern: "bench\(i)@example.com", patternType: .email))
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
    }
    try await group.waitForAll()
}
let elapsed = (ContinuousClock.now - start).seconds
let stats = client.statistics
let budgetRate = Double(budget.limit) / budget.window.seconds
// The first request needs no wait: n requests at rate r span (n - 1) / r seconds.
let achieved = Double(requests - 1) / elapsed
print(String(format: "requests %d  concurrency %d  budget %@ (%.2f/s)  elapsed %.2f s  achieved %.2f/s  "
             + "budget use %.3f  429s %d  retries %d  failures %d", requests, concurrency, budget.description,
             budgetRate, elapsed, achieved, achieved / budgetRate, stats.rateLimited, stats.retries, failures.load(ordering: .relaxed)))
