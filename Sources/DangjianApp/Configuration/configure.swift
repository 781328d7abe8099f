import DangjianCore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Sets up the application from the configuration: database, migrations, services, middleware, views, routes,
/// commands. Tests call it with their own configuration.
public func configure(_ app: Application, configuration: AppConfiguration) async throws {
    // The rehearsal clock moves the calendar for everyone: never on a production server.
    if configuration.rehearsalClock && app.environment == .production {
        throw AppConfiguration.Problems(messages: ["DANGJIAN_REHEARSAL_CLOCK=1 只用于测试和培训服务器，不能在 --env production 下启用"])
    }
    let manager = FileManager.default
    // Owner-only: the directory holds the database and the key to the personal data in it.
    try manager.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])

    switch configuration.database {
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        // Long background work (roster imports) gets connections of its own, so that it never holds the connection
        // an event loop's requests are waiting for.
        app.databases.use(.sqlite(.file(path)), as: .background, isDefault: false)
    case .postgres(let url, let searchPath):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = searchPath
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4), as: .psql)
    }
    if case .sqlite = configuration.database, !configuration.restoring {
        // WAL lets pages read while a write is in progress; the setting is stored in the file.
        try await app.db.sql.raw("PRAGMA journal_mode=WAL").run()
        // Each event loop holds one connection per pool; give each a page cache worth the register's indexes
        // (SQLite's default is 2 MB). The setting lives on the connection, so it is made once on each.
        // The background connection, which runs roster imports, keeps statement journals (a multi-row INSERT in a long
        // transaction writes one) in memory and gets a larger cache, so that a big transaction's dirty pages are not
        // spilled half-way (measured with perf: 17% of an import in pwrite). The request connections keep temporary
        // b-trees on disk: the home figures group the whole register, and in memory that cost 90 MB of resident size.
        for eventLoop in app.eventLoopGroup.makeIterator() {
            for id in [DatabaseID.sqlite, .background] {
                let database = app.databases.database(id, logger: app.logger, on: eventLoop) as? any SQLDatabase
                try await database?.raw(id == .background ? "PRAGMA cache_size = -98304" : "PRAGMA cache_size = -32768").run()
                if id == .background { try await database?.raw("PRAGMA temp_store = MEMORY").run() }
            }
        }
    }
    app.migrations.add(Migrations.all)
    for id in app.databases.ids() {
        app.databases.middleware.use(MemberNameKeys(), on: id)
        app.databases.middleware.use(CountyKeyMiddleware(depth: configuration.countyDepth), on: id)
    }

    let masterKey = try PersonalDataCipher.masterKey(configured: configuration.dataKey, dataDirectory: configuration.dataDirectory,
                                                     creating: !configuration.restoring)
    let resources = URL(fileURLWithPath: app.directory.resourcesDirectory)
    let localizer = try Localizer(directory: resources.appendingPathComponent("Locales"))
    app.passwords.use(.bcrypt(cost: configuration.bcryptCost))
    let metrics = PlatformMetrics()
    app.dangjian = AppServices(
        configuration: configuration,
        cipher: PersonalDataCipher(masterKey: masterKey),
        writer: DatabaseWriter(serializes: { if case .sqlite = configuration.database { true } else { false } }(),
                               waited: { metrics.writeWait($0) }),
        clock: AppClock(),
        localizer: localizer,
        decoyPasswordHash: try Bcrypt.hash(RandomToken.make(), cost: configuration.bcryptCost),
        metrics: metrics)


    app.routes.defaultMaxBodySize = ByteCount(value: configuration.maxBodyKilobytes * 1024)
    app.middleware = Middlewares()
    // Before everything: a stopping server waits for the requests it is still answering (`RequestsInFlight`).
    app.middleware.use(RequestsInFlightMiddleware(requests: app.dangjian.requestsInFlight))
    // Outermost, so that it counts the status the error pages made. One log line per request at debug: info is
    // for events (an import finished, a backup made).
    app.middleware.use(MetricsMiddleware())
    app.middleware.use(RouteLoggingMiddleware(logLevel: .debug))
    app.middleware.use(SecurityHeadersMiddleware())
    NulFreeInput.install()
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(AnonymousPostLimit())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(AuthorizationMiddleware())

    try routes(app)
    commands(app)
}

/// Reads the environment and configures; what `dangjian` runs.
public func configure(_ app: Application) async throws {
    var configuration = try AppConfiguration.fromEnvironment()
    let resources = try ResourceLocation.find(environment: ProcessInfo.processInfo.environment, executable: ResourceLocation.executable,
                                              workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
    app.directory = DirectoryConfiguration(workingDirectory: resources.path)
    var arguments = app.environment.arguments
    configuration.backups = try BackupSettings.take(from: &arguments, environment: ProcessInfo.processInfo.environment)
    app.environment.arguments = arguments
    let command = arguments.dropFirst().first { !$0.hasPrefix("-") }
    configuration.restoring = command == "restore"
    try await configure(app, configuration: configuration)
    // `restore` writes into an empty database; `migrate` upgrades (or, with --dry-run, only lists) on its own.
    if command != "restore" && command != "migrate" { app.lifecycle.use(SchemaUpgrade()) }
    if command == nil || command == "serve" {
        app.lifecycle.use(ProcessHeartbeat())
        app.lifecycle.use(OutboxSender())
    }
    if command == nil || command == "serve", let backups = configuration.backups, let every = backups.every {
        app.lifecycle.use(BackupScheduler(settings: backups, period: every))
    }
}

/// One server owns its database: the schema is brought up to date whenever `dangjian` starts, so that an upgraded
/// binary never serves an older schema (`dangjian migrate` does the same on its own).
struct SchemaUpgrade: LifecycleHandler {
    func willBootAsync(_ app: Application) async throws {
        try await Self.run(app)
    }

    /// A schema newer than this binary knows is refused: serving it could lose what the newer version stores.
    static func refuseNewer(_ app: Application) async throws {
        let known = Set(DatabaseFacts.knownMigrations)
        let unknown = try await DatabaseFacts.migrations(on: app.db.sql).filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw AppConfiguration.Problems(messages: [
                "数据库结构比本版本的 dangjian 新（有本版本不认识的 \(unknown.count) 项变更，如 \(unknown[0])）：请使用不低于该数据库所用版本的 dangjian",
            ])
        }
    }

    static func run(_ app: Application) async throws {
        try await refuseNewer(app)
        try await app.autoMigrate()
        try await AuditLog.signHeadIfNeeded(on: app.db, cipher: app.dangjian.cipher)
        let resealed = try await SealUpgrade.run(on: app.db, cipher: app.dangjian.cipher, writer: app.dangjian.writer)
        if resealed > 0 { app.logger.notice("sealed \(resealed) stored values again, each bound to its row and column") }
        ImportJobs.sweep(app.dangjian, now: app.dangjian.clock.now())
        let interrupted = try await app.dangjian.writer.transaction(on: app.db) { database in
            let now = app.dangjian.clock.now().timeIntervalSince1970
            // SQLite has one process: at its start, nothing else is running anything.
            let alive = database.isPostgres ? try await ServerProcesses.alive(now: now, on: database) : []
            return try await ImportJobs.failInterrupted(on: database, alive: alive, now: now)
        }
        if interrupted > 0 { app.logger.notice("\(interrupted) import jobs interrupted by a stop are marked failed") }
    }
}

extension DatabaseID {
    static let background = DatabaseID(string: "background")
}

extension Application {
    /// The database for background jobs: a separate pool on SQLite; on PostgreSQL the main pool has room enough.
    var backgroundDatabase: any Database {
        databases.ids().contains(.background) ? db(.background) : db
    }
}

enum Migrations {
    static var all: [any Migration] {
        [M0001CreateOrganizations(), M0002CreateMembers(), M0003CreateCommittees(), M0004CreateCoBuilding(),
         M0005CreateAccounts(), M0006CreateAuditLog(), M0007CreateImportJobs(),
         M0008CreateDevelopmentCases(), M0009DevelopmentRecords(), M0010CreateActivities(), M0011DemocraticReview(), M0012NamePatternIndex(), M0013SubtreeCounters(), M0014MobileHost(),
         M0015CreateDues(), M0016CreateFunds(), M0017MemberFacetIndex(), M0018RateCounters(), M0019NarrowerIDMask(), M0020SeparationOfDuties(),
         M0021AuthenticatedAuditHead(), M0022SecondFactor(), M0023ActivityChanges(), M0024NameKeys(), M0025BackupRuns(), M0026ServerProcesses(),
         M0027CountyKeys(), M0028ImportProgress(), M0029Participation(),
         M0030Supervision(), M0031Messages(), M0032CalendarFeeds(), M0033Publicity(), M0034Deliberations(), M0035Outbox(), M0036Learning(), M0037Quizzes(), M0038GroupStudy(),
         M0039Volunteering(), M0040Services(), M0041Visits(), M0042FaceToFace()]
    }
}
