import ESRecords
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The 31 endpoints under `/client/v4/accounts/{account_id}/email-security/settings/`, with the contract's
/// envelope, status codes, auth, rate limiting and injected faults.
struct EmulatorRoutes: Sendable {
    let service: EmulatorService
    let configuration: EmulatorConfiguration
    let limiter: ServerRateLimiter<ContinuousClock>?
    let faults: FaultInjector
    let logger: Logger
    let gauge = RequestGauge()
    let bodies: BodyBudget

    static let prefix = "/client/v4/accounts/"

    func register(on router: Router<EmulatorContext>) {
        router.add(middleware: EnvelopeErrorMiddleware())
        // The emulator's own counters, outside the API's paths (tests and rehearsals read them).
        router.get("/_emulator/stats") { _, _ in
            let c = self.gauge.snapshot
            return Self.response(status: .ok, body: [
                "requests": .int(Int64(c.requests)), "batch_requests": .int(Int64(c.batchRequests)),
                "peak_batches_in_flight": .int(Int64(c.peakBatchesInFlight)),
                "body_bytes_in_flight": .int(Int64(self.bodies.inUse)),
                "endpoints": .object(c.endpoints.mapValues { statuses in
                    .object(Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), .int(Int64($0.value))) }))
                }),
            ], headers: [:])
        }
        router.get("/client/v4/accounts") { request, _ in await self.accounts(request) }
        let collection = "/client/v4/accounts/:account/email-security/settings/:collection"
        for method in [HTTPRequest.Method.get, .post, .delete, .put, .patch] {
            router.on(RouterPath(collection), method: method) { request, context in
                await self.handle(request, context, id: nil, batch: false)
            }
            router.on(RouterPath(collection + "/batch"), method: method) { request, context in
                await self.handle(request, context, id: nil, batch: true)
            }
            router.on(RouterPath(collection + "/:id"), method: method) { request, context in
                await self.handle(request, context, id: context.parameters.get("id"), batch: false)
            }
        }
    }

    // MARK: - Dispatch

    func handle(_ request: Request, _ context: EmulatorContext, id: String?, batch: Bool) async -> Response {
        let response = await gauge.measure(batch: batch) { await handleCounted(request, context, id: id, batch: batch) }
        let endpoint = (context.parameters.get("collection") ?? "?") + (batch ? "/batch" : id == nil ? "" : "/{id}")
        gauge.record(endpoint: "\(request.method.rawValue) \(endpoint)", status: Int(response.status.code))
        return response
    }

    private func handleCounted(_ request: Request, _ context: EmulatorContext, id: String?, batch: Bool) async -> Response {
        var headers: HTTPFields = [:]
        do {
            let fault = faults.draw()
            switch fault {
            case .reset:
                context.channel.close(promise: nil)
                return Response(status: .internalServerError)
            case .serverError(let status):
                return Self.envelope(error: EmulatorError(status: status, code: 10001, message: "injected server error"),
                                     headers: headers)
            case .rateLimit:
                headers[.retryAfter] = "1"
                return Self.envelope(error: .rateLimited, headers: headers)
            case .none, .commitThenDrop:
                break
            }
            let latency = faults.latency()
            if latency > .zero { try await Task.sleep(for: latency) }

            let account = context.parameters.get("account") ?? ""
            let principal = try authenticate(request, account: account)
            if let limiter {
                headers[.rateLimitPolicy] = limiter.policyHeader
                switch limiter.check(principal) {
                case .allowed(let remaining, let reset):
                    headers[.rateLimit] = "\"default\";r=\(remaining);t=\(reset)"
                case .limited(let retryAfter):
                    headers[.retryAfter] = String(retryAfter)
                    headers[.rateLimit] = "\"default\";r=0;t=\(retryAfter)"
                    return Self.envelope(error: .rateLimited, headers: headers)
                }
            }
            guard let name = context.parameters.get("collection"), let c = SettingsCollection(rawValue: name) else {
                throw EmulatorError.notFound("route \(request.uri.path)")
            }
            let (status, body) = try await dispatch(request, context, account: account, collection: c, id: id,
                                                    batch: batch)
            if case .commitThenDrop = fault {
                // The write is applied; the answer never arrives.
                context.channel.close(promise: nil)
                return Response(status: .internalServerError)
            }
            return Self.envelope(status: status, result: body, headers: headers)
        } catch let e as EmulatorError {
            return Self.envelope(error: e, headers: headers)
        } catch {
            logger.error("emulator error", metadata: ["error": "\(error)"])
            return Self.envelope(error: EmulatorError(status: 500, code: 10002, message: "internal error"),
                                 headers: headers)
        }
    }

    func dispatch(_ request: Request, _ context: EmulatorContext, account: String, collection c: SettingsCollection,
                  id: String?, batch: Bool) async throws -> (HTTPResponse.Status, Payload) {
        let method = request.method
        let path = request.uri.path
        let legacy = configuration.generation == .legacy
        if batch {
            guard method == .post else { throw EmulatorError.methodNotAllowed(method.rawValue, path) }
            guard c.hasBatchEndpoint, !legacy else { throw EmulatorError.notFound("route \(path)") }
            return (.ok, .object(try await service.batch(account: account, c, body: try await body(request, context))))
        }
        if let id {
            switch method {
            case .get: return (.ok, .object(try await service.get(account: account, c, id: id)))
            case .patch:
                return (.ok, .object(try await service.patch(account: account, c, id: id,
                                                             body: try await body(request, context))))
            case .put where c == .domains && !legacy:
                return (.ok, .object(try await service.put(account: account, c, id: id,
                                                           body: try await body(request, context))))
            case .delete: return (.ok, .value(try await service.delete(account: account, c, id: id)))
            default: throw EmulatorError.methodNotAllowed(method.rawValue, path)
            }
        }
        switch method {
        case .get:
            var query = try Self.listQuery(request, collection: c)
            var (items, total) = try await service.list(account: account, c, query)
            if configuration.faults.repeatLastPage {
                // A broken server: pages past the end repeat the last one, and the total is not reported.
                if items.isEmpty, total > 0 {
                    query.page = (total + query.perPage - 1) / query.perPage
                    (items, _) = try await service.list(account: account, c, query)
                }
                total = 0
            }
            return (.ok, .page(items, PageInfo(page: query.page, perPage: query.perPage, count: items.count,
                                               totalCount: total)))
        case .post where c != .domains || !legacy:
            return (.created, .object(try await service.create(account: account, c,
                                                               body: try await body(request, context))))
        case .delete where c == .domains:
            let value = try await withBody(request, context) { raw in
                raw.readableBytes == 0 ? nil : try? JSONAny.decodeValue(Array(raw.readableBytesView))
            }
            return (.ok, .value(.array(try await service.bulkDeleteDomains(account: account, body: value))))
        default:
            throw EmulatorError.methodNotAllowed(method.rawValue, path)
        }
    }

    /// Runs `body` with the whole request body, reserved in the server's body budget until `body` returns; a
    /// client's failure to send one is answered as a 4xx envelope, not a 500: 413 past the size cap, 400 for a
    /// body cut short (a half-close), a bad chunk size or a parse error; 503 when the bodies held across all
    /// connections would pass ``ServerLimits/maxBodyBytesInFlight``.
    func withBody<T>(_ request: Request, _ context: EmulatorContext, _ body: (ByteBuffer) async throws -> T)
        async throws -> T
    {
        // A declared length over the cap is refused before a byte of the body is read.
        let tooLarge = EmulatorError(status: 413, code: 10413,
                                     message: "the request body is larger than \(context.maxUploadSize >> 20) MiB",
                                     closesConnection: true)
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > context.maxUploadSize {
            throw tooLarge
        }
        var busy = EmulatorError(status: 503, code: 10503,
                                 message: "the server holds too many request bodies at once; retry shortly",
                                 closesConnection: true)
        busy.retryAfterSeconds = 1
        var reserved = 0
        defer { bodies.release(reserved) }
        var buffer = ByteBuffer()
        do {
            for try await chunk in request.body {
                guard reserved + chunk.readableBytes <= context.maxUploadSize else { throw tooLarge }
                guard bodies.reserve(chunk.readableBytes) else { throw busy }
                reserved += chunk.readableBytes
                var chunk = chunk
                buffer.writeBuffer(&chunk)
            }
        } catch let e as EmulatorError {
            throw e
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw tooLarge
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            var e = EmulatorError.badRequest("the request body could not be read (\(error)): cut short, or not valid HTTP/1.1 framing",
                                             code: 10400)
            e.closesConnection = true
            throw e
        }
        return try await body(buffer)
    }

    func body(_ request: Request, _ context: EmulatorContext) async throws -> JSONAny {
        try await withBody(request, context) { buffer in
            guard buffer.readableBytes > 0 else { throw EmulatorError.badRequest("a JSON body is required", code: 1003) }
            do {
                return try JSONAny.decodeValue(Array(buffer.readableBytesView))
            } catch {
                throw EmulatorError.badRequest("the body is not valid JSON", code: 1003)
            }
        }
    }

    // MARK: - Auth

    /// Returns the principal (for rate limiting) or throws 401/403.
    func authenticate(_ request: Request, account: String) throws -> String {
        let (principal, credential) = try identify(request)
        if let accounts = credential.accounts, !accounts.contains(account) { throw EmulatorError.forbidden }
        return principal
    }

    /// The credential a request presents, and the principal its rate limit is counted under.
    func identify(_ request: Request) throws -> (principal: String, credential: EmulatorCredential) {
        let h = request.headers
        var presented: EmulatorCredential.Kind?
        if let auth = h[.authorization], auth.hasPrefix("Bearer ") {
            presented = .token(String(auth.dropFirst(7)))
        } else if let email = h[.xAuthEmail], let key = h[.xAuthKey] {
            presented = .apiKey(email: email, key: key)
        } else if let key = h[.xAuthUserServiceKey] {
            presented = .userServiceKey(key)
        }
        guard let presented, let credential = configuration.credentials.first(where: { $0.kind == presented }) else {
            throw EmulatorError.unauthenticated
        }
        switch presented {
        case .token(let t): return ("token:\(t)", credential)
        case .apiKey(let e, _): return ("key:\(e)", credential)
        case .userServiceKey(let k): return ("service:\(k)", credential)
        }
    }

    /// `GET /accounts`: the accounts the credential can see, `per_page` (1–50, default 20) at a time, by id.
    /// A credential bound to accounts sees those; an unbound one sees every account that holds data or was
    /// declared (`serve --account`). Counted against the same rate limit as the settings endpoints.
    func accounts(_ request: Request) async -> Response {
        var headers: HTTPFields = [:]
        let response: Response
        do {
            let (principal, credential) = try identify(request)
            if let limiter {
                headers[.rateLimitPolicy] = limiter.policyHeader
                if case .limited(let retryAfter) = limiter.check(principal) {
                    headers[.retryAfter] = String(retryAfter)
                    return Self.envelope(error: .rateLimited, headers: headers)
                }
            }
            let params = request.uri.queryParameters
            let page = try params.get("page").map { v -> Int in
                guard let p = Int(v), p >= 1 else { throw EmulatorError.badRequest("page must be an integer >= 1") }
                return p
            } ?? 1
            let perPage = try params.get("per_page").map { v -> Int in
                guard let n = Int(v), (1...50).contains(n) else { throw EmulatorError.badRequest("per_page must be 1 to 50") }
                return n
            } ?? 20
            let visible: [String]
            if let bound = credential.accounts {
                visible = bound.sorted()
            } else {
                visible = Set(try await service.store.accountsWithData()).union(configuration.accounts.keys).sorted()
            }
            let ordered = params.get("direction") == "desc" ? Array(visible.reversed()) : visible
            let start = min((page - 1) * perPage, ordered.count)
            let items = ordered[start..<min(start + perPage, ordered.count)].map { id -> JSONAny in
                .object(["id": .string(id), "name": .string(configuration.accounts[id] ?? id), "type": .string("standard")])
            }
            let total = ordered.count
            response = Self.response(status: .ok, body: [
                "success": .bool(true), "errors": .array([]), "messages": .array([]), "result": .array(items),
                "result_info": .object(["page": .int(Int64(page)), "per_page": .int(Int64(perPage)),
                                        "count": .int(Int64(items.count)), "total_count": .int(Int64(total)),
                                        "total_pages": .int(Int64((total + perPage - 1) / perPage))]),
            ], headers: headers)
        } catch let e as EmulatorError {
            response = Self.envelope(error: e, headers: headers)
        } catch {
            response = Self.envelope(error: EmulatorError(status: 500, code: 10002, message: "internal error"),
                                     headers: headers)
        }
        gauge.record(endpoint: "GET accounts", status: Int(response.status.code))
        return response
    }

    // MARK: - Lists

    static let filters: [SettingsCollection: [String: FilterKind]] = [
        .allowPolicies: ["pattern": .string, "pattern_type": .string, "is_acceptable_sender": .bool,
                         "is_exempt_recipient": .bool, "is_trusted_sender": .bool, "verify_sender": .bool],
        .blockSenders: ["pattern": .string, "pattern_type": .string],
        .trustedDomains: ["pattern": .string, "is_recent": .bool, "is_similarity": .bool],
        .impersonationRegistry: ["provenance": .string],
        .domains: ["allowed_delivery_mode": .arrayMember("allowed_delivery_modes"),
                   "active_delivery_mode": .arrayMember("allowed_delivery_modes"), "domain": .repeated,
                   "integration_id": .string, "status": .string],
    ]

    static let orders: [SettingsCollection: Set<String>] = [
        .allowPolicies: ["pattern", "created_at"], .blockSenders: ["pattern", "created_at"],
        .trustedDomains: ["pattern", "created_at"], .impersonationRegistry: ["name", "email", "created_at"],
        .domains: ["domain", "created_at"],
    ]

    enum FilterKind: Sendable { case string, bool, repeated, arrayMember(String) }

    static func listQuery(_ request: Request, collection c: SettingsCollection) throws -> ListQuery {
        let params = request.uri.queryParameters
        var q = ListQuery()
        if let page = params.get("page") {
            guard let p = Int(page), p >= 1 else { throw EmulatorError.badRequest("page: must be an integer ≥ 1") }
            q.page = p
        }
        if let perPage = params.get("per_page") {
            guard let p = Int(perPage), (1...RecordLimits.maxPerPage).contains(p) else {
                throw EmulatorError.badRequest("per_page: must be an integer from 1 to \(RecordLimits.maxPerPage)")
            }
            q.perPage = p
        }
        // The offset is computed from two numbers the request controls: refuse one SQLite cannot hold
        // instead of trapping (a single `?page=9223372036854775807` used to bring the server down).
        guard q.offset != nil else {
            throw EmulatorError.badRequest("page: \(q.page) is past any possible result (page × per_page overflows)")
        }
        if let order = params.get("order") {
            guard orders[c, default: []].contains(order) else {
                throw EmulatorError.badRequest("order: must be one of \(orders[c, default: []].sorted().joined(separator: ", "))")
            }
            q.order = order
        }
        if let direction = params.get("direction") {
            guard direction == "asc" || direction == "desc" else {
                throw EmulatorError.badRequest("direction: must be asc or desc")
            }
            q.descending = direction == "desc"
        }
        q.search = params.get("search")
        for (name, kind) in filters[c, default: [:]] {
            switch kind {
            case .string:
                if let v = params.get(name) { q.equals.append((name, .string(v))) }
            case .bool:
                if let v = params.get(name) {
                    guard v == "true" || v == "false" else { throw EmulatorError.badRequest("\(name): must be true or false") }
                    q.equals.append((name, .bool(v == "true")))
                }
            case .repeated:
                let values = params.getAll(name).map { String($0) }
                if !values.isEmpty { q.anyOf.append((name, values)) }
            case .arrayMember(let field):
                if let v = params.get(name) { q.contains.append((field, v)) }
            }
        }
        return q
    }

    // MARK: - Envelope

    enum Payload: Sendable {
        case object([String: JSONAny])
        case value(JSONAny)
        /// Stored JSON objects, spliced into `result` as they are.
        case page([String], PageInfo)
    }

    static func envelope(status: HTTPResponse.Status, result: Payload, headers: HTTPFields) -> Response {
        var body: [String: JSONAny] = ["success": .bool(true), "errors": .array([]), "messages": .array([])]
        switch result {
        case .object(let o): body["result"] = .object(o)
        case .value(let v): body["result"] = v
        case .page(let items, let info):
            var text = #"{"errors":[],"messages":[],"result":["#
            text.reserveCapacity(items.reduce(200) { $0 + $1.utf8.count + 1 })
            for (i, item) in items.enumerated() {
                if i > 0 { text += "," }
                text += item
            }
            text += #"],"result_info":{"count":\#(info.count),"page":\#(info.page),"#
                + #""per_page":\#(info.perPage),"total_count":\#(info.totalCount)},"success":true}"#
            var headers = headers
            headers[.contentType] = "application/json"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        return response(status: status, body: body, headers: headers)
    }

    static func envelope(error: EmulatorError, headers: HTTPFields) -> Response {
        var headers = headers
        if error.closesConnection { headers[.connection] = "close" }
        if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        return response(status: HTTPResponse.Status(code: error.status), body: error.envelope, headers: headers)
    }

    static func response(status: HTTPResponse.Status, body: [String: JSONAny], headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: JSONAny.encode(body))))
    }
}
