/// Runs one piece of work per account, `parallel` at a time, starting accounts in the order given and no new
/// one once `stopped()` says so; returns each account's result in that order. `settled` sees each result as it
/// comes, one at a time, in the calling task. The fleet export and the fleet run share it.
enum AccountFanOut {
    static func run<T: Sendable>(_ accounts: [String], parallel: Int, stopped: @escaping @Sendable () -> Bool,
                                 settled: (String, T) -> Void = { _, _ in },
                                 _ work: @escaping @Sendable (String) async -> T) async -> [T] {
        var results: [String: T] = [:]
        await withTaskGroup(of: (String, T).self) { group in
            var pending = accounts[...]
            func startNext() {
                guard !stopped(), let account = pending.popFirst() else { return }
                group.addTask { (account, await work(account)) }
            }
            for _ in 0..<max(1, parallel) { startNext() }
            while let (account, result) = await group.next() {
                results[account] = result
                settled(account, result)
                startNext()
            }
        }
        return accounts.compactMap { results[$0] }
    }
}
