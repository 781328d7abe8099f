import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
import ZIPFoundation
@testable import DangjianApp

extension TestWorld {
    /// Plans a theme day for today in 东岗村 through the API and returns its detail.
    func plannedThemeDay(token: String, topic: String = "学习贯彻党的二十届四中全会精神") async throws -> ActivityDetail {
        let branch = try await organizationID("柳河镇东岗村党支部")
        let host = try await member(in: "柳河镇东岗村党支部")
        let response = try await send(.POST, "/api/v1/activities", token: token, json: [
            "organizationID": "\(branch)", "kind": "theme-day", "topic": topic, "date": app.dangjian.clock.today().description,
            "startTime": clockTime, "place": "村党群服务中心", "hostMemberID": "\(host.id!)", "agenda": "一、集中学习\n二、交流研讨",
        ])
        #expect(response.status == .created, "\(response.body.string)")
        return try response.content.decode(ActivityDetail.self)
    }

    /// Now on the platform's clock (China Standard Time), `HH:mm`: a meeting that starts now may open its sign-in.
    var clockTime: String {
        let moment = SignInOpening.Moment(app.dangjian.clock.now(), calendar: app.dangjian.clock.today())
        return String(format: "%02d:%02d", moment.minute / 60, moment.minute % 60)
    }

    func currentCode(_ id: Int) async throws -> String {
        let model = try #require(try await ActivityModel.find(id, on: app.db))
        let (code, mac) = ActivityWork.codes(for: model, rules: app.dangjian.rules)
        return code.code(atUnixTime: Int64(app.dangjian.clock.now().timeIntervalSince1970), mac: mac)
    }
}

@Suite("Organizational life: plan, sign in, record, report")
struct ActivityFlowTests {
    @Test("a theme day from plan to report: members sign in with the code, absences with reasons, minutes, follow-up, .docx")
    func wholeWay() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let planned = try await world.plannedThemeDay(token: token)
            let id = planned.summary.id
            let branchMembers = try await MemberModel.query(on: world.app.db).filter(\.$organizationID == world.organizationID("柳河镇东岗村党支部")).all()
                .filter { $0.status.isInRegister }
            #expect(planned.summary.expected == branchMembers.count && planned.summary.state == "planned")

            let memberToken = try await world.token("member")
            let early = try await world.send(.POST, "/api/v1/checkin", token: memberToken, json: ["code": "123456"])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("没有需要您签到"))
            #expect(try await world.send(.POST, "/api/v1/activities/\(id)/open", token: token).status == .ok)

            let wrong = try await world.send(.POST, "/api/v1/checkin", token: memberToken, json: ["code": "000000"])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("签到码不正确"))
            let code = try await world.currentCode(id)
            let signed = try await world.send(.POST, "/api/v1/checkin", token: memberToken, json: ["code": code])
            #expect(signed.status == .ok, "\(signed.body.string)")
            let live = try await world.send(.GET, "/api/v1/activities/\(id)/live", token: token).content.decode(ActivityLive.Snapshot.self)
            // The code may have moved on to the next two-minute window since it was typed (a loaded machine).
            let now = try await world.currentCode(id)
            #expect(live.present == 1 && (live.code == code || live.code == now) && live.signedIn.count == 1)
            let board = try await world.send(.GET, "/api/v1/board", token: world.token("town-secretary")).content.decode([ActivityLive.Snapshot].self)
            #expect(board.contains { $0.id == id && $0.code == nil && $0.present == 1 }, "the board never shows the code")
            let stranger = try await world.send(.POST, "/api/v1/checkin", token: world.token("town-secretary"), json: ["code": code])
            #expect(stranger.status == .unprocessableEntity, "not on this meeting's list")

            let absent = try #require(branchMembers.first { $0.name != live.signedIn[0] })
            let marked = try await world.send(.POST, "/api/v1/activities/\(id)/attendance", token: token,
                json: AttendanceInput(attendance: ["\(absent.id!)": "sick"], reason: ["\(absent.id!)": "住院治疗"]))
            #expect(marked.status == .ok, "\(marked.body.string)")
            let bad = try await world.send(.POST, "/api/v1/activities/\(id)/attendance", token: token, json: AttendanceInput(attendance: ["\(absent.id!)": "gone"]))
            #expect(bad.status == .unprocessableEntity)

            let short = try await world.send(.POST, "/api/v1/activities/\(id)/minutes", token: token, json: ["minutes": "短"])
            #expect(short.status == .unprocessableEntity && short.body.string.contains("会议记录"))
            let recorded = try await world.send(.POST, "/api/v1/activities/\(id)/minutes", token: token, json: [
                "minutes": "书记领学全会公报，党员逐一交流学习体会。", "decisions": "开展冬季送温暖走访\n整治党员活动室", "results": "统一了思想",
                "videoLinks": "https://video.example.cn/live/1",
            ])
            #expect(recorded.status == .ok, "\(recorded.body.string)")
            let held = try recorded.content.decode(ActivityDetail.self)
            #expect(held.summary.state == "held" && !held.attendance.contains { $0.status == .expected })
            #expect(held.attendance.filter { $0.status == .absent }.count == branchMembers.count - 2)

            let owner = branchMembers[0]
            let followUp = try await world.send(.POST, "/api/v1/activities/\(id)/followups", token: token,
                json: ["problem": "党员活动室消防器材过期", "ownerMemberID": "\(owner.id!)", "dueOn": world.app.dangjian.clock.today().adding(days: 10).description])
            #expect(followUp.status == .ok, "\(followUp.body.string)")
            let item = try #require(try followUp.content.decode(ActivityDetail.self).followUps.first)
            let closed = try await world.send(.POST, "/api/v1/activities/\(id)/followups/\(item.id)/close", token: token,
                json: ["closedOn": world.app.dangjian.clock.today().description, "outcome": "已更换灭火器 4 具"])
            #expect(try closed.content.decode(ActivityDetail.self).followUps[0].closedOn != nil)

            let report = try await world.send(.GET, "/api/v1/activities/\(id)/report", token: token).content.decode(ActivityReportView.self)
            let text = report.sections.flatMap(\.paragraphs).joined(separator: "\n")
            #expect(text.contains("\(absent.name)（病假，住院治疗）"))
            #expect(text.contains("1. 开展冬季送温暖走访") && text.contains("已更换灭火器 4 具"))
            let document = try await world.send(.GET, "/api/v1/activities/\(id)/report.docx", token: token)
            #expect(document.status == .ok)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).docx")
            try Data(document.body.readableBytesView).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let archive = try Archive(url: url, accessMode: .read)
            var xml = Data()
            _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
            let body = String(decoding: xml, as: UTF8.self)
            #expect(body.contains("学习贯彻党的二十届四中全会精神") && body.contains("住院治疗"))

            let record = try await world.send(.GET, "/api/v1/members/\(absent.id!)", token: token).content.decode(MemberDetail.self)
            #expect(record.activities.first?.activityID == id && record.activities.first?.status == .sick, "the member's record shows it, typed once")
            for action in ["activity.plan", "activity.open", "activity.checkin", "activity.attendance", "activity.held", "activity.followup"] {
                #expect(try await world.auditEntries(action: action).count >= 1, "\(action)")
            }
        }
    }

    @Test("planning explains what is wrong in Chinese; only higher levels send guidance; members cannot read activities")
    func refusals() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let missing = try await world.send(.POST, "/api/v1/activities", token: token, json: ["organizationID": "\(branch)", "kind": "group-meeting", "date": "2026-13-01"])
            #expect(missing.status == .unprocessableEntity)
            let body = missing.body.string
            #expect(body.contains("党小组会由党小组开展") && body.contains("活动主题") && body.contains("活动日期"))
            let planned = try await world.plannedThemeDay(token: token)
            _ = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/open", token: token)
            let own = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/guidance", token: token, json: ["text": "注意学习效果"])
            #expect(own.status == .forbidden)
            let town = try await world.token("town-secretary")
            let guided = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/guidance", token: town, json: ["text": "请结合村里实际谈体会"])
            #expect(guided.status == .ok)
            #expect(try await world.send(.GET, "/api/v1/activities/\(planned.summary.id)/live", token: token).content.decode(ActivityLive.Snapshot.self)
                .guidance.first?.text == "请结合村里实际谈体会")
            let member = try await world.token("member")
            #expect(try await world.send(.GET, "/api/v1/activities", token: member).status == .forbidden)
            let branchPath = try await world.organization("柳河镇东岗村党支部").path
            let otherBranch = try #require(try await OrganizationModel.query(on: world.app.db).filter(\.$kind == .branch)
                .filter(\.$path != branchPath).first()?.id)
            let outside = try await world.send(.POST, "/api/v1/activities", token: token, json: ["organizationID": "\(otherBranch)", "kind": "theme-day"])
            #expect(outside.status == .notFound)
            let session = try await world.browserLogin("branch-secretary")
            for path in ["/activities", "/activities/new", "/activities/new?organizationID=\(branch)", "/activities/\(planned.summary.id)",
                         "/activities/\(planned.summary.id)/screen", "/compliance", "/board", "/checkin"] {
                let page = try await session.get(path)
                #expect(page.status == .ok, "\(path): \(page.status)")
            }
        }
    }

    @Test("photos and short videos by content; a script dressed as a photo is refused")
    func media() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let planned = try await world.plannedThemeDay(token: token)
            func upload(_ name: String, _ bytes: [UInt8]) async throws -> TestingHTTPResponse {
                let (headers, body) = multipart(file: name, bytes: bytes, fields: ["caption": "集中学习"])
                var all = headers
                all.bearerAuthorization = BearerAuthorization(token: token)
                return try await world.app.testing().sendRequest(.POST, "/api/v1/activities/\(planned.summary.id)/attachments", headers: all, body: body)
            }
            #expect(try await upload("合影.jpg", Array("<svg onload=alert(1)>".utf8)).status == .unprocessableEntity)
            let video = try await upload("会议.mp4", [0, 0, 0, 0x20] + Array("ftypisom".utf8) + Array(repeating: 1, count: 100))
            #expect(video.status == .created)
            let pdf = try await upload("材料.pdf", Array("%PDF-1.7\n".utf8))
            #expect(pdf.status == .unprocessableEntity, "documents are not activity media")
            let oversized = try await upload("长视频.mp4", [0, 0, 0, 0x20] + Array("ftypisom".utf8) + Array(repeating: 0, count: 20 * 1_048_576 + 20_000))
            #expect(oversized.status == .unprocessableEntity && oversized.body.string.contains("文件过大"))
        }
    }
}

@Suite("Organizational life compliance")
struct ActivityComplianceTests {
    @Test("the grid counts what was held; what is missing near the end of the month is a to-do until it is held")
    func grid() async throws {
        try await withWorld { world in
            let clock = world.app.dangjian.clock
            // Two days before the end of a month the demo's history has not reached (it stops at the day it was loaded).
            let real = clock.today()
            let monthEnd = CompliancePeriod.containing(real.adding(days: 40), months: 1).end
            clock.moveCalendar(by: real.days(until: monthEnd.adding(days: -2)))
            let token = try await world.token("branch-secretary")
            let before = try await world.send(.GET, "/api/v1/todos", token: token).content.decode([ToDoService.Item].self)
            #expect(before.contains { $0.kind == "orglife.theme-day" && $0.subject == "柳河镇东岗村党支部" })

            let planned = try await world.plannedThemeDay(token: token)
            _ = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/minutes", token: token, json: ["minutes": "集中学习并开展志愿服务活动。"])
            let after = try await world.send(.GET, "/api/v1/todos", token: token).content.decode([ToDoService.Item].self)
            #expect(!after.contains { $0.kind == "orglife.theme-day" && $0.subject == "柳河镇东岗村党支部" })

            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let grid = try await world.send(.GET, "/api/v1/compliance?organizationID=\(branch)", token: token).content.decode(ComplianceGrid.self)
            let row = try #require(grid.rows.first)
            let cell = row.cells[clock.today().month - 1]
            #expect(cell.checks.contains { $0.kind == .themeDay && $0.state == .met })
            #expect(cell.checks.allSatisfy { $0.rule.contains("依据") })
            let county = try await world.send(.GET, "/api/v1/compliance", token: world.token("county-admin")).content.decode(ComplianceGrid.self)
            #expect(county.rows.count > 1)
            #expect(try await world.send(.GET, "/api/v1/compliance", token: world.token("member")).status == .forbidden)
            clock.moveCalendar(by: nil)
        }
    }
}

@Suite("民主评议 and the yearly ledger")
struct ReviewAndLedgerTests {
    @Test("grades with the one-third ceiling, probationary members not graded, the result on the member's record")
    func review() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let planned = try await world.send(.POST, "/api/v1/activities", token: token, json: [
                "organizationID": "\(branch)", "kind": "democratic-review", "topic": "2026年度民主评议党员",
                "date": world.app.dangjian.clock.today().description, "place": "村党群服务中心",
            ]).content.decode(ActivityDetail.self)
            let id = planned.summary.id
            let members = try await MemberModel.query(on: world.app.db).filter(\.$id ~~ planned.attendance.map(\.memberID)).all()
            let full = members.filter { $0.membership == .full }.sorted { $0.id! < $1.id! }
            let allowed = full.count / 3
            func grades(excellent: Int, extra: [String: String] = [:]) -> [String: String] {
                var map: [String: String] = [:]
                for (index, member) in full.enumerated() { map["\(member.id!)"] = index < excellent ? "excellent" : "qualified" }
                return map.merging(extra) { $1 }
            }
            struct Body: Content { let grade: [String: String]; let excellent: [String: String]?; var peer: [String: String]? = nil }
            let over = try await world.send(.POST, "/api/v1/activities/\(id)/review", token: token, json: Body(grade: grades(excellent: allowed + 1), excellent: nil))
            #expect(over.status == .unprocessableEntity && over.body.string.contains("最多 \(allowed) 人"), "\(over.body.string)")
            if let probationary = members.first(where: { $0.membership == .probationary }) {
                let graded = try await world.send(.POST, "/api/v1/activities/\(id)/review", token: token,
                    json: Body(grade: grades(excellent: 1, extra: ["\(probationary.id!)": "qualified"]), excellent: nil))
                #expect(graded.status == .unprocessableEntity && graded.body.string.contains("不评定等次"))
            }
            let tooManyVotes = try await world.send(.POST, "/api/v1/activities/\(id)/review", token: token,
                json: Body(grade: grades(excellent: 1), excellent: ["\(full[0].id!)": "99999"]))
            #expect(tooManyVotes.status == .unprocessableEntity)
            let saved = try await world.send(.POST, "/api/v1/activities/\(id)/review", token: token,
                json: Body(grade: grades(excellent: allowed), excellent: ["\(full[0].id!)": "0"], peer: ["\(full[0].id!)": "带头作用好，联系群众多"]))
            #expect(saved.status == .ok, "\(saved.body.string)")
            #expect(try saved.content.decode(ActivityDetail.self).attendance.first { $0.memberID == full[0].id }?.peerNote == "带头作用好，联系群众多")
            _ = try await world.send(.POST, "/api/v1/activities/\(id)/minutes", token: token, json: ["minutes": "个人自评、党员互评、民主测评后评定等次。"])
            let record = try await world.send(.GET, "/api/v1/members/\(full[0].id!)", token: token).content.decode(MemberDetail.self)
            #expect(record.activities.first { $0.activityID == id }?.gradeLabel == (allowed > 0 ? "优秀" : "合格"))
            #expect(try await world.auditEntries(action: "activity.review").count == 1)
            let page = try await world.browserLogin("branch-secretary").get("/activities/\(id)")
            #expect(page.status == .ok && page.body.string.contains("民主评议等次"))
        }
    }

    @Test("the ledger of a year as .xlsx and .docx, from the records")
    func ledger() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let planned = try await world.plannedThemeDay(token: token, topic: "台账测试主题党日")
            _ = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/minutes", token: token, json: ["minutes": "集中学习，交流体会，形成决议。", "decisions": "开展义务劳动"])
            for format in ["xlsx", "docx"] {
                let response = try await world.send(.GET, "/api/v1/activities/ledger?organizationID=\(branch)&format=\(format)", token: token)
                #expect(response.status == .ok)
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).\(format)")
                try Data(response.body.readableBytesView).write(to: url)
                defer { try? FileManager.default.removeItem(at: url) }
                let archive = try Archive(url: url, accessMode: .read)
                let part = format == "xlsx" ? "xl/worksheets/sheet1.xml" : "word/document.xml"
                var xml = Data()
                _ = try archive.extract(try #require(archive[part])) { xml.append($0) }
                let text = String(decoding: xml, as: UTF8.self)
                #expect(text.contains("台账测试主题党日") && text.contains("开展义务劳动"), "\(format)")
            }
            #expect(try await world.send(.GET, "/api/v1/activities/ledger?organizationID=\(branch)&format=pdf", token: token).status == .unprocessableEntity)
            #expect(try await world.send(.GET, "/api/v1/activities/ledger?organizationID=\(branch)", token: world.token("member")).status == .forbidden)
        }
    }
}

@Suite("Committee meetings")
struct CommitteeMeetingTests {
    @Test("a committee meeting is expected of the committee only, and is recorded only with more than half of it present")
    func quorum() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let planned = try await world.send(.POST, "/api/v1/activities", token: token, json: [
                "organizationID": "\(branch)", "kind": "committee-meeting", "topic": "研究本月支部工作",
                "date": world.app.dangjian.clock.today().description, "place": "村委会议室",
            ]).content.decode(ActivityDetail.self)
            let offices = try await CommitteeOfficeModel.query(on: world.app.db).filter(\.$organizationID == branch).filter(\.$until == nil).all()
            #expect(Set(planned.attendance.map(\.memberID)) == Set(offices.map(\.memberID)))
            let half = planned.attendance.count / 2
            var marks: [String: String] = [:]
            for (index, person) in planned.attendance.enumerated() { marks["\(person.memberID)"] = index < half ? "present" : "leave" }
            _ = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/attendance", token: token, json: AttendanceInput(attendance: marks))
            let refused = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/minutes", token: token, json: ["minutes": "研究本月工作安排，形成决议。"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("半数以上委员到会"))
            marks["\(planned.attendance[half].memberID)"] = "present"
            _ = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/attendance", token: token, json: AttendanceInput(attendance: marks))
            let held = try await world.send(.POST, "/api/v1/activities/\(planned.summary.id)/minutes", token: token, json: ["minutes": "研究本月工作安排，形成决议。"])
            #expect(held.status == .ok, "\(held.body.string)")
        }
    }
}

@Suite("流动党员 at meetings")
struct MobileMemberTests {
    @Test("a member flowing out is expected where they take part and marked away at home")
    func expectedWhereTheyAre() async throws {
        try await withWorld { world in
            let county = try await world.token("county-admin")
            let home = try await world.organizationID("柳河镇东岗村党支部")
            let host = try await world.organizationID("柳河镇西岗村党支部")
            let member = try await world.member(in: "柳河镇东岗村党支部")
            let badHost = try await world.send(.POST, "/api/v1/members/\(member.id!)/status", token: county,
                json: ["status": "mobile", "onDate": "2026-03-01", "mobileHostID": "\(home)"])
            #expect(badHost.status == .unprocessableEntity && badHost.body.string.contains("流入地党组织"))
            let moved = try await world.send(.POST, "/api/v1/members/\(member.id!)/status", token: county,
                json: ["status": "mobile", "onDate": "2026-03-01", "mobileHostID": "\(host)"])
            #expect(moved.status == .ok, "\(moved.body.string)")
            #expect(try moved.content.decode(MemberDetail.self).mobileHost == "柳河镇西岗村党支部")
            let today = world.app.dangjian.clock.today().description
            func plan(_ organization: Int) async throws -> ActivityDetail {
                try await world.send(.POST, "/api/v1/activities", token: county, json: [
                    "organizationID": "\(organization)", "kind": "theme-day", "topic": "主题党日", "date": today, "place": "党员活动室",
                ]).content.decode(ActivityDetail.self)
            }
            let there = try await plan(host)
            #expect(there.attendance.contains { $0.memberID == member.id && $0.status == .expected })
            let atHome = try await plan(home)
            #expect(atHome.attendance.contains { $0.memberID == member.id && $0.status == .away })
            let session = try await world.browserLogin("county-admin")
            #expect(try await session.get("/members/\(member.id!)").body.string.contains("柳河镇西岗村党支部"))
            #expect(try await session.get("/members/\(member.id!)/status").body.string.contains("流入地党组织"))
        }
    }
}
