import DangjianCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

/// Residents' accounts and the suggestion-and-demand loop, through the API and the pages.
@Suite("Participation: residents and their requests")
struct ParticipationTests {
    static let village = "柳河镇东岗村党支部", town = "柳河镇党委"
    static let phone = "13912345678"

    struct Issued: Decodable { let code: String; let organizationID: Int }
    struct Registered: Decodable { let token: String; let accountID: Int }
    struct View: Decodable {
        let id: Int
        let trackingCode: String?
        let state: String
        let round: Int
        let organizationName: String
        let submitter: String?
        let answer: String?
        let verdict: String?
        let canRate: Bool
        let history: [Event]
        struct Event: Decodable { let step: String; let note: String? }
    }
    struct Summary: Decodable { let id: Int; let overdue: String?; let state: String }
    struct Problem: Decodable { let reason: String }

    /// A code issued by the village's secretary, and a resident registered with it.
    static func resident(_ world: TestWorld, phone: String = phone) async throws -> (token: String, accountID: Int) {
        let secretary = try await world.token("branch-secretary")
        let issued = try await world.send(.POST, "/api/v1/registration-codes", token: secretary,
                                          json: Residents.CodeInput(organizationID: try await world.organizationID(village), label: "三组 王家"))
        #expect(issued.status == .created, "\(issued.body.string)")
        let code = try issued.content.decode(Issued.self).code
        let registered = try await world.send(.POST, "/api/v1/auth/register",
                                              json: ["phone": phone, "name": "王秀兰", "password": "Wang-2026-xl", "code": code])
        #expect(registered.status == .created, "\(registered.body.string)")
        let answer = try registered.content.decode(Registered.self)
        return (answer.token, answer.accountID)
    }

    @Test("a resident registers with the office's code, asks; the village answers; unsatisfied, it goes to the town, which answers again")
    func loop() async throws {
        try await withWorld { world in
            let (resident, accountID) = try await Self.resident(world)
            let submitted = try await world.send(.POST, "/api/v1/requests", token: resident,
                                                 json: ["kind": "demand", "category": "infrastructure", "place": "三组村道东头", "text": "村道东头的路灯坏了两个月，晚上看不清路"])
            #expect(submitted.status == .created, "\(submitted.body.string)")
            let view = try submitted.content.decode(View.self)
            let code = try #require(view.trackingCode)
            #expect(view.state == "submitted" && view.organizationName == Self.village && view.submitter == nil)

            // The village's secretary sees the submitter's name and masked phone, accepts and answers.
            let secretary = try await world.token("branch-secretary")
            let handled = try await world.send(.GET, "/api/v1/demands/\(view.id)", token: secretary)
            let seen = try handled.content.decode(View.self)
            #expect(seen.submitter == "王秀兰（139****5678）" && seen.trackingCode == nil)
            #expect(!handled.body.string.contains(Self.phone))
            #expect(try await world.send(.POST, "/api/v1/demands/\(view.id)/accept", token: secretary).status == .ok)
            let refused = try await world.send(.POST, "/api/v1/demands/\(view.id)/accept", token: secretary)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("办理中，不能再受理"))
            let answered = try await world.send(.POST, "/api/v1/demands/\(view.id)/answer", token: secretary,
                                                json: ["answer": "已联系供电所，本周内更换路灯"])
            #expect(try answered.content.decode(View.self).state == "answered")

            // Unsatisfied, with a reason: the town handles it now; the village no longer sees it.
            let noReason = try await world.send(.POST, "/api/v1/requests/\(view.id)/rate", token: resident, json: ["verdict": "unsatisfied"])
            #expect(noReason.status == .unprocessableEntity)
            let rated = try await world.send(.POST, "/api/v1/requests/\(view.id)/rate", token: resident,
                                             json: ["verdict": "unsatisfied", "reason": "一周过去了，路灯还是没修"])
            let reopened = try rated.content.decode(View.self)
            #expect(reopened.state == "reopened" && reopened.round == 2 && reopened.organizationName == Self.town)
            #expect(try await world.send(.GET, "/api/v1/demands/\(view.id)", token: secretary).status == .notFound)
            let town = try await world.token("town-secretary")
            let list = try await world.send(.GET, "/api/v1/demands", token: town).content.decode([Summary].self)
            #expect(list.contains { $0.id == view.id && $0.state == "reopened" })
            #expect(try await world.send(.POST, "/api/v1/demands/\(view.id)/answer", token: town,
                                         json: ["answer": "镇里已督促供电所，路灯已于昨日修好"]).status == .ok)
            let closed = try await world.send(.POST, "/api/v1/requests/\(view.id)/rate", token: resident, json: ["verdict": "satisfied"])
            let final = try closed.content.decode(View.self)
            #expect(final.state == "closed" && final.verdict == "satisfied")
            #expect(final.history.map(\.step) == ["submitted", "accepted", "answered", "reopened", "answered", "rated"])

            // Anyone with the code follows it; the town's public page shows the answer, nobody's name or number.
            let tracked = try await world.send(.GET, "/api/v1/public/track?code=\(code)")
            #expect(tracked.status == .ok && tracked.body.string.contains("已办结"))
            let townID = try await world.organizationID(Self.town)
            let page = try await world.app.testing().sendRequest(.GET, "/public/organizations/\(townID)")
            #expect(page.status == .ok && page.body.string.contains("路灯已于昨日修好"))
            #expect(page.headers.first(name: .cacheControl) == "public, max-age=60")
            for text in ["王秀兰", Self.phone, "5678", "路灯坏了两个月"] { #expect(!page.body.string.contains(text), "\(text)") }

            // Every step is in the audit log; the resident's phone number in clear is nowhere in the database's accounts.
            #expect(try await world.auditEntries(action: "demand.reopened").count == 1)
            let account = try #require(try await AccountModel.find(accountID, on: world.app.db))
            #expect(account.phoneMask == "139****5678" && !account.username.contains(Self.phone) && account.phoneCipher?.contains(Self.phone) == false)
            // The 系统管理员 sees the resident as they sign in, masked, and their name masked like a member's.
            struct Listed: Decodable { let username: String; let displayName: String }
            let listed = try await world.send(.GET, "/api/v1/accounts", token: try await world.token("sysadmin")).content.decode([Listed].self)
            #expect(listed.contains { $0.username == "139****5678" && $0.displayName == "王**" })
        }
    }

    @Test("a resident reaches public pages, their own account and their own requests, and nothing else")
    func residentReachesNothingElse() async throws {
        try await withWorld { world in
            let (resident, _) = try await Self.resident(world)
            let allowed: Set<Permission> = [.public, .signedIn, .ownRequests]
            var reached: [String] = []
            for (index, route) in world.app.routes.all.enumerated() {
                guard let permission = route.requiredPermission, !allowed.contains(permission) else { continue }
                if index % 100 == 99 { world.app.dangjian.clock.advance(by: 61) }
                let path = "/" + route.path.map { component -> String in
                    if case .parameter = component { return "1" }
                    return component.description
                }.joined(separator: "/")
                let response = try await world.send(route.method, path, token: resident)
                if response.status != .forbidden && !(path == "/" && response.status == .seeOther) {
                    reached.append("\(route.method) \(path): \(response.status)")
                }
            }
            #expect(reached.isEmpty, "\(reached)")
            // Another person's request answers 404 like a missing one.
            let member = try await world.token("member")
            let theirs = try await world.send(.POST, "/api/v1/requests", token: member,
                                              json: ["kind": "suggestion", "category": "partyService", "text": "建议党员活动室晚上也开放"])
            let id = try theirs.content.decode(View.self).id
            #expect(try await world.send(.GET, "/api/v1/requests/\(id)", token: resident).status == .notFound)
            #expect(try await world.send(.POST, "/api/v1/requests/\(id)/rate", token: resident, json: ["verdict": "satisfied"]).status == .notFound)
        }
    }

    @Test("a code is good once, for seven days, and wrong codes are counted against the address")
    func codes() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let villageID = try await world.organizationID(Self.village)
            let code = try await world.send(.POST, "/api/v1/registration-codes", token: secretary, json: Residents.CodeInput(organizationID: villageID))
                .content.decode(Issued.self).code
            let form = ["phone": "13700001111", "name": "李建国", "password": "Li-2026-jg", "code": code]
            #expect(try await world.send(.POST, "/api/v1/auth/register", json: form).status == .created)
            var again = form
            again["phone"] = "13700002222"
            let used = try await world.send(.POST, "/api/v1/auth/register", json: again)
            #expect(used.status == .unprocessableEntity && used.body.string.contains("登记码不正确、已使用或已过期"))
            let late = try await world.send(.POST, "/api/v1/registration-codes", token: secretary, json: Residents.CodeInput(organizationID: villageID))
                .content.decode(Issued.self).code
            world.app.dangjian.clock.advance(by: 8 * 86_400)
            again["code"] = late
            #expect(try await world.send(.POST, "/api/v1/auth/register", json: again).status == .unprocessableEntity)
            // The same phone twice is told only to someone holding a valid code.
            let fresh = try await world.send(.POST, "/api/v1/registration-codes", token: try await world.token("branch-secretary"),
                                             json: Residents.CodeInput(organizationID: villageID)).content.decode(Issued.self).code
            var twice = form
            twice["code"] = fresh
            let duplicate = try await world.send(.POST, "/api/v1/auth/register", json: twice)
            #expect(duplicate.body.string.contains("这个手机号已经注册过"))
            for _ in 0..<10 {
                again["code"] = "1234 5678"
                _ = try await world.send(.POST, "/api/v1/auth/register", json: again)
            }
            #expect(try await world.send(.POST, "/api/v1/auth/register", json: twice).status == .tooManyRequests)
            // The list shows what was issued, never the digits; a code outside the secretary's branch is 404.
            let office = try await world.token("branch-secretary")
            let list = try await world.send(.GET, "/api/v1/registration-codes", token: office)
            #expect(list.body.string.contains("已使用") && !list.body.string.contains(code.replacingOccurrences(of: " ", with: "")))
            let other = try await world.send(.POST, "/api/v1/registration-codes", token: office,
                                             json: Residents.CodeInput(organizationID: try await world.organizationID("柳河镇西岗村党支部")))
            #expect(other.status == .notFound)
        }
    }

    @Test("time limits: the village's to-do to acknowledge, the town's 督办 once it is late, and an unrated answer closed after the rating days")
    func limits() async throws {
        try await withWorld { world in
            let (resident, _) = try await Self.resident(world)
            let id = try await world.send(.POST, "/api/v1/requests", token: resident,
                                          json: ["kind": "demand", "category": "environment", "text": "垃圾箱满了没人清运"]).content.decode(View.self).id
            struct Item: Decodable { let kind: String; let overdue: Bool; let link: String }
            let secretary = try await world.token("branch-secretary")
            let village = try await world.send(.GET, "/api/v1/todos", token: secretary).content.decode([Item].self)
            #expect(village.contains { $0.kind == "participation.acknowledge" && $0.link == "/demands/\(id)" && !$0.overdue })
            world.app.dangjian.clock.advance(by: 6 * 86_400)
            let town = try await world.send(.GET, "/api/v1/todos", token: try await world.token("town-secretary")).content.decode([Item].self)
            #expect(town.contains { $0.kind == "participation.supervise" && $0.overdue })
            let late = try await world.send(.GET, "/api/v1/demands", token: try await world.token("branch-secretary")).content.decode([Summary].self)
            #expect(late.first?.overdue?.contains("已逾期") == true)
            _ = try await world.send(.POST, "/api/v1/demands/\(id)/answer", token: try await world.token("branch-secretary"), json: ["answer": "已安排保洁员每天清运"])
            world.app.dangjian.clock.advance(by: 8 * 86_400)
            let again = try await world.send(.POST, "/api/v1/auth/login", json: Authentication.Credentials(username: Self.phone, password: "Wang-2026-xl"))
            let fresh = try again.content.decode(AuthAPI.TokenResponse.self).token
            let own = try await world.send(.GET, "/api/v1/requests/\(id)", token: fresh).content.decode(View.self)
            #expect(own.state == "closed" && own.verdict == "unrated" && !own.canRate)
        }
    }

    @Test("messages: the village hears of a new request, the resident of the answer, the town of the verdict; each reads only their own")
    func messages() async throws {
        try await withWorld { world in
            let (resident, _) = try await Self.resident(world)
            let id = try await world.send(.POST, "/api/v1/requests", token: resident,
                                          json: ["kind": "demand", "category": "livelihood", "place": "五组", "text": "独居老人冬天取暖有困难"]).content.decode(View.self).id
            struct Item: Decodable { let id: Int; let title: String; let link: String; let read: Bool }
            struct Count: Decodable { let unread: Int }
            let secretary = try await world.token("branch-secretary")
            let inbox = try await world.send(.GET, "/api/v1/messages", token: secretary).content.decode([Item].self)
            let arrived = try #require(inbox.first { $0.link == "/demands/\(id)" })
            #expect(arrived.title == "新的诉求：就业、医疗、养老等民生保障 · 五组" && !arrived.read)
            // Another account cannot open it; its owner can, and the count goes down.
            #expect(try await world.send(.POST, "/api/v1/messages/\(arrived.id)/read", token: resident).status == .notFound)
            let before = try await world.send(.GET, "/api/v1/messages/count", token: secretary).content.decode(Count.self).unread
            let after = try await world.send(.POST, "/api/v1/messages/\(arrived.id)/read", token: secretary).content.decode(Count.self).unread
            #expect(after == before - 1)
            _ = try await world.send(.POST, "/api/v1/demands/\(id)/answer", token: secretary, json: ["answer": "已联系民政办送去取暖补贴"])
            let mine = try await world.send(.GET, "/api/v1/messages", token: resident).content.decode([Item].self)
            #expect(mine.map(\.link) == ["/requests/\(id)"] && mine.first?.title.hasPrefix("您的诉求已答复") == true)
            _ = try await world.send(.POST, "/api/v1/requests/\(id)/rate", token: resident, json: ["verdict": "unsatisfied", "reason": "补贴太少"])
            let town = try await world.send(.GET, "/api/v1/messages", token: try await world.token("town-secretary")).content.decode([Item].self)
            #expect(town.contains { $0.link == "/demands/\(id)" && $0.title.hasPrefix("群众不满意") })
            // The page: the list, and opening a message leads to what it is about.
            let session = try await world.browserLogin("branch-secretary")
            #expect(try await session.get("/messages").body.string.contains("新的诉求"))
            #expect(try await session.get("/messages/\(arrived.id)").headers.first(name: .location) == "/demands/\(id)")
        }
    }

    @Test("the demo's resident signs in with the phone number and finds three requests; the village has one to handle and answers in public")
    func demo() async throws {
        try await withWorld { world in
            let line = try #require(try await DemoParticipation.load(password: TestWorld.password, services: world.app.dangjian,
                                                                     hasher: world.app.password.sync, on: world.app.db))
            #expect(line.username == DemoParticipation.phone && line.scope == Self.village)
            let login = try await world.send(.POST, "/api/v1/auth/login",
                                             json: Authentication.Credentials(username: DemoParticipation.phone, password: TestWorld.password))
            let token = try login.content.decode(AuthAPI.TokenResponse.self).token
            let mine = try await world.send(.GET, "/api/v1/requests", token: token).content.decode([Summary].self)
            #expect(mine.map(\.state) == ["submitted", "answered", "closed"])
            let open = try await world.send(.GET, "/api/v1/demands", token: try await world.token("branch-secretary")).content.decode([Summary].self)
            #expect(open.map(\.state) == ["submitted"])
            let page = try await world.app.testing().sendRequest(.GET, "/public/organizations/\(try await world.organizationID(Self.village))")
            #expect(page.body.string.contains("11 月 22 日已修好") && page.body.string.contains("评价满意 1 件"))
            #expect(!page.body.string.contains("王秀兰") && !page.body.string.contains(DemoParticipation.phone))
        }
    }

    @Test("statistics: the town's report counts the village's requests, answered and rated; a wrong date is refused in Chinese")
    func report() async throws {
        try await withWorld { world in
            let (resident, _) = try await Self.resident(world)
            var ids: [Int] = []
            for text in ["村口垃圾箱满了没人清运", "建议在村委会门口装一盏路灯"] {
                ids.append(try await world.send(.POST, "/api/v1/requests", token: resident,
                                                json: ["kind": "demand", "category": "environment", "text": text]).content.decode(View.self).id)
            }
            let secretary = try await world.token("branch-secretary")
            _ = try await world.send(.POST, "/api/v1/demands/\(ids[0])/answer", token: secretary, json: ["answer": "已安排保洁员每天清运"])
            _ = try await world.send(.POST, "/api/v1/requests/\(ids[0])/rate", token: resident, json: ["verdict": "satisfied"])
            struct Line: Decodable { let label: String; let submitted: Int; let answered: Int; let open: Int; let satisfactionPercent: Int? }
            struct Report: Decodable { let total: Line; let byOrganization: [Line]; let byCategory: [Line] }
            let town = try await world.organizationID(Self.town)
            let response = try await world.send(.GET, "/api/v1/demands/report?organizationID=\(town)", token: try await world.token("county-admin"))
            let report = try response.content.decode(Report.self)
            #expect(report.total.submitted == 2 && report.total.answered == 1 && report.total.open == 1 && report.total.satisfactionPercent == 100)
            #expect(report.byOrganization.contains { $0.label == Self.village && $0.submitted == 2 })
            #expect(report.byCategory.map(\.label) == ["环境卫生"])
            let wrong = try await world.send(.GET, "/api/v1/demands/report?from=2026-13-01", token: secretary)
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("开始日期格式"))
            #expect(try await world.send(.GET, "/api/v1/demands/report?organizationID=\(town)", token: secretary).status == .notFound)
            let page = try await world.browserLogin("town-secretary").get("/demands/report")
            #expect(page.status == .ok && page.body.string.contains(Self.village) && page.body.string.contains("满意率"))

            // The county's board: nothing overdue yet; ten days on, the unanswered request is, with its limit.
            struct Overdue: Decodable { let overdue: [Item]; struct Item: Decodable { let id: Int; let overdue: String? } }
            let county = try await world.token("county-admin")
            let before = try await world.send(.GET, "/api/v1/demands/report", token: county)
            #expect(try before.content.decode(Overdue.self).overdue.isEmpty)
            world.app.dangjian.clock.advance(by: 10 * 86_400)
            let board = try await world.send(.GET, "/api/v1/demands/report", token: try await world.token("county-admin")).content.decode(Overdue.self).overdue
            #expect(board.map(\.id) == [ids[1]] && board.first?.overdue?.contains("已逾期") == true)
        }
    }

    @Test("through the pages: register, submit with a photo on the form, follow it; hostile text is shown as text")
    func pages() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let code = try await world.send(.POST, "/api/v1/registration-codes", token: secretary,
                                            json: Residents.CodeInput(organizationID: try await world.organizationID(Self.village))).content.decode(Issued.self).code
            let form = try await world.app.testing().sendRequest(.GET, "/register")
            #expect(form.status == .ok && form.body.string.contains("登记码"))
            let token = try #require(form.headers.setCookie?[SessionCookie.loginCSRF]?.string)
            let wrong = try await world.app.testing().sendRequest(.POST, "/register", headers: ["Cookie": "\(SessionCookie.loginCSRF)=\(token)"]) { request in
                try request.content.encode(["phone": "1391234", "name": "赵<script>", "password": "x", "code": "0000", "_csrf": token], as: .urlEncodedForm)
            }
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("11 位手机号码") && !wrong.body.string.contains("<script>"))
            let registered = try await world.app.testing().sendRequest(.POST, "/register", headers: ["Cookie": "\(SessionCookie.loginCSRF)=\(token)"]) { request in
                try request.content.encode(["phone": "139 1234 5678", "name": "赵四", "password": "Zhao-2026-si", "confirmPassword": "Zhao-2026-si",
                                            "code": code, "_csrf": token], as: .urlEncodedForm)
            }
            #expect(registered.status == .seeOther && registered.headers.first(name: .location) == "/requests?notice=registered")
            let cookie = try #require(registered.headers.setCookie?[SessionCookie.name]?.string)
            var session = BrowserSession(world: world, cookie: cookie, csrf: "")
            let mine = try await session.get("/requests")
            #expect(mine.status == .ok && mine.body.string.contains("提交诉求或建议"))
            // No to-do badge for a resident: its script would ask for a count the resident may not read, and be refused.
            #expect(!mine.body.string.contains("data-todo-count"))
            #expect(try await session.get("/").headers.first(name: .location) == "/requests")
            let newForm = try await session.get("/requests/new")
            session.csrf = try #require(TestWorld.csrf(in: newForm.body.string))
            let (headers, body) = multipart(file: "light.png", bytes: DevelopmentDocumentTests.png,
                                            fields: ["_csrf": session.csrf, "kind": "demand", "category": "infrastructure",
                                                     "place": "\"三组\" & <b>东头</b>", "text": "<script>alert(1)</script> 路灯坏了"],
                                            fileField: "photos[]")
            var sent = headers
            sent.add(name: "Cookie", value: "\(SessionCookie.name)=\(cookie)")
            let posted = try await world.app.testing().sendRequest(.POST, "/requests", headers: sent, body: body)
            #expect(posted.status == .seeOther, "\(posted.body.string)")
            let location = try #require(posted.headers.first(name: .location))
            let shown = try await session.get(location)
            #expect(shown.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !shown.body.string.contains("<script>alert"))
            #expect(shown.body.string.contains("&quot;三组&quot; &amp; &lt;b&gt;东头&lt;/b&gt;") || shown.body.string.contains("\"三组\" &amp; &lt;b&gt;东头&lt;/b&gt;"))
            #expect(shown.body.string.contains("查询码") && shown.body.string.contains("<img"))
            // The photo is the resident's to see, and the village's; the town's sees it too; another village's does not.
            let photo = try #require(shown.body.string.range(of: "/files/").map { shown.body.string[$0.upperBound...].prefix { $0.isNumber } })
            #expect(try await session.get("/files/\(photo)").status == .ok)
            #expect(try await world.send(.GET, "/api/v1/files/\(photo)", token: secretary).status == .ok)
        }
    }
}
