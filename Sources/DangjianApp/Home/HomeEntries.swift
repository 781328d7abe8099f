import DangjianCore
import Fluent
import SQLKit
import Vapor

/// The large entry points at the top of a secretary's home page: the four jobs they come for, each one tap away.
struct HomeEntry: Encodable, Sendable {
    let label: String
    let href: String
    /// A line under the label: what is waiting (`今天 14:30 主题党日`), or how to begin.
    let note: String?
    let icon: String

    /// The entries of everyone with the same grants today, kept like their to-dos (`HomeSummaryCache`): a secretary who
    /// opens a meeting's sign-in wrote, so their next home page reads again.
    static func kept(on request: Request) async throws -> [HomeEntry] {
        let actor = try request.requireActor()
        let key = ToDoService.grantsKey(actor) + "#" + (actor.memberID == nil ? "-" : "m") + "#" + request.today.description
        return try await request.services.homeCache.entries(for: key, now: request.now, lifetime: HomeSummary.cacheLifetime) {
            try await entries(on: request)
        }
    }

    static func entries(on request: Request) async throws -> [HomeEntry] {
        let policy = try request.policy
        var entries: [HomeEntry] = []
        if policy.holds(.activityWrite) {
            entries.append(HomeEntry(label: "安排会议", href: "/activities/new", note: "三会一课、主题党日", icon: "plan"))
            entries.append(try await signInEntry(policy, on: request))
        }
        if policy.holds(.duesWrite) {
            entries.append(HomeEntry(label: "收党费", href: "/dues", note: "\(DuesMonth(request.today).chinese)，勾选已交的党员", icon: "dues"))
        }
        if policy.holds(.memberWrite) {
            entries.append(HomeEntry(label: "发展党员", href: "/development", note: "入党申请到转正", icon: "grow"))
        }
        // A member without secretary's work: their own four.
        if entries.isEmpty, policy.actor.memberID != nil {
            entries = [
                HomeEntry(label: "会议签到", href: "/checkin", note: "扫码或输入签到码", icon: "checkin"),
                HomeEntry(label: "我的党费", href: "/dues/mine", note: "应交、已交和欠交", icon: "dues"),
                HomeEntry(label: "公示栏", href: "/notices", note: "发展党员公示等", icon: "plan"),
                HomeEntry(label: "我的档案", href: "/me", note: "核对本人信息", icon: "me"),
            ]
        }
        return entries
    }

    /// 开始签到: the meeting open now (its screen) or planned for today (its page); else how to plan one.
    private static func signInEntry(_ policy: AccessPolicy, on request: Request) async throws -> HomeEntry {
        // Four columns in one plain statement: decoding whole activity rows was an eighth of the home page's time (BENCHMARKS run 12).
        var found: [TodayMeeting] = []
        for scope in policy.scopes(for: .activityWrite) {
            found += try await request.db.sql.raw("""
                SELECT id, state, kind, start_time FROM activities WHERE path >= \(bind: scope.value) AND path < \(bind: scope.upperBound)
                AND (state = 'open' OR (state = 'planned' AND on_date = \(bind: request.today.description))) ORDER BY id LIMIT 5
                """).all(decoding: TodayMeeting.self)
        }
        let open = found.filter { $0.state == .open }
        if let meeting = open.first, open.count == 1 {
            return HomeEntry(label: "签到屏幕", href: "/activities/\(meeting.id)/screen", note: "\(meeting.kind.chinese)正在签到", icon: "checkin")
        }
        if found.count == 1, let meeting = found.first {
            let time = meeting.start_time.map { "今天 \($0) " } ?? "今天 "
            return HomeEntry(label: "开始签到", href: "/activities/\(meeting.id)", note: time + meeting.kind.chinese, icon: "checkin")
        }
        if found.count > 1 {
            return HomeEntry(label: "开始签到", href: "/activities?state=\(open.isEmpty ? "planned" : "open")", note: "今天有 \(found.count) 次活动", icon: "checkin")
        }
        return HomeEntry(label: "开始签到", href: "/activities?state=planned", note: "今天没有安排会议", icon: "checkin")
    }
}

/// A meeting open or planned for today in a secretary's scope, as the sign-in entry needs it.
private struct TodayMeeting: Decodable {
    let id: Int
    let state: ActivityModel.State
    let kind: ActivityKind
    let start_time: String?
}
