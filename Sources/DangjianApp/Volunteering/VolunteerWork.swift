import DangjianCore
import Fluent
import Foundation
import Vapor

/// 志愿服务: an organization publishes an activity, members and residents sign up for it, the organizer confirms each
/// one's hours after it (at most the rule's cap credited, once), and a valid complaint takes them back (RULES.md §8).
enum VolunteerWork {
    struct ActivityInput: Content {
        var organizationID: LenientID?
        var title: String?
        var place: String?
        var details: String?
        /// `2026-12-05 09:00` (China time).
        var startsAt: String?
        var endsAt: String?
        var capacity: LenientID?
    }

    struct ConfirmInput: Content {
        struct Entry: Content {
            var accountID: LenientID?
            /// Hours served: `2`, `1.5`; empty or 0 for someone who did not come.
            var hours: String?
        }
        var entries: [Entry]?
    }

    struct ComplaintInput: Content {
        var accountID: LenientID?
        /// What the complaint found.
        var reason: String?
    }

    struct Signup: Content {
        let accountID: Int
        let name: String
        let state: VolunteerSignupState
        let stateLabel: String
        let servedHours: String?
        let creditedPoints: String?
    }

    struct View: Content {
        let id: Int
        let organizationID: Int
        let organizationName: String
        let title: String
        let place: String
        let details: String
        let startsAt: String
        let endsAt: String
        let plannedHours: String
        let capacity: Int
        let signedUp: Int
        let state: VolunteerActivityState
        let stateLabel: String
        /// Whether the caller is signed up, and may sign up or withdraw now.
        let mine: VolunteerSignupState?
        let canSignUp: Bool
        let canWithdraw: Bool
        /// For the organizer: everyone signed up, and whether hours may be confirmed now.
        let signups: [Signup]?
        let canConfirm: Bool
        let creditCapHours: String
    }

    struct Summary: Content {
        let id: Int
        let title: String
        let organizationName: String
        let place: String
        let startsAt: String
        let signedUp: Int
        let capacity: Int
        let stateLabel: String
        let mine: String?
    }

    // MARK: - Publishing

    static func create(_ input: ActivityInput, on request: Request) async throws -> VolunteerActivityModel {
        let actor = try request.requireActor()
        let organization = try await OrganizationStore.find(input.organizationID?.value, for: .serviceWrite, on: request)
        var problems: [FieldError] = []
        let title = input.title?.trimmed ?? ""
        if !(2...40).contains(title.count) { problems.append(FieldError(field: "title", message: "请填写活动名称（2–40 字），如“敬老院陪护”")) }
        let place = input.place?.trimmed ?? ""
        if !(2...60).contains(place.count) { problems.append(FieldError(field: "place", message: "请填写活动地点（2–60 字）")) }
        let details = input.details?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if details.count > 1000 { problems.append(FieldError(field: "details", message: "活动说明不超过 1000 字")) }
        let starts = input.startsAt.flatMap(ChinaClock.seconds(parsing:))
        let ends = input.endsAt.flatMap(ChinaClock.seconds(parsing:))
        let now = request.now.timeIntervalSince1970
        if starts == nil { problems.append(FieldError(field: "startsAt", message: "请填写开始时间（如 2026-12-05 09:00）")) }
        if ends == nil { problems.append(FieldError(field: "endsAt", message: "请填写结束时间（如 2026-12-05 11:00）")) }
        if let starts, let ends {
            if ends <= starts { problems.append(FieldError(field: "endsAt", message: "结束时间应晚于开始时间")) }
            if ends - starts > 86_400 { problems.append(FieldError(field: "endsAt", message: "一次活动不超过 24 小时；多日的活动请分次发布")) }
            if starts < now - 3600 { problems.append(FieldError(field: "startsAt", message: "开始时间已经过去，请发布以后的活动")) }
            if starts > now + 366 * 86_400 { problems.append(FieldError(field: "startsAt", message: "只能发布一年以内的活动")) }
        }
        let capacity = input.capacity?.value ?? 0
        if !(1...500).contains(capacity) { problems.append(FieldError(field: "capacity", message: "请填写招募人数（1–500）")) }
        guard problems.isEmpty, let starts, let ends else { throw FormProblems(problems) }
        let model = VolunteerActivityModel()
        model.organizationID = try organization.requireID()
        model.path = organization.path
        model.title = title
        model.place = place
        model.details = details
        model.startsAt = starts
        model.endsAt = ends
        model.capacity = capacity
        model.state = .open
        model.createdBy = actor.accountID
        model.createdAt = now
        return try await request.write { database in
            try await model.create(on: database)
            return (model, AuditEvent("volunteer.activity.create", target: "volunteer_activity", id: model.id, organization: model.organizationID,
                                      detail: "发布志愿服务“\(title)”（\(ChinaClock.text(starts))，招募 \(capacity) 人）"))
        }
    }

    static func cancel(_ model: VolunteerActivityModel, on request: Request) async throws {
        guard model.state == .open else { throw FormProblems(field: "state", "活动\(model.state.chinese)，不能取消") }
        guard request.now.timeIntervalSince1970 < model.endsAt else { throw FormProblems(field: "state", "活动已经结束，请确认时长而不是取消") }
        model.state = .cancelled
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("volunteer.activity.cancel", target: "volunteer_activity", id: model.id, organization: model.organizationID,
                                   detail: "取消志愿服务“\(model.title)”"))
        }
    }

    // MARK: - Finding

    /// An activity the caller organizes (serviceWrite at its organization); 404 otherwise, audited.
    static func organized(_ id: Int?, on request: Request) async throws -> VolunteerActivityModel {
        guard let id, let model = try await VolunteerActivityModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该志愿服务活动") }
        guard try request.policy.allows(.serviceWrite, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("volunteer.activity.read", target: "volunteer_activity", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到该志愿服务活动")
        }
        return model
    }

    /// Where a volunteer belongs: a resident's village, a member's branch.
    static func home(of actor: Actor, on database: any Database) async throws -> OrganizationModel? {
        try await DemandWork.home(of: actor, on: database)
    }

    /// An activity the caller may see: one published above or at where they belong, or one they organize.
    static func visible(_ id: Int?, on request: Request) async throws -> VolunteerActivityModel {
        guard let id, let model = try await VolunteerActivityModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该志愿服务活动") }
        if try request.policy.allows(.serviceWrite, at: OrgPath(stored: model.path)) { return model }
        let actor = try request.requireActor()
        if let home = try await home(of: actor, on: request.db), OrgPath(stored: model.path).contains(home.orgPath) { return model }
        await request.auditDenied("volunteer.activity.read", target: "volunteer_activity", id: id, detail: "不在活动面向的范围内")
        throw Abort(.notFound, reason: "没有找到该志愿服务活动")
    }

    static func signups(of activityID: Int, on database: any Database) async throws -> [VolunteerSignupModel] {
        try await VolunteerSignupModel.query(on: database).filter(\.$activityID == activityID).sort(\.$signedAt).all()
    }

    static func view(_ model: VolunteerActivityModel, on request: Request) async throws -> View {
        let id = try model.requireID()
        let actor = try request.requireActor()
        let all = try await signups(of: id, on: request.db)
        let active = all.filter { $0.state != .withdrawn }
        let mine = all.first { $0.accountID == actor.accountID }
        let now = request.now.timeIntervalSince1970
        let organizes = try request.policy.allows(.serviceWrite, at: OrgPath(stored: model.path))
        let rules = TimeBank.Rules(request.services.rules)
        let name = try await PublicView.organizationNames([model.organizationID], on: request.db)[model.organizationID] ?? ""
        var credited: [Int: Int] = [:]
        if organizes {
            for (row, transfer) in try await TimeBankStore.transfers(on: request.db, { $0.filter(\.$activityID == id) }) {
                guard let account = row.accountID else { continue }
                credited[account, default: 0] += transfer.movements.filter { $0.holder == .volunteer(account) }.reduce(0) { $0 + $1.tenths }
            }
        }
        return View(
            id: id, organizationID: model.organizationID, organizationName: name, title: model.title, place: model.place, details: model.details,
            startsAt: ChinaClock.text(model.startsAt), endsAt: ChinaClock.text(model.endsAt),
            plannedHours: ClassHours.text(plannedTenths(model)), capacity: model.capacity, signedUp: active.count,
            state: model.state, stateLabel: stateLabel(model, now: now), mine: mine?.state,
            canSignUp: model.state == .open && now < model.startsAt && active.count < model.capacity && (mine == nil || mine?.state == .withdrawn),
            canWithdraw: model.state == .open && now < model.startsAt && mine?.state == .signedUp,
            signups: organizes ? active.map { signup in
                Signup(accountID: signup.accountID, name: signup.name, state: signup.state, stateLabel: signup.state.chinese,
                       servedHours: signup.servedTenths.map(ClassHours.text), creditedPoints: credited[signup.accountID].map(ClassHours.text))
            } : nil,
            canConfirm: organizes && model.state == .open && now >= model.endsAt,
            creditCapHours: ClassHours.text(rules.creditCapTenths))
    }

    /// Activities for the volunteer (published where they belong or above, not yet over a week) or, with serviceWrite,
    /// those the caller organizes; newest first.
    static func list(organizing: Bool, on request: Request) async throws -> [Summary] {
        let actor = try request.requireActor()
        var models: [VolunteerActivityModel] = []
        if organizing {
            for scope in try request.policy.scopes(for: .serviceWrite) {
                models += try await VolunteerActivityModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                    .sort(\.$startsAt, .descending).limit(200).all()
            }
        } else if let home = try await home(of: actor, on: request.db) {
            let since = request.now.timeIntervalSince1970 - 7 * 86_400
            models = try await VolunteerActivityModel.query(on: request.db).filter(\.$organizationID ~~ home.orgPath.ids)
                .filter(\.$endsAt >= since).filter(\.$state != .cancelled).sort(\.$startsAt).limit(200).all()
        }
        let ids = models.compactMap(\.id)
        let all = ids.isEmpty ? [] : try await VolunteerSignupModel.query(on: request.db).filter(\.$activityID ~~ ids).all()
        let names = try await PublicView.organizationNames(Set(models.map(\.organizationID)), on: request.db)
        let now = request.now.timeIntervalSince1970
        return models.compactMap { model in
            guard let id = model.id else { return nil }
            let rows = all.filter { $0.activityID == id }
            return Summary(id: id, title: model.title, organizationName: names[model.organizationID] ?? "", place: model.place,
                           startsAt: ChinaClock.text(model.startsAt), signedUp: rows.filter { $0.state != .withdrawn }.count, capacity: model.capacity,
                           stateLabel: stateLabel(model, now: now), mine: rows.first { $0.accountID == actor.accountID }?.state.chinese)
        }
    }

    // MARK: - Signing up

    static func signUp(_ model: VolunteerActivityModel, on request: Request) async throws {
        let actor = try request.requireActor()
        let id = try model.requireID()
        let now = request.now.timeIntervalSince1970
        guard model.state == .open else { throw FormProblems(field: "activity", "活动\(model.state.chinese)，不能报名") }
        guard now < model.startsAt else { throw FormProblems(field: "activity", "活动已经开始，报名已截止") }
        let name = try await AccountModel.find(actor.accountID, on: request.db)?.displayName ?? actor.displayName
        try await request.write { database in
            // Two sign-ups for the last place at once: one waits for the other's count.
            try await database.lockRow(VolunteerActivityModel.schema, id: id)
            let rows = try await signups(of: id, on: database)
            let row = rows.first { $0.accountID == actor.accountID } ?? VolunteerSignupModel()
            guard row.id == nil || row.state == .withdrawn else { throw FormProblems(field: "activity", "您已经报名了这项活动") }
            guard rows.filter({ $0.state != .withdrawn }).count < model.capacity else { throw FormProblems(field: "activity", "报名人数已满（\(model.capacity) 人）") }
            row.activityID = id
            row.accountID = actor.accountID
            row.name = name
            row.state = .signedUp
            row.signedAt = now
            try await row.save(on: database)
            return ((), AuditEvent("volunteer.signup", target: "volunteer_activity", id: id, organization: model.organizationID,
                                   detail: "\(name)报名志愿服务“\(model.title)”"))
        }
    }

    static func withdraw(_ model: VolunteerActivityModel, on request: Request) async throws {
        let actor = try request.requireActor()
        let id = try model.requireID()
        guard request.now.timeIntervalSince1970 < model.startsAt else { throw FormProblems(field: "activity", "活动已经开始，不能取消报名") }
        guard let row = try await signups(of: id, on: request.db).first(where: { $0.accountID == actor.accountID }), row.state == .signedUp else {
            throw FormProblems(field: "activity", "您没有报名这项活动")
        }
        row.state = .withdrawn
        try await request.write { database in
            try await row.update(on: database)
            return ((), AuditEvent("volunteer.withdraw", target: "volunteer_activity", id: id, organization: model.organizationID,
                                   detail: "\(row.name)取消报名志愿服务“\(model.title)”"))
        }
    }

    // MARK: - Confirming hours

    /// After the activity: each one's hours (at most the cap credited, once), everyone not given hours marked absent.
    static func confirm(_ model: VolunteerActivityModel, _ input: ConfirmInput, on request: Request) async throws {
        let actor = try request.requireActor()
        let id = try model.requireID()
        guard model.state == .open else { throw FormProblems(field: "entries", "活动\(model.state.chinese)，不能再确认时长") }
        guard request.now.timeIntervalSince1970 >= model.endsAt else { throw FormProblems(field: "entries", "活动结束后才能确认服务时长") }
        let rows = try await signups(of: id, on: request.db).filter { $0.state == .signedUp }
        let length = plannedTenths(model)
        var hours: [Int: Int] = [:]
        var problems: [FieldError] = []
        for entry in input.entries ?? [] {
            guard let account = entry.accountID?.value, let row = rows.first(where: { $0.accountID == account }) else {
                problems.append(FieldError(field: "entries", message: "确认名单中有人没有报名这项活动"))
                continue
            }
            let typed = entry.hours?.trimmed ?? ""
            if typed.isEmpty || typed == "0" { continue }
            guard let tenths = TimeBank.tenths(parsing: typed), tenths > 0 else {
                problems.append(FieldError(field: "entries.\(account)", message: "\(row.name)的服务时长请填写小时数（如 2 或 1.5，最多 24）"))
                continue
            }
            guard tenths <= length else {
                problems.append(FieldError(field: "entries.\(account)", message: "\(row.name)的服务时长不能超过活动时长（\(ClassHours.text(length)) 小时）"))
                continue
            }
            hours[account] = tenths
        }
        guard problems.isEmpty else { throw FormProblems(problems) }
        let rules = TimeBank.Rules(request.services.rules)
        let organization = try await OrganizationModel.find(model.organizationID, on: request.db)
        guard let organization else { throw Abort(.notFound) }
        let today = request.today
        let now = request.now.timeIntervalSince1970
        let given = hours
        try await request.write { database in
            // A second organizer confirming at the same moment finds it confirmed, not a duplicate.
            try await database.lockRow(VolunteerActivityModel.schema, id: id)
            guard try await VolunteerActivityModel.find(id, on: database)?.state == .open else {
                throw FormProblems(field: "entries", "活动的时长已经确认过")
            }
            var credited = 0
            for row in rows {
                guard let tenths = given[row.accountID] else {
                    row.state = .absent
                    try await row.update(on: database)
                    continue
                }
                try await TimeBankStore.lock(volunteer: row.accountID, at: now, on: database)
                var ledger = try await TimeBankStore.ledger(ofVolunteer: row.accountID, on: database)
                let amount: Int
                do { amount = try ledger.confirm(tenths, volunteer: row.accountID, activity: id, on: today, rules: rules) } catch {
                    throw FormProblems(field: "entries.\(row.accountID)", "\(row.name)：\(refusal(error))")
                }
                guard let transfer = ledger.transfers.last else { continue }
                try await TimeBankStore.record(transfer, organization: organization, activityID: id, accountID: row.accountID,
                                               note: "志愿服务“\(model.title)”服务 \(ClassHours.text(tenths)) 小时，计入 \(ClassHours.text(amount)) 分",
                                               recordedBy: actor.accountID, at: now, on: database)
                row.state = .served
                row.servedTenths = tenths
                try await row.update(on: database)
                credited += amount
            }
            model.state = .confirmed
            model.confirmedAt = now
            try await model.update(on: database)
            return ((), AuditEvent("volunteer.confirm", target: "volunteer_activity", id: id, organization: model.organizationID,
                                   detail: "确认志愿服务“\(model.title)”：\(given.count) 人服务，\(rows.count - given.count) 人未到，共计入 \(ClassHours.text(credited)) 分"))
        }
    }

    /// A valid complaint: what the activity credited the volunteer is taken back; the hours no longer count as served.
    static func uphold(_ model: VolunteerActivityModel, _ input: ComplaintInput, on request: Request) async throws {
        let actor = try request.requireActor()
        let id = try model.requireID()
        let reason = input.reason?.trimmed ?? ""
        guard (4...200).contains(reason.count) else { throw FormProblems(field: "reason", "请写明投诉核实的情况（4–200 字）") }
        guard let account = input.accountID?.value,
              let row = try await signups(of: id, on: request.db).first(where: { $0.accountID == account && $0.state == .served }) else {
            throw FormProblems(field: "accountID", "只有已确认时长的志愿者才能因投诉撤销时长")
        }
        guard let organization = try await OrganizationModel.find(model.organizationID, on: request.db) else { throw Abort(.notFound) }
        let today = request.today
        let now = request.now.timeIntervalSince1970
        try await request.write { database in
            try await TimeBankStore.lock(volunteer: account, at: now, on: database)
            guard try await signups(of: id, on: database).contains(where: { $0.accountID == account && $0.state == .served }) else {
                throw FormProblems(field: "accountID", "这位志愿者的时长已经撤销过")
            }
            var ledger = try await TimeBankStore.ledger(ofVolunteer: account, on: database)
            let amount: Int
            do { amount = try ledger.uphold(complaintAgainst: account, activity: id, on: today) } catch {
                throw FormProblems(field: "accountID", "\(row.name)：\(refusal(error))")
            }
            if let transfer = ledger.transfers.last {
                try await TimeBankStore.record(transfer, organization: organization, activityID: id, accountID: account,
                                               note: "投诉成立：\(reason)", recordedBy: actor.accountID, at: now, on: database)
            }
            row.state = .upheld
            try await row.update(on: database)
            return ((), AuditEvent("volunteer.complaint", target: "volunteer_activity", id: id, organization: model.organizationID,
                                   detail: "志愿服务“\(model.title)”投诉成立，撤销\(row.name)的 \(ClassHours.text(amount)) 分：\(reason)"))
        }
    }

    /// Where an activity stands, as people say it: an open one is 报名中, 进行中 or waiting for its hours.
    static func stateLabel(_ model: VolunteerActivityModel, now: Double) -> String {
        guard model.state == .open else { return model.state.chinese }
        return now >= model.endsAt ? "已结束，待确认时长" : (now >= model.startsAt ? "进行中" : "报名中")
    }

    /// The activity's length in tenths of an hour.
    static func plannedTenths(_ model: VolunteerActivityModel) -> Int {
        let tenths = (model.endsAt - model.startsAt) / 360
        return tenths.isFinite ? Int(min(max(tenths, 0), 240).rounded()) : 0
    }

    static func refusal(_ error: any Error) -> String {
        guard let problem = error as? TimeBank.Problem else { return "无法记录" }
        return switch problem {
        case .alreadyCredited: "这项活动的时长已经计入过，同一活动只计一次"
        case .notCredited: "这项活动没有给他计入时长"
        case .hoursOutOfRange: "服务时长应在 0.1 到 24 小时之间"
        case .notEnoughPoints(let balance): "积分不足（现有 \(ClassHours.text(max(balance, 0))) 分）"
        case .alreadyExchangedThisQuarter(let on): "本季度的兑换次数已用完（上次兑换在 \(on)），下个季度再来"
        case .nothingMoved: "没有要兑换的物品"
        case .unbalanced: "账目不平，未记录"
        }
    }
}
