import ESRecords
import Foundation

extension EmailSecurityClient {
    /// Every account the credential can see (`GET /accounts`, 50 per page, the API's most), in the API's order.
    ///
    /// Pages are fetched until one comes back short or empty, or `total_count` is reached, so a server that
    /// repeats its last page cannot make this loop (at most 1000 pages).
    /// - Throws: ``APIError`` as any call; of kind ``APIError/Kind/invalidResponse`` when the API lists an id
    ///   that cannot be an account id (it would become part of a URL and a folder name), shown escaped and cut.
    public func listAccounts(perPage: Int = 50) async throws -> [AccountSummary] {
        let perPage = min(max(perPage, 1), 50)
        var accounts: [AccountSummary] = []
        var seen = Set<String>()
        for page in 1...1000 {
            let query = [("page", String(page)), ("per_page", String(perPage)), ("direction", "asc")]
            let (response, attempts) = try await perform("GET", "/accounts", query: query, body: nil, fromBase: true)
            let envelope: Envelope<[AccountSummary]> = try decode(response, method: "GET", path: "/accounts",
                                                                  attempts: attempts)
            let items = envelope.result ?? []
            if let bad = items.first(where: { !APIConfiguration.isAccountID($0.id) }) {
                throw APIError(kind: .invalidResponse, method: "GET", path: "/accounts", status: response.status,
                               detail: "it lists '\(TextCleaning.displayable(bad.id, limit: 40))', which is not an "
                                   + "account id (1–32 letters and digits)", attempts: attempts)
            }
            let fresh = items.filter { seen.insert($0.id).inserted }
            accounts += fresh
            if items.count < perPage || fresh.isEmpty { break }
            if let total = envelope.resultInfo?.totalCount, total > 0, accounts.count >= total { break }
        }
        return accounts
    }
}
