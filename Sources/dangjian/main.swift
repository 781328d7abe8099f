import DangjianApp
import Vapor

var environment = try Environment.detect()
// `DANGJIAN_LOG_FORMAT=json`: JSON lines for a log collector; Vapor's text lines otherwise.
if !JSONLogHandler.bootstrapIfAsked() {
    try LoggingSystem.bootstrap(from: &environment)
}
let app = try await Application.make(environment)
do {
    try await configure(app)
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
do {
    // A command's error is reported by `execute` itself.
    try await app.execute()
} catch {
    try? await app.asyncShutdown()
    exit(1)
}
await stopTakingRequests(app)
try await app.asyncShutdown()

/// Stopped (SIGTERM, Ctrl-C): take no more requests and let those in flight finish before anything closes. Vapor's
/// own shutdown may close the databases before the HTTP server, and a request still running then crashed the process
/// on `request.db` (scripts/two-process-test stops a server under load; a server stopped just after a load test ended
/// crashed the same way on a request whose client had gone). In a function: at top level the compiler
/// picks the server's synchronous `shutdown()`.
func stopTakingRequests(_ app: Application) async {
    let server: any Server = app.server
    await server.shutdown()
    // A request whose client went away before the server closed keeps running; the databases wait for it.
    if !(await app.requestsInFlight.drained(within: .seconds(30))) {
        app.logger.warning("\(app.requestsInFlight.count) requests still running 30 s after the server stopped; closing anyway")
    }
}
