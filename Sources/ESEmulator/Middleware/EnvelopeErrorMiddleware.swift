import Hummingbird

/// Turns the router's own errors (no route for a path, a method with no handler) into Cloudflare envelopes,
/// so every error a client sees has the contract's shape.
struct EnvelopeErrorMiddleware: RouterMiddleware {
    typealias Context = EmulatorContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let status = Int(error.status.code)
            let e = status == 404 ? EmulatorError.notFound("route \(request.uri.path)")
                : status == 405 ? EmulatorError.methodNotAllowed(request.method.rawValue, request.uri.path)
                : EmulatorError(status: status, code: 10000 + status, message: error.body ?? "\(error.status)")
            return EmulatorRoutes.envelope(error: e, headers: [:])
        }
    }
}
