import DangjianCore
import Fluent
import Vapor

/// 首页 — the key figures of the caller's own scope, with charts.
struct HomeSummary: Content {
    struct Warning: Content {
        let organizationID: Int
        let organizationName: String
        let message: String
        let severity: Finding.Severity
    }

    let scopeNames: [String]
    let organizations: SubtreeTotals
    let members: MemberStatistics
    let warnings: [Warning]
    let warningCount: Int
    /// Over a county's size only branches whose member counts break a rule are examined, not every term.
    let warningsPartial: Bool
    /// When the figures were computed; large scopes are served from a cache for a minute.
    let computedAt: Date

    /// Scopes with more members than this get their kept figures at once after a write or the minute, while they are
    /// computed again (grouping 200,000 members took PostgreSQL ~0.5 s a request under load in `scripts/bench`).
    static let cachedAbove = 100_000
    static let cacheLifetime: TimeInterval = 60

    static func load(on request: Request) async throws -> HomeFigures {
        let policy = try request.policy
        let memberScopes = policy.scopes(for: .memberRead)
        let key = (policy.scopes(for: .organizationRead) + [.root] + memberScopes).map(\.value).joined(separator: "|")
        return try await request.services.homeCache.summary(for: key, now: request.now, lifetime: cacheLifetime) {
            try await compute(memberScopes: memberScopes, on: request)
        }
    }

    static func compute(memberScopes: [OrgPath], on request: Request) async throws -> HomeSummary {
        let roots = try await OrganizationStore.scopeRoots(for: .organizationRead, on: request)
        var totals = SubtreeTotals()
        var examined: [OrganizationOutline] = []
        var partial = false
        for root in roots {
            let rootTotals = try await OrganizationStore.totals(under: root.orgPath, on: request.db)
            totals.add(rootTotals)
            if rootTotals.organizations <= OrganizationStore.examinedSubtreeLimit {
                examined += try await OrganizationStore.outlines(under: root.orgPath, on: request.db)
            } else {
                partial = true
                examined += try await OrganizationStore.branchesWithCountProblems(under: root.orgPath, rules: request.services.rules, on: request.db)
            }
        }
        let findings = try await CommitteeStore.findings(for: examined, rules: request.services.rules, today: request.today, on: request.db)
        var warnings: [Warning] = []
        for organization in examined {
            for finding in findings[organization.id] ?? [] where finding.code != .termMissing && !(partial && finding.code.isAboutTerms) {
                warnings.append(Warning(organizationID: organization.id, organizationName: organization.name,
                                        message: finding.message, severity: finding.severity))
            }
        }
        let statistics = try await MemberStatistics.load(scopes: memberScopes, today: request.today, on: request.db.sql)
        let summary = HomeSummary(scopeNames: roots.map(\.name), organizations: totals, members: statistics,
                                  warnings: Array(warnings.sorted { $0.severity == .warning && $1.severity != .warning }.prefix(30)),
                                  warningCount: warnings.count, warningsPartial: partial, computedAt: request.now)
        return summary
    }
}

/// The home figures, kept until this process writes something or for a minute: summing a city's register on every
/// visit cost each visitor 0.4 s (`scripts/bench` at 90,000 members: 37 req/s) and a province's a second.
///
/// A small scope's figures are computed again on the first visit after a write (the secretary who adds a member sees
/// the count change) or after the minute. A large scope's (over `HomeSummary.cachedAbove` members) are answered at
/// once while one refresh runs for those who come next. Visitors arriving while figures are first computed wait for
/// that one computation. Writes by another process (several on PostgreSQL) show after the minute.
actor HomeSummaryCache {
    private struct Entry {
        let figures: HomeFigures
        let generation: Int
    }

    private var entries: [String: Entry] = [:]
    private var running: [String: Task<HomeFigures, any Error>] = [:]
    /// Counts this process's writes of register data.
    private var generation = 0
    static let capacity = 5_000

    /// Something the figures count may have changed.
    func dataChanged() { generation += 1 }

    private struct KeptEntry {
        let value: any Sendable
        let generation: Int
        let computedAt: Date
    }

    private var kept: [String: KeptEntry] = [:]

    /// The to-dos of everyone holding the same grants on the same day, kept like the figures: until this process
    /// writes or the lifetime passes. Computed again before answering (they are what a secretary acts on next).
    func todos(for key: String, now: Date, lifetime: TimeInterval,
               compute: @Sendable () async throws -> [ToDoService.Item]) async throws -> [ToDoService.Item] {
        try await value("todos|" + key, now: now, lifetime: lifetime, compute: compute)
    }

    /// The home page's entry points for the same grants on the same day (a secretary's 开始签到 reads today's meetings).
    func entries(for key: String, now: Date, lifetime: TimeInterval,
                 compute: @Sendable () async throws -> [HomeEntry]) async throws -> [HomeEntry] {
        try await value("entries|" + key, now: now, lifetime: lifetime, compute: compute)
    }

    private func value<T: Sendable>(_ key: String, now: Date, lifetime: TimeInterval, compute: @Sendable () async throws -> T) async throws -> T {
        if let entry = kept[key], entry.generation == generation, now.timeIntervalSince(entry.computedAt) < lifetime, let value = entry.value as? T {
            return value
        }
        let generation = generation
        let value = try await compute()
        if kept.count >= Self.capacity, kept[key] == nil { kept.removeAll() }
        kept[key] = KeptEntry(value: value, generation: generation, computedAt: now)
        return value
    }

    func summary(for key: String, now: Date, lifetime: TimeInterval,
                 compute: @escaping @Sendable () async throws -> HomeSummary) async throws -> HomeFigures {
        let runKey = "\(key)#\(generation)"
        if let cached = entries[key] {
            let current = cached.generation == generation && now.timeIntervalSince(cached.figures.summary.computedAt) < lifetime
            if current { return cached.figures }
            if cached.figures.summary.members.total > HomeSummary.cachedAbove {
                if running[runKey] == nil { running[runKey] = refresh(key, runKey: runKey, compute) }
                return cached.figures
            }
        }
        if let task = running[runKey] { return try await task.value }
        let task = refresh(key, runKey: runKey, compute)
        running[runKey] = task
        return try await task.value
    }

    /// Computes the figures once for everyone asking and keeps them. A failed refresh keeps the figures there were.
    private func refresh(_ key: String, runKey: String, _ compute: @escaping @Sendable () async throws -> HomeSummary) -> Task<HomeFigures, any Error> {
        let generation = generation
        return Task {
            defer { running[runKey] = nil }
            let figures = HomeFigures(try await compute())
            if entries.count >= Self.capacity, entries[key] == nil { entries.removeAll() }
            entries[key] = Entry(figures: figures, generation: generation)
            return figures
        }
    }
}

/// The figures with their charts, drawn once when the figures are computed rather than on every visit.
struct HomeFigures: Sendable {
    struct Chart: Sendable {
        let title: String
        let document: SVGDocument
    }

    let summary: HomeSummary
    let charts: [Chart]

    init(_ summary: HomeSummary) {
        self.summary = summary
        let members = summary.members
        charts = [("年龄结构", members.byAge), ("学历结构", members.byEducation), ("人员类别", members.byCategory)].compactMap { title, counts in
            guard counts.contains(where: { $0.value > 0 }) else { return nil }
            return Chart(title: title, document: BarChart().document(counts.map { BarChart.Bar(label: $0.label, value: $0.value) }, title: title))
        }
    }
}

extension Finding.Code {
    var isAboutTerms: Bool { self == .termDue || self == .termOverdue || self == .termMissing || self == .secretaryMissing }
}

struct HomePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home).requires(.authenticated)
    }

    struct HomePage {
        let layout: Layout
        let summary: HomeSummary?
        let charts: [HomeFigures.Chart]
        let memberID: Int?
        let roles: [String]
        let todos: [ToDoService.Item]
        let todoCount: Int
        let dues: MyDues?
        /// Meetings open for sign-in now that expect the member and they have not signed in to: first on the page.
        let signIn: [ActivityPages.OpenMeeting]
        /// A secretary's four jobs, before the to-dos and the figures.
        let entries: [HomeEntry]
        /// 必学 the member has not completed yet.
        let study: [StudyAssignments.MemberItem]
    }

    /// 我的党费 on a member's home page: this month and what is owed.
    struct MyDues: Encodable {
        let month: String
        let due: String?
        let state: String?
        let owed: String
        let owedMonths: Int
    }

    static func myDues(_ memberID: Int?, on request: Request) async throws -> MyDues? {
        guard let memberID, let member = try await MemberModel.find(memberID, on: request.db), member.status.isInRegister else { return nil }
        let ledger = try await DuesStore.ledger(member, on: request.db)
        let today = request.today
        let month = DuesMonth(today)
        let line = ledger.lines(through: month, today: today).last { $0.month == month }
        let arrears = ledger.arrears(on: today)
        return MyDues(month: month.chinese, due: line?.due.description, state: line?.state.chinese, owed: arrears.owed.description,
                      owedMonths: arrears.months.count)
    }

    @Sendable func home(_ request: Request) async throws -> Page {
        let actor = try request.requireActor()
        let policy = AccessPolicy(actor)
        var figures: HomeFigures?
        if policy.holds(.organizationRead) && !policy.scopes(for: .organizationRead).isEmpty {
            figures = try await HomeSummary.load(on: request)
        }
        let todos = try await ToDoService.todos(on: request)
        var study: [StudyAssignments.MemberItem] = []
        if let member = try await DuesPages.ownMember(request) {
            study = try await StudyAssignments.items(for: member, on: request).filter { !$0.completed }
        }
        return Page(HomePage(
            layout: Layout(request, title: "首页"), summary: figures?.summary, charts: figures?.charts ?? [], memberID: actor.memberID,
            roles: actor.grants.map(\.role.chinese).uniqued(), todos: Array(todos.prefix(8)), todoCount: todos.count,
            dues: try await Self.myDues(actor.memberID, on: request),
            signIn: try await ActivityPages.openMeetings(for: request).filter { !$0.signedIn },
            entries: try await HomeEntry.kept(on: request), study: Array(study.prefix(3))).node)
    }
}

struct HomeAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "home", requires: .organizationRead, summary: "首页数字：党员、组织、待办", use: home)
    }

    @Sendable func home(_ request: Request) async throws -> HomeSummary { try await HomeSummary.load(on: request).summary }
}

/// `GET /health` — for load balancers and operators: the process answers and the database responds.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health).requires(.public)
    }

    struct Health: Content {
        let status: String
        let database: String
    }

    @Sendable func health(_ request: Request) async throws -> Response {
        do {
            _ = try await request.db.sql.raw("SELECT 1").run()
            return try await Health(status: "ok", database: "ok").encodeResponse(for: request)
        } catch {
            request.logger.error("health check: database unavailable: \(String(reflecting: error))")
            return try await Health(status: "degraded", database: "unavailable").encodeResponse(status: .serviceUnavailable, for: request)
        }
    }
}
