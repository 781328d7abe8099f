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
try await app.asyncShutdown()
