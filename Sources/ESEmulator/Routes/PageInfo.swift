/// The `result_info` of a list answer (contract §3): the page served, its size, the items on it and the total.
struct PageInfo: Sendable, Hashable {
    var page: Int
    var perPage: Int
    var count: Int
    var totalCount: Int
}
