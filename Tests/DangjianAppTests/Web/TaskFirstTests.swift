import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// Task-first pages: a secretary's four jobs at the top of the home page, a member's own, the phone's tab bar, to-dos
/// not yet due not dressed as successes, and 大字模式 drawn by the server from the reader's choice.
@Suite("Task-first home pages and the phone frame")
struct TaskFirstTests {
    static func position(_ text: String, in html: String) -> Int {
        html.range(of: text).map { html.distance(from: html.startIndex, to: $0.lowerBound) } ?? Int.max
    }

    @Test("a village secretary finds 安排会议, 开始签到, 收党费 and 发展党员 in one tap, before the to-dos and the figures")
    func secretaryEntries() async throws {
        try await withWorld { world in
            let html = try await world.browserLogin("branch-secretary").get("/").body.string
            for (label, href) in [("安排会议", "/activities/new"), ("开始签到", "/activities?state=planned"), ("收党费", "/dues"), ("发展党员", "/development")] {
                #expect(html.contains("href=\"\(href)\"><svg") && html.contains("<strong>\(label)</strong>"), "\(label)")
            }
            #expect(Self.position("<strong>发展党员</strong>", in: html) < Self.position("待办（", in: html))
            #expect(Self.position("待办（", in: html) < Self.position("在册党员", in: html), "to-dos before statistics")
            // 开始签到 leads to today's meeting once one is planned.
            let planned = try await world.plannedThemeDay(token: try await world.token("branch-secretary"))
            let today = try await world.browserLogin("branch-secretary").get("/").body.string
            #expect(today.contains("href=\"/activities/\(planned.summary.id)\"><svg") && today.contains("<small>今天 "))
            // Once sign-in is open, the entry is its screen.
            let opened = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/open", token: try await world.token("branch-secretary"))
            #expect(opened.status == .ok)
            let open = try await world.browserLogin("branch-secretary").get("/").body.string
            #expect(open.contains("href=\"/activities/\(planned.summary.id)/screen\"><svg") && open.contains("<strong>签到屏幕</strong>"))
        }
    }

    @Test("a county's home page shows its age, education and category charts, drawn with the figures")
    func charts() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("county-admin")
            for _ in 0..<2 {
                let html = try await session.get("/").body.string
                for title in ["年龄结构", "学历结构", "人员类别"] {
                    #expect(html.contains("<h2>\(title)</h2><svg"), "\(title)")
                }
            }
        }
    }

    @Test("a member's home offers their own four: sign in, dues, notices, record; no statistics")
    func memberEntries() async throws {
        try await withWorld { world in
            let html = try await world.browserLogin("member").get("/").body.string
            for href in ["/checkin", "/dues/mine", "/notices", "/me"] { #expect(html.contains("class=\"entry\" href=\"\(href)\""), "\(href)") }
            #expect(!html.contains("在册党员") && !html.contains("安排会议"))
        }
    }

    @Test("the tab bar: 首页 / 待办 / 签到 / 我的 with everything else under 更多; an account without a record has 账号")
    func tabBar() async throws {
        try await withWorld { world in
            let member = try await world.browserLogin("member").get("/me").body.string
            let bar = try #require(member.components(separatedBy: "<nav class=\"tabbar\"").last?.components(separatedBy: "</nav>").first)
            #expect(["href=\"/\"", "href=\"/todos\"", "href=\"/checkin\"", "href=\"/me\"", "更多", "href=\"/me\" aria-current=\"page\""]
                .allSatisfy(bar.contains))
            let secadmin = try await world.browserLogin("secadmin").get("/").body.string
            #expect(secadmin.contains("href=\"/password\"><svg") && !secadmin.contains("href=\"/checkin\"><svg"))
        }
    }

    @Test("to-dos not yet due are plain, overdue ones are warnings, none looks like a saved notice")
    func todoStyles() async throws {
        try await withWorld { world in
            let html = try await world.browserLogin("branch-secretary").get("/").body.string
            let list = try #require(html.components(separatedBy: "<ul class=\"findings\">").dropFirst().first?.components(separatedBy: "</ul>").first)
            #expect(list.contains("<li class=\"upcoming\">") || list.contains("<li class=\"warning\">"))
            #expect(!list.contains("<li class=\"notice\">"))
        }
    }

    @Test("大字模式: the reader's choice is drawn by the server on every page")
    func largeText() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("member")
            #expect(try await session.get("/").body.string.contains("<html lang=\"zh-CN\">"))
            let large = try await world.app.testing().sendRequest(.GET, "/", headers: ["Cookie": "\(SessionCookie.name)=\(session.cookie); dj_large=1"])
            #expect(large.body.string.contains("<html lang=\"zh-CN\" class=\"large\">") && large.body.string.contains("aria-pressed=\"true\""))
        }
    }

    @Test("a favicon of our own; the compliance grid marks this month, its legend uses the cells' words, nothing needs a hover")
    func faviconAndGrid() async throws {
        try await withWorld { world in
            let icon = try await world.app.testing().sendRequest(.GET, "/favicon.svg")
            #expect(icon.status == .ok && icon.body.string.hasPrefix("<svg"))
            let session = try await world.browserLogin("town-secretary")
            #expect(try await session.get("/").body.string.contains("<link rel=\"icon\" href=\"/favicon.svg\""))
            let grid = try await session.get("/compliance").body.string
            let month = world.app.dangjian.clock.today().month
            #expect(grid.contains("<th aria-current=\"date\" data-month-now>\(month)月</th>"))
            let legend = try #require(grid.components(separatedBy: "<p class=\"legend\">").last?.components(separatedBy: "</p>").first)
            for state in [ComplianceState.met, .open, .missed, .notRequired] { #expect(legend.contains(">\(state.chinese)</span>"), "\(state)") }
            #expect(!grid.contains("<summary title="), "no hint only a mouse can see")
        }
    }

    @Test("empty pages say what to do next: no organizations for a 安全管理员, no budget yet for a branch")
    func emptyStates() async throws {
        try await withWorld { world in
            let organizations = try await world.browserLogin("secadmin").get("/organizations").body.string
            #expect(organizations.contains("您的角色不负责具体的党组织") && organizations.contains("联系安全管理员授权"))
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            // A branch that has neither budgeted nor spent this year.
            try await FundSpendingModel.query(on: world.app.db).filter(\.$organizationID == branch).delete()
            try await FundBudgetModel.query(on: world.app.db).filter(\.$organizationID == branch).delete()
            let funds = try await world.browserLogin("branch-secretary").get("/funds").body.string
            #expect(funds.contains("还没有编制党建经费预算") && funds.contains("href=\"#budget\"") && funds.contains("id=\"budget\""))
        }
    }
}
