import DangjianCore
import Vapor

/// What every page's frame needs: the title, who is logged in, the CSRF token for its forms and the navigation
/// the caller's permissions allow.
struct Layout: Encodable {
    struct NavItem: Encodable {
        let href: String
        let label: String
        let current: Bool
        /// The tab bar's icon: home, todo, checkin, me.
        var icon: String? = nil
    }

    let title: String
    let userName: String?
    let roles: String?
    let csrf: String
    let nav: [NavItem]
    /// The phone's tab bar: 首页 / 待办 / 签到 / 我的; the whole navigation is under 更多.
    let tabs: [NavItem]
    let notice: String?
    /// 大字模式: the reader chose larger text on this browser (a cookie the page's switch sets).
    let largeText: Bool
    /// `app.name` of the locale strings.
    let appName: String

    init(_ request: Request, title: String) {
        self.title = title
        self.appName = request.services.localizer.text("app.name")
        self.userName = request.actor?.displayName
        self.roles = request.actor.map { actor in actor.grants.map(\.role.chinese).uniqued().joined(separator: "、") }
        self.csrf = request.session?.csrfToken ?? ""
        // Only after a redirect: decoding the query on every page was a hundredth of the home page's time (`perf`).
        self.notice = request.url.query?.contains("notice=") == true
            ? request.query[String.self, at: "notice"].flatMap { Notice(rawValue: $0)?.chinese } : nil
        self.largeText = request.cookies["dj_large"]?.string == "1"
        var nav: [NavItem] = []
        var tabs: [NavItem] = []
        if let actor = request.actor {
            let policy = AccessPolicy(actor)
            let path = request.url.path
            func isCurrent(_ href: String) -> Bool { href == "/" ? path == "/" : (path == href || path.hasPrefix(href + "/")) }
            func add(_ href: String, _ label: String, _ permission: Permission) {
                guard policy.holds(permission) else { return }
                nav.append(NavItem(href: href, label: label, current: isCurrent(href)))
            }
            add("/", "首页", .authenticated)
            add("/organizations", "组织", .organizationRead)
            add("/members", "党员", .memberRead)
            add("/development", "发展党员", .memberRead)
            add("/todos", "待办", .authenticated)
            add("/messages", "消息", .signedIn)
            add("/activities", "组织生活", .activityRead)
            add("/notices", "公示栏", .authenticated)
            add("/demands", "诉求办理", .requestHandle)
            add("/supervision", "监督举报", .reportHandle)
            add("/publicity", "三务公开", .publicityWrite)
            add("/deliberations", "四议两公开", .publicityWrite)
            if actor.memberID != nil || actor.isResident { add("/requests", "我的诉求", .ownRequests) }
            if actor.isResident || (actor.memberID != nil && !policy.holds(.publicityWrite)) { add("/publicity/mine", "村（居）务公开", .ownRequests) }
            if policy.holds(.duesRead) { add("/dues", "党费", .duesRead) }
            else if actor.memberID != nil { add("/dues/mine", "我的党费", .ownRecord) }
            else { add("/dues/calculator", "党费计算", .authenticated) }
            if actor.memberID != nil { add("/checkin", "签到", .authenticated) }
            if actor.memberID != nil { add("/me", "我的档案", .ownRecord) }
            if actor.memberID != nil { add("/calendar", "会议日历", .ownRecord) }
            if actor.memberID != nil || policy.holds(.learningWrite) { add("/learning", "学习", .ownRecord) }
            if actor.memberID != nil { add("/me/class-hours", "我的学时", .ownRecord) }
            if actor.memberID != nil || actor.isResident || policy.holds(.serviceWrite) { add("/volunteer", "志愿服务", .signedIn) }
            if actor.memberID != nil || actor.isResident { add("/appointments", "我的预约", .signedIn) }
            if actor.memberID != nil { add("/diary", "民情日记", .ownRecord) }
            add("/diary/overview", "走访情况", .memberRead)
            add("/services/manage", "一站式服务", .serviceWrite)
            add("/face-to-face", "干部群众面对面", .serviceWrite)
            add("/class-hours", "党员学时", .memberRead)
            add("/audit", "审计日志", .auditRead)
            add("/accounts", "账号", .accountManage)
            add("/grants", "授权", .roleGrant)
            add("/security", "安全策略", .securityPolicy)
            add("/backups", "数据备份", .securityPolicy)
            func tab(_ href: String, _ label: String, _ icon: String) {
                tabs.append(NavItem(href: href, label: label, current: isCurrent(href), icon: icon))
            }
            if actor.isResident {
                tab("/requests", "我的诉求", "home")
                tab("/track", "查询", "todo")
                tab("/password", "账号", "me")
            } else if actor.memberID != nil {
                tab("/", "首页", "home")
                tab("/todos", "待办", "todo")
                tab("/checkin", "签到", "checkin")
                tab("/me", "我的", "me")
            } else {
                tab("/", "首页", "home")
                tab("/todos", "待办", "todo")
                tab("/password", "账号", "me")
            }
        }
        self.nav = nav
        self.tabs = tabs
    }

    /// The frame of a public page: the same for everyone, signed in or not (no name, no navigation), so that it may
    /// be cached and shared.
    init(public request: Request, title: String) {
        self.title = title
        self.appName = request.services.localizer.text("app.name")
        self.userName = nil
        self.roles = nil
        self.csrf = ""
        self.notice = nil
        self.largeText = false
        self.nav = []
        self.tabs = []
    }

    /// The same frame with another CSRF token (the login form carries its double-submit token).
    init(copying other: Layout, csrf: String) {
        self.title = other.title
        self.userName = other.userName
        self.roles = other.roles
        self.csrf = csrf
        self.nav = other.nav
        self.tabs = other.tabs
        self.notice = other.notice
        self.largeText = other.largeText
        self.appName = other.appName
    }
}

/// Messages a page shows after a redirect (`?notice=saved`). Only these codes are shown, never free text.
enum Notice: String {
    case saved, created, moved, transferred, statusChanged, passwordChanged, loggedOut, expired, revoked, granted, signedIn, initial
    case secondFactor, secondFactorReset, attendanceSaved, unchanged, backedUp
    case registered, submitted, accepted, passedOn, answered, rated
    case drafted, reviewed, published, corrected, replied, asked
    case lessonAdded, questionAdded, readToEnd, assigned

    var chinese: String {
        switch self {
        case .saved: "已保存"
        case .created: "已新建"
        case .moved: "已移动，下级组织和党员随之调整"
        case .transferred: "已调整所在党组织"
        case .statusChanged: "党籍状态已更新"
        case .passwordChanged: "密码已修改，其他设备上的登录已退出"
        case .loggedOut: "您已安全退出"
        case .expired: "登录已超时，请重新登录"
        case .revoked: "已撤销"
        case .granted: "已授权"
        case .signedIn: "签到成功"
        case .initial: "您的密码是系统管理员设置的初始密码，请先改为只有您自己知道的密码"
        case .secondFactor: "您的角色须启用两步验证：请在手机认证应用中添加下面的密钥，再输入应用显示的动态口令"
        case .secondFactorReset: "已重置两步验证，该账号下次登录时重新设置"
        case .attendanceSaved: "出席情况已保存。填写会议记录并保存后，活动记为“已开展”"
        case .unchanged: "没有修改任何内容"
        case .backedUp: "备份完成，已逐个文件记下校验和"
        case .registered: "注册成功，已登录。以后用手机号和密码登录"
        case .submitted: "已提交。请记下查询码，没有账号时也能凭它查询办理进度"
        case .accepted: "已受理，提交人能看到“办理中”"
        case .passedOn: "已转交，对方的受理、答复期限从今天重新计算"
        case .answered: "已答复，等待提交人评价"
        case .rated: "评价已提交，谢谢您"
        case .drafted: "草稿已保存，请另一位班子成员审核后公开"
        case .reviewed: "已审核，可以公开"
        case .published: "已公开，本村（社区）公开页面上所有人都能看到"
        case .corrected: "已起草更正版本：修改、审核并公开后替换原版本，原版本继续可查"
        case .replied: "已答复，提问人会收到消息"
        case .asked: "问题已提交，答复后消息中心会通知您"
        case .lessonAdded: "课时已添加"
        case .questionAdded: "检测题已添加"
        case .readToEnd: "已记录读完"
        case .assigned: "必学已安排，党员会在学习页面和待办中看到"
        }
    }
}

extension Request {
    /// This page's address with one query parameter set to `value` (the "next page" links keep the filters).
    func link(setting name: String, to value: String) -> String {
        var items = url.query.flatMap { URLComponents(string: "?\($0)")?.queryItems } ?? []
        items.removeAll { $0.name == name }
        items.append(URLQueryItem(name: name, value: value))
        var components = URLComponents()
        components.path = url.path
        components.queryItems = items
        return components.string ?? url.path
    }
}

extension Request {
    /// This page's query string without the named parameters (an export of the whole list drops the page position).
    func query(without names: Set<String>) -> String {
        let items = (url.query.flatMap { URLComponents(string: "?\($0)")?.queryItems } ?? []).filter { !names.contains($0.name) }
        var components = URLComponents()
        components.queryItems = items
        return items.isEmpty ? "" : components.percentEncodedQuery ?? ""
    }
}

extension Sequence where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// One option of a `<select>`, with whether it is the chosen one.
struct SelectOption: Encodable {
    let value: String
    let label: String
    let selected: Bool

    /// Organizations indented by depth, so that a flat list reads as the tree.
    static func organizations(_ organizations: [OrganizationModel], selected: Int? = nil) -> [SelectOption] {
        let top = organizations.map { $0.orgPath.depth }.min() ?? 1
        return organizations.map {
            SelectOption(value: "\($0.id!)", label: String(repeating: "　", count: $0.orgPath.depth - top) + $0.name, selected: $0.id == selected)
        }
    }

    static func list(_ options: [(value: String, label: String)], selected: String?, blank: String? = nil) -> [SelectOption] {
        (blank.map { [SelectOption(value: "", label: $0, selected: selected?.isEmpty ?? true)] } ?? [])
            + options.map { SelectOption(value: $0.value, label: $0.label, selected: $0.value == selected) }
    }
}
