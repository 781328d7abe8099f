import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// A case registered through the API and then moved in the database to just before `step`, with dates that satisfy
/// every rule, so that one test can look at one step.
func preparedCase(_ world: TestWorld, token: String, branch: OrganizationModel, before step: DevelopmentStep,
                  sponsors: [MemberModel]) async throws -> DevelopmentCaseModel {
    let created = try await world.send(.POST, "/api/v1/development", token: token,
        json: ["organizationID": "\(branch.id!)", "name": "孙向阳", "idNumber": DevelopmentFlowTests.applicant, "lateReason": "历史档案补录", "appliedOn": "2022-01-10"])
    #expect(created.status == .created, "\(created.body.string)")
    let id = try created.content.decode(DevelopmentDetail.self).summary.id
    let model = try #require(try await DevelopmentCaseModel.find(id, on: world.app.db))
    var development = model.development
    let people = sponsors.map { PersonFact(memberID: $0.id!, name: $0.name, isFullMember: true) }
    var day = CalendarDate(year: 2022, month: 1, day: 10)!
    for current in DevelopmentStep.allCases where current > .application && current < step {
        switch current {
        case .activistRecommendation: day = CalendarDate(year: 2022, month: 3, day: 1)!
        case .candidateDetermination: day = CalendarDate(year: 2023, month: 3, day: 1)!
        default: day = day.adding(days: 3)
        }
        development.records.append(StepRecord(step: current, date: day, people: people, conclusion: "合格", passed: true, trainingDays: 3,
                                              vote: VoteTally(entitled: 3, present: 3, yes: 3, no: 0, abstain: 0)))
    }
    model.development = development
    try await model.update(on: world.app.db)
    return model
}

@Suite("Development records: the vote roll, 留党察看, leaving the unit")
struct DevelopmentRollTests {
    @Test("a meeting vote is recorded with its roll: everyone with a vote listed, no probationary member, counts from the names")
    func roll() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organization("柳河镇东岗村党支部")
            let members = try await MemberModel.query(on: world.app.db).filter(\.$organizationID == branch.id!).filter(\.$status == .active).all()
            let full = members.filter { $0.membership == .full }
            #expect(full.count >= 4)
            let model = try await preparedCase(world, token: token, branch: branch, before: .admissionMeeting, sponsors: Array(full.prefix(2)))
            let path = "/api/v1/development/\(model.id!)/steps"
            var attendance = Dictionary(uniqueKeysWithValues: full.map { ("\($0.id!)", "present") })
            attendance["\(full[0].id!)"] = "written-yes"
            struct VoteStep: Content { let step: Int; let date: String; let attendance: [String: String]; let yes: String; let no: String; var lateReason = "历史档案补录" }

            var missing = attendance
            missing.removeValue(forKey: "\(full[1].id!)")
            let incomplete = try await world.send(.POST, path, token: token, json: VoteStep(step: 15, date: "2024-06-01", attendance: missing, yes: "2", no: "0"))
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.body.string.contains("未登记出席情况") && incomplete.body.string.contains(full[1].name))

            if let probationary = members.first(where: { $0.membership == .probationary }) {
                var withProbationary = attendance
                withProbationary["\(probationary.id!)"] = "present"
                let refused = try await world.send(.POST, path, token: token, json: VoteStep(step: 15, date: "2024-06-01", attendance: withProbationary, yes: "2", no: "0"))
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains("没有表决权"))
            }

            var thin = Dictionary(uniqueKeysWithValues: full.map { ("\($0.id!)", "absent") })
            thin["\(full[0].id!)"] = "present"
            let inquorate = try await world.send(.POST, path, token: token, json: VoteStep(step: 15, date: "2024-06-01", attendance: thin, yes: "1", no: "0"))
            #expect(inquorate.status == .unprocessableEntity)
            #expect(inquorate.body.string.contains("不能进行表决"))

            let present = full.count - 1
            let recorded = try await world.send(.POST, path, token: token,
                json: VoteStep(step: 15, date: "2024-06-01", attendance: attendance, yes: "\(present)", no: "0"))
            #expect(recorded.status == .ok, "\(recorded.body.string)")
            let detail = try recorded.content.decode(DevelopmentDetail.self)
            let line = try #require(detail.timeline.last)
            #expect(line.summary.contains("到会 \(present) 人") && line.summary.contains("\(full[0].name)（缺席，书面赞成）"))
            let stored = try #require(try await DevelopmentCaseModel.find(model.id, on: world.app.db)).development.record(.admissionMeeting)
            #expect(stored?.roll?.entries.count == full.count)
            #expect(stored?.vote == VoteTally(entitled: full.count, present: present, yes: present, no: 0, abstain: 0, writtenYes: 1))
        }
    }

    @Test("留党察看 on a member's record: no sponsoring while it lasts, no restoring before it ends, audited")
    func discipline() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organization("柳河镇东岗村党支部")
            let full = try await MemberModel.query(on: world.app.db).filter(\.$organizationID == branch.id!).filter(\.$status == .active)
                .filter(\.$membership == .full).sort(\.$id).all()
            let disciplined = full[2]
            let from = CalendarDate(Date()).adding(days: -30)
            let tooLong = try await world.send(.POST, "/api/v1/members/\(disciplined.id!)/discipline", token: token,
                json: ["action": "impose", "from": from.description, "years": "3", "note": "违反组织纪律"])
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("第三十九条"))
            let imposed = try await world.send(.POST, "/api/v1/members/\(disciplined.id!)/discipline", token: token,
                json: ["action": "impose", "from": from.description, "years": "1", "note": "违反组织纪律"])
            #expect(imposed.status == .ok, "\(imposed.body.string)")
            let record = try imposed.content.decode(MemberDetail.self)
            #expect(record.discipline?.inForce == true && record.discipline?.ends == from.adding(years: 1))

            let model = try await preparedCase(world, token: token, branch: branch, before: .sponsorsAssigned, sponsors: Array(full.prefix(2)))
            struct PeopleStep: Content { let step: Int; let date: String; let people: [Int] }
            let today = CalendarDate(Date()).description
            let refused = try await world.send(.POST, "/api/v1/development/\(model.id!)/steps", token: token,
                json: PeopleStep(step: 9, date: today, people: [full[0].id!, disciplined.id!]))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("留党察看"))

            let early = try await world.send(.POST, "/api/v1/members/\(disciplined.id!)/discipline", token: token,
                json: ["action": "restore", "restoredOn": today])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("才满"))
            #expect(try await world.auditEntries(action: "member.discipline").count == 1)
            let endingSoon = full[3]
            let started = CalendarDate(Date()).adding(years: -1).adding(days: 10)
            _ = try await world.send(.POST, "/api/v1/members/\(endingSoon.id!)/discipline", token: token,
                json: ["action": "impose", "from": started.description, "years": "1", "note": "违反廉洁纪律"])
            let todos = try await world.send(.GET, "/api/v1/todos", token: token).content.decode([ToDoService.Item].self)
            #expect(todos.contains { $0.kind == "discipline.review" && $0.subject == endingSoon.name && $0.due == started.adding(years: 1) })
            #expect(!todos.contains { $0.kind == "discipline.review" && $0.subject == disciplined.name }, "eleven months to go: not yet")
            let page = try await world.browserLogin("branch-secretary")
            let shown = try await page.get("/members/\(disciplined.id!)")
            #expect(shown.body.string.contains("起 1 年"), "\(shown.status) \(shown.body.string.suffix(3000))")
            #expect(try await page.get("/members/\(disciplined.id!)/discipline").status == .ok)
        }
    }

    @Test("a candidate expected to leave the unit within 3 months is not processed; clearing the date lets the step through")
    func leaving() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organization("柳河镇东岗村党支部")
            let full = try await MemberModel.query(on: world.app.db).filter(\.$organizationID == branch.id!).filter(\.$status == .active)
                .filter(\.$membership == .full).sort(\.$id).all()
            let model = try await preparedCase(world, token: token, branch: branch, before: .committeeReview, sponsors: Array(full.prefix(2)))
            let today = CalendarDate(Date())
            let set = try await world.send(.POST, "/api/v1/development/\(model.id!)/leaving", token: token,
                json: ["leavingOn": today.adding(days: 40).description, "note": "拟调往市区工作"])
            #expect(set.status == .ok)
            #expect(try set.content.decode(DevelopmentDetail.self).leavingOn == today.adding(days: 40))
            let refused = try await world.send(.POST, "/api/v1/development/\(model.id!)/steps", token: token,
                json: ["step": "12", "date": today.description])
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.content.decode(DevelopmentFlowTests.Refusal.self).error.rule?.id == "development.leaving-unit-months")
            _ = try await world.send(.POST, "/api/v1/development/\(model.id!)/leaving", token: token, json: ["leavingOn": ""])
            let allowed = try await world.send(.POST, "/api/v1/development/\(model.id!)/steps", token: token,
                json: ["step": "12", "date": today.description])
            #expect(allowed.status == .ok, "\(allowed.body.string)")
        }
    }
}

/// A multipart/form-data body with one file and text fields, as a browser sends it.
func multipart(file name: String, bytes: [UInt8], fields: [String: String], fileField: String = "file") -> (HTTPHeaders, ByteBuffer) {
    let boundary = "----dangjian\(UInt32.random(in: 0...UInt32.max))"
    var buffer = ByteBuffer()
    for (key, value) in fields {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n")
    }
    buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(name)\"\r\nContent-Type: image/jpeg\r\n\r\n")
    buffer.writeBytes(bytes)
    buffer.writeString("\r\n--\(boundary)--\r\n")
    return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], buffer)
}

@Suite("Development documents and notices")
struct DevelopmentDocumentTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 200)

    @Test("a scan is kept by its content, served only within scope, and a script dressed as a picture is refused")
    func attachments() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let caseID = try #require(try await DevelopmentCaseModel.query(on: world.app.db)
                .filter(\.$organizationID == world.organizationID("柳河镇东岗村党支部")).first()?.id)
            func upload(_ name: String, _ bytes: [UInt8], caption: String = "入党申请书") async throws -> TestingHTTPResponse {
                let (headers, body) = multipart(file: name, bytes: bytes, fields: ["caption": caption])
                var all = headers
                all.bearerAuthorization = BearerAuthorization(token: token)
                return try await world.app.testing().sendRequest(.POST, "/api/v1/development/\(caseID)/attachments", headers: all, body: body)
            }
            let disguised = try await upload("申请书.jpg", Array("<html><script>alert(1)</script></html>".utf8))
            #expect(disguised.status == .unprocessableEntity)
            #expect(disguised.body.string.contains("按文件内容判断"))
            var big = Self.png
            big += Array(repeating: 0, count: 10 * 1_048_576 + 20_000)
            let oversized = try await upload("big.png", big)
            #expect(oversized.status == .unprocessableEntity && oversized.body.string.contains("文件过大"))

            let kept = try await upload("../../扫描件.jpg", Self.png)
            #expect(kept.status == .created, "\(kept.body.string)")
            let view = try kept.content.decode(AttachmentView.self)
            #expect(view.fileName == "扫描件.png" && view.caption == "入党申请书")
            let stored = try #require(try await AttachmentModel.find(view.id, on: world.app.db))
            let onDisk = try Data(contentsOf: world.app.dangjian.attachments.location(of: stored.sha256))
            #expect(Array(onDisk) == Self.png)

            let served = try await world.send(.GET, view.url, token: token)
            #expect(served.status == .ok && Array(served.body.readableBytesView) == Self.png)
            #expect(served.headers.contentType?.description == "image/png")
            #expect(served.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
            let stranger = try await world.token("member")
            #expect(try await world.send(.GET, view.url, token: stranger).status == .notFound)
            #expect(try await world.send(.GET, "/api/v1/files/999999", token: stranger).status == .notFound)
            #expect(try await world.auditEntries(action: "development.attachment").count == 1)
            #expect(try await world.auditEntries(action: "file.read").count == 1, "the denied read is audited")
            let page = try await world.browserLogin("branch-secretary")
            #expect(try await page.get("/development/\(caseID)").body.string.contains("/files/\(view.id)"))
        }
    }

    @Test("a notice is published for its period of working days, seen by the branch's members, and can be withdrawn")
    func notices() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let cases = try await DevelopmentCaseModel.query(on: world.app.db).filter(\.$organizationID == branch).all()
            let waiting = try #require(cases.first { DevelopmentNotices.step(for: $0.development) == nil })
            let none = try await world.send(.POST, "/api/v1/development/\(waiting.id!)/notices", token: token, json: ["startsOn": ""])
            #expect(none.status == .unprocessableEntity)

            let due = try #require(cases.first { DevelopmentNotices.step(for: $0.development) != nil && !$0.closed && $0.development.nextStep != nil })
            let today = CalendarDate(Date())
            let published = try await world.send(.POST, "/api/v1/development/\(due.id!)/notices", token: token, json: ["startsOn": today.description])
            #expect(published.status == .created, "\(published.body.string)")
            let notice = try published.content.decode(NoticeView.self)
            #expect(notice.endsOn == today.endOfWorkingDays(5) && notice.state == "open")
            #expect(notice.body.contains(due.name) && notice.body.contains("公示时间"))

            let member = try await world.token("member")
            #expect(try await world.send(.GET, "/api/v1/notices", token: member).content.decode([NoticeView].self).contains { $0.id == notice.id })
            #expect(try await world.send(.GET, "/api/v1/notices/\(notice.id)", token: member).status == .ok)
            let auditor = try await world.token("auditor")
            #expect(try await world.send(.GET, "/api/v1/notices", token: auditor).content.decode([NoticeView].self).isEmpty)
            #expect(try await world.send(.GET, "/api/v1/notices/\(notice.id)", token: auditor).status == .notFound)

            let session = try await world.browserLogin("branch-secretary")
            #expect(try await session.get("/notices").body.string.contains(notice.title))
            #expect(try await session.get("/notices/\(notice.id)").status == .ok)
            #expect(try await session.get("/development/\(due.id!)/notice").status == .ok)
            #expect(try await session.post("/notices/\(notice.id)/withdraw", ["reason": ""]).status == .unprocessableEntity)
            #expect(try await session.post("/notices/\(notice.id)/withdraw", ["reason": "日期有误，重新发布"]).status == .seeOther)
            #expect(try await world.send(.GET, "/api/v1/notices/\(notice.id)", token: member).content.decode(NoticeView.self).state == "withdrawn")
            let memberPage = try await world.browserLogin("member")
            #expect(try await memberPage.post("/notices/\(notice.id)/withdraw", ["reason": "试图撤回"]).status == .forbidden)
        }
    }
}

@Suite("Rehearsal clock")
struct RehearsalClockTests {
    @Test("the calendar cannot be moved on a server started without DANGJIAN_REHEARSAL_CLOCK")
    func absent() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            #expect(try await world.send(.POST, "/rehearsal/calendar", token: token, json: ["days": 30]).status == .notFound)
            #expect(world.app.dangjian.clock.today() == CalendarDate(Date()))
        }
    }
}
