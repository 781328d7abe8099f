import DangjianCore
import Fluent
import Vapor

struct AuditFilter: Content {
    var actor: String?
    var action: String?
    var outcome: String?
    var target: String?
    var from: String?
    var to: String?
    var before: Int?
}

struct AuditPage: Content {
    let items: [AuditRecord]
    /// Pass as `before` for older entries.
    let next: Int?
}

/// Reading the audit trail: newest first, filtered, paged by sequence.
enum AuditSearch {
    /// Entries are stamped in UTC; a day in the filter is a day in China (UTC+8, no daylight saving).
    static func utcStart(of day: CalendarDate) -> String { "\(day.adding(days: -1))T16:00:00" }

    static func search(_ filter: AuditFilter, limit: Int = 50, on database: any Database) async throws -> AuditPage {
        var query = AuditEntryModel.query(on: database)
        if let actor = filter.actor?.trimmingCharacters(in: .whitespaces), !actor.isEmpty {
            query = query.filter(\.$actorName, .custom("LIKE"), "%\(actor.replacingOccurrences(of: "%", with: ""))%")
        }
        if let action = filter.action?.trimmingCharacters(in: .whitespaces), !action.isEmpty {
            query = query.filter(\.$action, .custom("LIKE"), "\(action.replacingOccurrences(of: "%", with: ""))%")
        }
        if let outcome = filter.outcome.flatMap(AuditOutcome.init(rawValue:)) { query = query.filter(\.$outcome == outcome) }
        if let target = filter.target?.trimmingCharacters(in: .whitespaces), !target.isEmpty {
            // `member#12`, `member`, or `#12`; kept whole-string, so "#" alone filters nothing rather than failing.
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if let type = parts.first, !type.isEmpty { query = query.filter(\.$targetType == type) }
            if parts.count == 2, !parts[1].isEmpty { query = query.filter(\.$targetID == parts[1]) }
        }
        if let from = filter.from.flatMap(CalendarDate.init(parsing:)) { query = query.filter(\.$at >= Self.utcStart(of: from)) }
        if let to = filter.to.flatMap(CalendarDate.init(parsing:)) { query = query.filter(\.$at < Self.utcStart(of: to.adding(days: 1))) }
        if let before = filter.before { query = query.filter(\.$id < before) }
        let rows = try await query.sort(\.$id, .descending).limit(limit + 1).all()
        let page = rows.prefix(limit)
        return AuditPage(items: page.map(\.record), next: rows.count > limit ? page.last?.id : nil)
    }
}

struct AuditPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: index).requires(.auditRead)
        routes.get("audit", "verify", use: verify).requires(.auditRead)
        routes.get("audit", "refusals", use: refusals).requires(.auditRead)
    }

    struct RefusalsPage {
        let layout: Layout
        let page: RefusalCounts.Page
        let kinds: [SelectOption]
        let nextLink: String?
        let empty: Bool
    }

    @Sendable func refusals(_ request: Request) async throws -> Page {
        let filter = try request.query.decode(RefusalCounts.Filter.self)
        let page = try await RefusalCounts.list(filter, on: request.db)
        return Page(RefusalsPage(
            layout: Layout(request, title: "登录失败与表单令牌被拒"), page: page,
            kinds: SelectOption.list(RefusalCounts.Kind.allCases.map { ($0.rawValue, $0.chinese) }, selected: filter.kind, blank: "全部"),
            nextLink: page.next.map { request.link(setting: "before", to: "\($0)") }, empty: page.items.isEmpty).node)
    }

    struct Row {
        let record: AuditRecord
        let outcomeLabel: String
        let time: String
        /// 登录, 修改党员档案 …
        let actionName: String
        /// 党员 余秀梅, 账号 王忠春（branch-secretary）…
        let object: String
    }

    struct IndexPage {
        let layout: Layout
        let filter: AuditFilter
        let rows: [Row]
        let nextLink: String?
        let outcomes: [SelectOption]
        let actions: [SelectOption]
        let verification: String?
        let intact: Bool
    }

    static func localTime(_ at: String) -> String {
        guard let date = try? Date(at, strategy: AuditLog.timestampFormat) else { return at }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .chinaStandard
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    func render(_ request: Request, verification: String?, intact: Bool) async throws -> Page {
        let filter = try request.query.decode(AuditFilter.self)
        let page = try await AuditSearch.search(filter, on: request.db)
        let nextLink = page.next.map { request.link(setting: "before", to: "\($0)") }
        let names = try await AuditNames.objects(of: page.items, on: request.db)
        return Page(IndexPage(
            layout: Layout(request, title: "审计日志"), filter: filter,
            rows: page.items.map {
                Row(record: $0, outcomeLabel: $0.outcome.chinese, time: Self.localTime($0.at), actionName: AuditVocabulary.action($0.action),
                    object: AuditNames.object($0, names: names))
            },
            nextLink: nextLink,
            outcomes: SelectOption.list(AuditOutcome.allCases.map { ($0.rawValue, $0.chinese) }, selected: filter.outcome, blank: "全部结果"),
            actions: SelectOption.list(AuditVocabulary.actions.map { ($0.code, $0.name) }, selected: filter.action, blank: "全部操作"),
            verification: verification, intact: intact).node)
    }

    @Sendable func index(_ request: Request) async throws -> Page {
        try await render(request, verification: nil, intact: true)
    }

    @Sendable func verify(_ request: Request) async throws -> Page {
        let (checked, broken) = try await AuditLog.verify(on: request.db, cipher: request.services.cipher)
        let message = broken.map { "链条断开：\($0.explanation)（已核对 \(checked) 条）" } ?? "审计日志完整：共 \(checked) 条，哈希链逐条核对无误"
        return try await render(request, verification: message, intact: broken == nil)
    }
}

struct AuditAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "audit", requires: .auditRead, summary: "审计日志，新的在前，可筛选", query: AuditFilter.self, use: list)
        routes.api(.GET, "audit", "verify", requires: .auditRead, summary: "从第一条起校验审计日志的哈希链", use: verify)
        routes.api(.GET, "audit", "refusals", requires: .auditRead, summary: "登录失败、表单令牌被拒的次数（按来源、按分钟汇总）",
                   query: RefusalCounts.Filter.self, use: refusals)
    }

    @Sendable func refusals(_ request: Request, _ filter: RefusalCounts.Filter) async throws -> RefusalCounts.Page {
        try await RefusalCounts.list(filter, on: request.db)
    }

    @Sendable func list(_ request: Request, _ filter: AuditFilter) async throws -> AuditPage {
        try await AuditSearch.search(filter, on: request.db)
    }

    struct Verification: Content {
        let intact: Bool
        let checked: Int
        let brokenAt: Int?
        let message: String
    }

    @Sendable func verify(_ request: Request) async throws -> Verification {
        let (checked, broken) = try await AuditLog.verify(on: request.db, cipher: request.services.cipher)
        return Verification(intact: broken == nil, checked: checked, brokenAt: broken?.sequence,
                            message: broken?.explanation ?? "审计日志完整")
    }
}
