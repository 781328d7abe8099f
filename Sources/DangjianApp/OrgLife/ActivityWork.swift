import Crypto
import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct ActivityInput: Content {
    var organizationID: LenientID?
    var kind: String?
    var topic: String?
    var date: String?
    var startTime: String?
    var place: String?
    var hostMemberID: LenientID?
    var recorderMemberID: LenientID?
    var agenda: String?
    /// 谈心谈话: the people who talk.
    var participants: [LenientID]?
}

struct MinutesInput: Content {
    var minutes: String?
    /// One decision per line.
    var decisions: String?
    /// Members who spoke.
    var speakers: [LenientID]?
    var results: String?
    /// One link per line (live or recorded video).
    var videoLinks: String?
    /// The roll, saved with the record in one step: member id → present, leave, official, away, sick, absent.
    var attendance: [String: String]?
    var reason: [String: String]?

    /// Nothing of the record itself was filled in: only the roll is being saved.
    var recordsNothing: Bool {
        [minutes, decisions, results, videoLinks].allSatisfy { ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            && (speakers ?? []).isEmpty
    }
}

struct AttendanceInput: Content {
    /// member id → present, leave, official, away, sick, absent.
    var attendance: [String: String]?
    var reason: [String: String]?
}

struct FollowUpInput: Content {
    var problem: String?
    var ownerMemberID: LenientID?
    var dueOn: String?
}

struct CloseFollowUpInput: Content {
    var closedOn: String?
    var outcome: String?
}

/// Planning, sign-in, attendance, minutes, follow-ups and cancellation of activities.
enum ActivityWork {
    static func find(_ id: Int?, for permission: Permission, on request: Request) async throws -> ActivityModel {
        guard let id, let model = try await ActivityModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该活动，或它不在您负责的范围内")
        }
        guard try request.policy.allows(permission, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("activity.read", target: "activity", id: id, detail: "超出管理范围（\(permission.chinese)）")
            throw Abort(.notFound, reason: "没有找到该活动，或它不在您负责的范围内")
        }
        return model
    }

    static func text(_ value: String?, field: String, label: String, range: ClosedRange<Int>, required: Bool = true,
                     errors: inout [FieldError]) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty {
            if required { errors.append(FieldError(field: field, message: "请填写\(label)")) }
            return nil
        }
        guard range.contains(trimmed.count) else {
            errors.append(FieldError(field: field, message: "\(label)应为 \(range.lowerBound)–\(range.upperBound) 字"))
            return nil
        }
        return trimmed
    }

    /// Members in the register filed at `organization` or below it.
    static func membersUnder(_ organization: OrganizationModel, on database: any Database, limit: Int = 2000) async throws -> [MemberModel] {
        let path = organization.orgPath
        return try await MemberModel.query(on: database).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .sort(\.$path).sort(\.$name).limit(limit).all().filter { $0.status.isInRegister }
    }

    static func committee(of organizationID: Int, on database: any Database) async throws -> [MemberModel] {
        let offices = try await CommitteeOfficeModel.query(on: database).filter(\.$organizationID == organizationID).filter(\.$until == nil).all()
        let ids = Array(Set(offices.map(\.memberID)))
        guard !ids.isEmpty else { return [] }
        return try await MemberModel.query(on: database).filter(\.$id ~~ ids).sort(\.$name).all().filter { $0.status.isInRegister }
    }

    static func plan(_ input: ActivityInput, on request: Request) async throws -> ActivityModel {
        var errors: [FieldError] = []
        let today = request.today
        guard let organizationID = input.organizationID?.value else { throw FormProblems(field: "organizationID", "请选择开展活动的党组织") }
        let organization = try await OrganizationStore.find(organizationID, for: .activityWrite, on: request)
        guard let kind = input.kind.flatMap(ActivityKind.init(rawValue:)) else {
            throw FormProblems(field: "kind", "请选择活动类型（" + ActivityKind.allCases.map(\.chinese).joined(separator: "、") + "）")
        }
        if kind == .groupMeeting && organization.kind != .group {
            errors.append(FieldError(field: "kind", message: "党小组会由党小组开展，请选择党小组"))
        } else if kind != .groupMeeting && !(organization.kind.isBranchLike || organization.kind.isCommittee) {
            errors.append(FieldError(field: "organizationID", message: "\(organization.kind.chinese)不单独开展\(kind.chinese)，请选择党支部"))
        }
        let everyone = try await membersUnder(organization, on: request.db)
        let planned = schedule(input, everyone: everyone, today: today, errors: &errors)
        var expected: [MemberModel]
        switch kind {
        case .committeeMeeting:
            expected = try await committee(of: organization.id!, on: request.db)
            if expected.isEmpty { errors.append(FieldError(field: "kind", message: "该党组织尚未登记班子成员，请先在组织页面维护班子，再安排支部委员会会议")) }
        case .heartTalk:
            let ids = Set((input.participants ?? []).compactMap(\.value))
            expected = everyone.filter { ids.contains($0.id!) }
            if expected.count < 2 || expected.count != ids.count {
                errors.append(FieldError(field: "participants", message: "谈心谈话请选择 2 名以上本组织在册党员"))
            }
        default:
            // 流动党员 from elsewhere who take part here are expected too (their own branch marks them away).
            let incoming = try await MemberModel.query(on: request.db).filter(\.$mobileHostID == organization.id!)
                .filter(\.$status == .mobile).sort(\.$name).limit(500).all()
            expected = everyone + incoming.filter { visitor in !everyone.contains { $0.id == visitor.id } }
            if expected.isEmpty { errors.append(FieldError(field: "organizationID", message: "该党组织没有在册党员")) }
        }
        guard errors.isEmpty, let schedule = planned else { throw FormProblems(errors) }
        let (topic, date) = (schedule.topic, schedule.date)
        let model = ActivityModel()
        model.organizationID = organization.id!
        model.path = organization.path
        model.countyID = organization.countyID
        model.kind = kind
        model.topic = topic
        model.onDate = date
        model.startTime = schedule.startTime
        model.place = schedule.place
        model.hostMemberID = schedule.host?.id
        model.hostName = schedule.host?.name
        model.recorderMemberID = schedule.recorder?.id
        model.recorderName = schedule.recorder?.name
        model.agenda = schedule.agenda
        model.state = .planned
        model.signInSecret = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        model.decisions = "[]"
        model.speakers = "[]"
        model.videoLinks = "[]"
        let actor = try request.requireActor()
        model.accountID = actor.accountID
        let people = expected
        return try await request.write { database in
            try await model.create(on: database)
            // One multi-row INSERT per thousand people: a 党委's lecture may expect its whole subtree.
            for chunk in people.chunked(into: 1000) {
                let insert = database.sql.insert(into: AttendanceModel.schema).columns("activity_id", "county_id", "member_id", "name", "status", "reason")
                for member in chunk {
                    // 流动党员 take part where they are; here they are marked away until they sign in.
                    let away = member.status == .mobile && member.mobileHostID != organization.id
                    insert.values([SQLBind(model.id!), SQLBind(model.countyID), SQLBind(member.id!), SQLBind(member.name),
                                   SQLBind((away ? AttendanceStatus.away : .expected).rawValue),
                                   SQLBind(away ? "流动党员，在外参加组织生活" : nil as String?)])
                }
                try await insert.run()
            }
            // 会议通知 to everyone expected who has an account, in the message centre and as they chose.
            var accounts: [Int] = []
            struct AccountRow: Decodable { let id: Int }
            for chunk in people.compactMap(\.id).chunked(into: 1000) {
                accounts += try await database.sql.select().column("id").from(AccountModel.schema).where("member_id", .in, SQLBind.group(Array(chunk)))
                    .all(decoding: AccountRow.self).map(\.id)
            }
            let time: String = schedule.startTime.map { " \($0)" } ?? ""
            let notice = "会议通知：\(date.month)月\(date.day)日\(time) \(kind.chinese)“\(topic)”，地点：\(schedule.place)"
            try await Messages.send(to: accounts, path: organization.path, kind: "activity.planned", title: notice,
                                    link: "/calendar", at: request.now.timeIntervalSince1970, on: database)
            return (model, AuditEvent("activity.plan", target: "activity", id: model.id, organization: organization.id,
                                      detail: "\(organization.name)：\(date) \(kind.chinese)“\(topic)”，应到 \(people.count) 人"))
        }
    }

    static func isClockTime(_ text: String) -> Bool { SignInOpening.minuteOfDay(text) != nil }

    // MARK: Sign-in

    static func codes(for model: ActivityModel, rules: RuleBook) -> (SignInCode, (UInt64) -> [UInt8]) {
        let key = SymmetricKey(data: Data(base64Encoded: model.signInSecret) ?? Data())
        let code = SignInCode(windowSeconds: rules.value(.signInWindowSeconds))
        return (code, { counter in Array(HMAC<SHA256>.authenticationCode(for: SignInCode.counterBytes(counter), using: key)) })
    }

    /// When this meeting's sign-in may be opened (the rule 签到提前开放时间).
    static func opening(of model: ActivityModel, rules: RuleBook) -> SignInOpening {
        SignInOpening(date: model.onDate, startTime: model.startTime, minutesBefore: rules.value(.signInOpensMinutesBefore))
    }

    /// Opens sign-in from some time before the start until the end of the activity's day: the meeting shows on the
    /// live board and the code on the screen.
    static func open(_ model: ActivityModel, on request: Request) async throws {
        guard model.state == .planned else { throw FormProblems(field: "state", "活动\(model.state.chinese)，不能开启签到") }
        switch opening(of: model, rules: request.services.rules).verdict(at: .init(request.now, calendar: request.today)) {
        case .allowed: break
        case .opensAt(let moment):
            throw FormProblems(field: "state", "签到将于 \(moment.text(relativeTo: request.today)) 开放（会前 \(request.services.rules.value(.signInOpensMinutesBefore)) 分钟）")
        case .over:
            throw FormProblems(field: "state", "活动日期（\(model.onDate)）已过，不能再开启签到；请在下方直接登记出席情况")
        }
        model.state = .open
        let rows = try await AttendanceModel.query(on: request.db).filter(\.$activityID == model.id!).all()
        let officers = ActivityAttendance.officers(of: model, in: rows, now: request.now)
        try await request.write { database in
            for row in officers { try await row.update(on: database) }
            try await model.update(on: database)
            return ((), AuditEvent("activity.open", target: "activity", id: model.id, organization: model.organizationID,
                                   detail: "\(model.kind.chinese)“\(model.topic)”开始签到"))
        }
    }

    struct CheckInInput: Content {
        var code: String?
    }

    /// A member signs in with the code on the screen; the activity is found from the member's open invitations.
    static func checkIn(_ input: CheckInInput, on request: Request) async throws -> ActivityModel {
        let actor = try request.requireActor()
        guard let memberID = actor.memberID else { throw FormProblems(field: "code", "您的账号没有关联党员档案，不能签到") }
        let typed = (input.code ?? "").filter(\.isASCIIDigit)
        guard typed.count == 6 else { throw FormProblems(field: "code", "请输入主持人屏幕上的 6 位签到码") }
        // Six digits can be walked through: wrong codes are counted by account and by source, and refused past the limit.
        let moment = request.now.timeIntervalSince1970
        try await RateCounter.refuseIfReached(.signInCodesByAccount, key: String(actor.accountID), now: moment, on: request)
        try await RateCounter.refuseIfReached(.signInCodesBySource, key: request.rateSource, now: moment, on: request)
        let invitations = try await AttendanceModel.query(on: request.db).filter(\.$memberID == memberID).sort(\.$id, .descending).limit(50).all()
        let ids = invitations.map(\.activityID)
        let open = ids.isEmpty ? [] : try await ActivityModel.query(on: request.db).filter(\.$id ~~ ids).filter(\.$state == .open).all()
        guard !open.isEmpty else { throw FormProblems(field: "code", "目前没有需要您签到的活动") }
        let now = Int64(request.now.timeIntervalSince1970)
        let rules = request.services.rules
        guard let activity = open.first(where: { let (code, mac) = codes(for: $0, rules: rules); return code.accepts(typed, atUnixTime: now, mac: mac) }),
              let row = invitations.first(where: { $0.activityID == activity.id }) else {
            let wrong = try await RateCounter.hit(.signInCodesByAccount, key: String(actor.accountID), now: moment, on: request)
            try await RateCounter.hit(.signInCodesBySource, key: request.rateSource, now: moment, on: request)
            if wrong == RateLimit.signInCodesByAccount.limit {
                await request.auditDenied("activity.checkin", target: "member", id: memberID,
                                          detail: "签到码连续输错 \(wrong) 次，暂停签到至本时段结束")
            }
            throw FormProblems(field: "code", "签到码不正确或已更换，请输入主持人屏幕上的最新签到码")
        }
        // Marked present by hand or already signed in: nothing to do; the host and the recorder, present by default, sign in too.
        guard row.status != .present || row.method == "officer" else { return activity }
        row.status = .present
        row.method = "code"
        row.reason = nil
        row.signedAt = ISO8601DateFormatter().string(from: request.now)
        try await request.write { database in
            try await row.update(on: database)
            return ((), AuditEvent("activity.checkin", target: "activity", id: activity.id, organization: activity.organizationID,
                                   detail: "\(row.name)签到：\(activity.kind.chinese)“\(activity.topic)”"))
        }
        return activity
    }

    /// The secretary marks attendance by hand, with reasons for absence; the host and the recorder are present unless
    /// marked otherwise.
    static func mark(_ input: AttendanceInput, for model: ActivityModel, on request: Request) async throws {
        guard model.state != .cancelled else { throw FormProblems(field: "attendance", "活动已取消") }
        guard model.onDate <= request.today else { throw FormProblems(field: "attendance", "活动尚未开始，不能登记出席情况") }
        let rows = try await AttendanceModel.query(on: request.db).filter(\.$activityID == model.id!).all()
        let marked = try ActivityAttendance.apply(input.attendance, reasons: input.reason, to: rows, now: request.now)
        let changed = marked + ActivityAttendance.officers(of: model, in: rows, now: request.now)
        guard !changed.isEmpty else { return }
        let summary = ActivityAttendance.summary(changed)
        try await request.write { database in
            for row in changed { try await row.update(on: database) }
            return ((), AuditEvent("activity.attendance", target: "activity", id: model.id, organization: model.organizationID,
                                   detail: "登记出席情况 \(changed.count) 人：\(summary)"))
        }
    }

    /// Minutes, decisions, speakers, results and video links, with the roll as marked on the same form, in one
    /// transaction; the activity is then held, and anyone still not signed in is absent. A 支部委员会会议 needs more than
    /// half of its committee present; a 支部党员大会 records decisions only with more than half of its full members present.
    static func record(_ input: MinutesInput, for model: ActivityModel, on request: Request) async throws {
        var errors: [FieldError] = []
        guard model.state != .cancelled else { throw FormProblems(field: "minutes", "活动已取消") }
        guard model.onDate <= request.today else { throw FormProblems(field: "minutes", "活动日期（\(model.onDate)）未到，不能记录") }
        let minutes = text(input.minutes, field: "minutes", label: "会议记录", range: 10...20_000, errors: &errors)
        let results = text(input.results, field: "results", label: "活动成效", range: 2...2000, required: false, errors: &errors)
        let decisions = (input.decisions ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if decisions.contains(where: { $0.count > 300 }) { errors.append(FieldError(field: "decisions", message: "每条决议不超过 300 字")) }
        let links = (input.videoLinks ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for link in links where !(link.hasPrefix("https://") || link.hasPrefix("http://")) || link.count > 500 || link.contains(" ") {
            errors.append(FieldError(field: "videoLinks", message: "视频链接应以 http:// 或 https:// 开头：\(link.prefix(40))"))
        }
        let rows = try await AttendanceModel.query(on: request.db).filter(\.$activityID == model.id!).all()
        let speakerIDs = (input.speakers ?? []).compactMap(\.value)
        let speakers = speakerIDs.compactMap { id in rows.first { $0.memberID == id }?.name }
        if speakers.count != speakerIDs.count { errors.append(FieldError(field: "speakers", message: "发言人应为本次活动名单中的党员")) }
        let marked = try ActivityAttendance.apply(input.attendance, reasons: input.reason, to: rows, now: request.now)
            + ActivityAttendance.officers(of: model, in: rows, now: request.now)
        if model.kind == .committeeMeeting {
            let present = rows.count { $0.status == .present }
            if present * 2 <= rows.count {
                errors.append(FieldError(field: "attendance", message: "支部委员会会议须有半数以上委员到会（应到 \(rows.count) 人，实到 \(present) 人），\(request.services.rules[.committeeMeetingMonths].citation)"))
            }
        }
        if !decisions.isEmpty, let quorum = try await ActivityAttendance.quorum(of: model, rows: rows, on: request.db), !quorum.quorate {
            errors.append(FieldError(field: "decisions", message: "\(quorum.sentence)（依据\(MeetingQuorum.source)）。请核对出席情况；人数不足时，决议事项留待符合人数要求的党员大会"))
        }
        guard errors.isEmpty, let minutes else { throw FormProblems(errors) }
        let wasHeld = model.state == .held
        model.minutes = minutes
        model.results = results
        model.decisions = ActivityModel.json(decisions)
        model.speakers = ActivityModel.json(speakers)
        model.videoLinks = ActivityModel.json(links)
        model.state = .held
        let pending = rows.filter { $0.status == .expected }
        let markedIDs = Set(marked.map(\.memberID))
        let changed = marked + pending.filter { !markedIDs.contains($0.memberID) }
        try await request.write { database in
            for row in pending { row.status = .absent }
            for row in changed { try await row.update(on: database) }
            try await model.update(on: database)
            let roll = marked.isEmpty ? "" : "；登记出席情况：\(ActivityAttendance.summary(marked))"
            return ((), AuditEvent(wasHeld ? "activity.minutes" : "activity.held", target: "activity", id: model.id, organization: model.organizationID,
                                   detail: "\(model.kind.chinese)“\(model.topic)”\(wasHeld ? "修改记录" : "已开展")，出席 \(rows.count { $0.status == .present }) / \(rows.count) 人\(roll)"))
        }
    }

    struct CancelInput: Content {
        var reason: String?
    }

    static func cancel(_ input: CancelInput, for model: ActivityModel, on request: Request) async throws {
        var errors: [FieldError] = []
        guard model.state == .planned || model.state == .open else { throw FormProblems(field: "reason", "活动\(model.state.chinese)，不能取消") }
        guard let reason = text(input.reason, field: "reason", label: "取消原因", range: 2...200, errors: &errors) else { throw FormProblems(errors) }
        model.state = .cancelled
        model.cancelReason = reason
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("activity.cancel", target: "activity", id: model.id, organization: model.organizationID,
                                   detail: "取消\(model.kind.chinese)“\(model.topic)”：\(reason)"))
        }
    }

    static func addFollowUp(_ input: FollowUpInput, to model: ActivityModel, on request: Request) async throws {
        var errors: [FieldError] = []
        let problem = text(input.problem, field: "problem", label: "问题", range: 2...300, errors: &errors)
        var due: CalendarDate?
        if let parsed = input.dueOn.flatMap({ CalendarDate(parsing: $0.trimmingCharacters(in: .whitespaces)) }) {
            if parsed < model.onDate { errors.append(FieldError(field: "dueOn", message: "整改期限不能早于活动日期 \(model.onDate)")) }
            due = parsed
        } else {
            errors.append(FieldError(field: "dueOn", message: "请填写整改期限（年-月-日）"))
        }
        guard let organization = try await OrganizationModel.find(model.organizationID, on: request.db) else { throw Abort(.notFound) }
        var owner: MemberModel?
        if let id = input.ownerMemberID?.value {
            owner = try await membersUnder(organization, on: request.db).first { $0.id == id }
        }
        if owner == nil { errors.append(FieldError(field: "ownerMemberID", message: "请选择本组织在册党员作为责任人")) }
        guard errors.isEmpty, let problem, let due, let owner else { throw FormProblems(errors) }
        let item = FollowUpModel()
        item.activityID = model.id!
        item.organizationID = model.organizationID
        item.path = model.path
        item.problem = problem
        item.ownerMemberID = owner.id
        item.ownerName = owner.name
        item.dueOn = due
        try await request.write { database in
            try await item.create(on: database)
            return ((), AuditEvent("activity.followup", target: "activity", id: model.id, organization: model.organizationID,
                                   detail: "整改事项：\(problem)（\(owner.name)，\(due) 前）"))
        }
    }

    static func closeFollowUp(_ input: CloseFollowUpInput, item: FollowUpModel, on request: Request) async throws {
        var errors: [FieldError] = []
        if let closed = item.closedOn { throw FormProblems(field: "closedOn", "该整改事项已于 \(closed) 完成") }
        let closed = CommitteeEditing.date(input.closedOn, field: "closedOn", label: "完成日期", today: request.today, errors: &errors)
        let outcome = text(input.outcome, field: "outcome", label: "整改结果", range: 2...300, errors: &errors)
        guard errors.isEmpty, let closed, let outcome else { throw FormProblems(errors) }
        item.closedOn = closed
        item.outcome = outcome
        try await request.write { database in
            try await item.update(on: database)
            return ((), AuditEvent("activity.followup.close", target: "activity", id: item.activityID, organization: item.organizationID,
                                   detail: "整改完成：\(item.problem)；\(outcome)"))
        }
    }

    static let maximumMediaBytes = 20 * 1_048_576

    /// A photo or a short video of the activity (工作记实); longer videos go in as links.
    static func attach(_ request: Request, to model: ActivityModel) async throws -> AttachmentModel {
        try AttachmentStore.refuseOversized(request, maximumBytes: maximumMediaBytes)
        let input = try request.content.decode(DevelopmentWork.AttachmentInput.self)
        guard let file = input.file else { throw FormProblems(field: "file", "请选择要上传的照片或视频") }
        let actor = try request.requireActor()
        let attachment = try await request.services.attachments.keep(
            file, caption: input.caption, accepted: FileKind.media, maximumBytes: maximumMediaBytes,
            owner: .init(type: "activity", id: model.id!, organizationID: model.organizationID, path: model.path, permission: .activityRead),
            accountID: actor.accountID, on: request)
        return try await request.write { database in
            try await attachment.create(on: database)
            return (attachment, AuditEvent("activity.attachment", target: "activity", id: model.id, organization: model.organizationID,
                                           detail: "上传\(attachment.kind.chinese)“\(attachment.fileName)”（\(AttachmentView.readable(attachment.size))）"))
        }
    }

    struct GuidanceInput: Content {
        var text: String?
    }

    /// 事中指导 from the level above, shown on the meeting's screen.
    static func guide(_ input: GuidanceInput, to model: ActivityModel, on request: Request) async throws {
        var errors: [FieldError] = []
        guard model.state == .open else { throw FormProblems(field: "text", "只能对进行中的活动发送指导意见") }
        let path = OrgPath(stored: model.path)
        guard try request.policy.scopes(for: .activityRead).contains(where: { $0.contains(path) && $0 != path }) else {
            throw Abort(.forbidden, reason: "指导意见由上级党组织发送")
        }
        guard let text = text(input.text, field: "text", label: "指导意见", range: 2...300, errors: &errors) else { throw FormProblems(errors) }
        let actor = try request.requireActor()
        let note = GuidanceModel()
        note.activityID = model.id!
        note.accountID = actor.accountID
        note.authorName = actor.displayName
        note.text = text
        try await request.write { database in
            try await note.create(on: database)
            return ((), AuditEvent("activity.guidance", target: "activity", id: model.id, organization: model.organizationID,
                                   detail: "指导意见：\(text)"))
        }
    }
}
