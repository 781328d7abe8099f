import DangjianCore
import Fluent
import Vapor

/// 困难党员少交或免交党费: the member applies, the branch decides, the committee one level up approves. Only an
/// approved reduction changes what the ledger owes.
enum DuesReductions {
    struct ApplyInput: Content {
        /// Absent or the caller's own member id: the member applies; another id: the branch files it for them.
        var memberID: Int?
        var from: String?
        var through: String?
        var monthly: String?
        var reason: String?
    }

    struct DecideInput: Content {
        /// The branch: `agree` or `refuse`; one level up: `approve` or `refuse`.
        var decision: String?
        var note: String?
    }

    struct View: Content {
        let id: Int
        let memberID: Int
        let name: String
        let organizationID: Int
        let period: String
        let from: DuesMonth
        let through: DuesMonth
        let monthly: String
        let reason: String
        let state: DuesReductionState
        let stateLabel: String
        let appliedOn: CalendarDate
        let branchNote: String?
        let branchDecidedOn: CalendarDate?
        let higherNote: String?
        let higherDecidedOn: CalendarDate?
        let canBranchDecide: Bool
        let canApprove: Bool
    }

    /// `above`: the organization above the branch that holds the member (`LevelAbove.organization`).
    static func view(_ row: DuesReductionModel, above: OrgPath?, policy: AccessPolicy) -> View {
        let path = OrgPath(stored: row.path)
        let mine = row.memberID == policy.actor.memberID || row.accountID == policy.actor.accountID
        return View(id: row.id!, memberID: row.memberID, name: row.name, organizationID: row.organizationID, period: row.period.chinese,
                    from: row.period.from, through: row.period.through, monthly: Fen(row.monthlyFen).description, reason: row.reason,
                    state: row.state, stateLabel: row.state.chinese, appliedOn: row.appliedOn, branchNote: row.branchNote,
                    branchDecidedOn: row.branchDecidedOn, higherNote: row.higherNote, higherDecidedOn: row.higherDecidedOn,
                    canBranchDecide: row.state == .applied && !mine && policy.allows(.duesWrite, at: path),
                    canApprove: row.state == .branchAgreed && !mine && above.map { policy.allows(.duesWrite, at: $0) } == true)
    }

    static func views(_ rows: [DuesReductionModel], on request: Request) async throws -> [View] {
        let chains = try await OrganizationStore.chains(rows.map { OrgPath(stored: $0.path) }, on: request.db)
        let policy = try request.policy
        return rows.map { view($0, above: chains[OrgPath(stored: $0.path)].flatMap(LevelAbove.organization), policy: policy) }
    }

    static func apply(_ input: ApplyInput, on request: Request) async throws -> View {
        let actor = try request.requireActor()
        let own = input.memberID == nil || input.memberID == actor.memberID
        guard let id = input.memberID ?? actor.memberID else { throw FormProblems(field: "memberID", "您的账号没有关联党员档案，请指定申请的党员") }
        let member = own ? try await DuesWork.member(id, for: .duesRead, on: request) : try await DuesWork.member(id, for: .duesWrite, on: request)
        guard member.status.isInRegister else { throw FormProblems(field: "memberID", "\(member.name)不在册") }
        var errors: [FieldError] = []
        let from = input.from.flatMap(DuesMonth.init(parsing:))
        let through = input.through.flatMap(DuesMonth.init(parsing:))
        if from == nil { errors.append(FieldError(field: "from", message: "请填写起始月份（如 2026-09）")) }
        if through == nil { errors.append(FieldError(field: "through", message: "请填写截止月份（如 2027-08）")) }
        let monthly = Fen(yuan: input.monthly ?? "")
        if monthly == nil { errors.append(FieldError(field: "monthly", message: "请填写申请每月交纳的金额（元，免交填 0）")) }
        guard errors.isEmpty, let from, let through, let monthly else { throw FormProblems(errors) }
        let period = DuesPeriod(from: from, through: through)
        let fixed = try await DuesAssessmentModel.query(on: request.db).filter(\.$memberID == member.id!).filter(\.$year == from.year).first()
        let reason = input.reason?.trimmed ?? ""
        do {
            try DuesReductionRules(rules: request.services.rules).checkApplication(period: period, monthly: monthly, fixed: fixed.map { Fen($0.monthlyFen) },
                                                                                  reason: reason, today: request.today)
        } catch {
            let field = switch error { case .period: "from"; case .amount: "monthly"; case .reason: "reason"; case .state: "from" }
            throw FormProblems(field: field, error.message)
        }
        if try await DuesReductionModel.query(on: request.db).filter(\.$memberID == member.id!)
            .filter(\.$state ~~ [.applied, .branchAgreed]).first() != nil {
            throw FormProblems(field: "from", "\(member.name)已有一份正在办理的申请，请等待办结")
        }
        let row = DuesReductionModel()
        row.memberID = member.id!
        row.name = member.name
        row.organizationID = member.organizationID
        row.path = member.path
        row.fromMonth = from.description
        row.throughMonth = through.description
        row.monthlyFen = monthly.value
        row.reason = reason
        row.state = .applied
        row.appliedOn = request.today
        row.accountID = actor.accountID
        try await request.write { database in
            try await row.create(on: database)
            return ((), AuditEvent("dues.reduction-apply", target: "member", id: member.id, organization: member.organizationID,
                                   detail: "\(member.name)申请\(period.chinese)每月交纳 \(monthly) 元（\(own ? "本人申请" : "支部代为登记")）：\(reason)"))
        }
        return try await views([row], on: request)[0]
    }

    /// A reduction the caller may see: their own, or one within their dues scope; 404 otherwise.
    static func find(_ id: Int?, on request: Request) async throws -> DuesReductionModel {
        guard let id, let row = try await DuesReductionModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该申请，或其不在您负责的范围内")
        }
        let policy = try request.policy
        guard row.memberID == policy.actor.memberID || policy.allows(.duesRead, at: OrgPath(stored: row.path)) else {
            await request.auditDenied("dues.reduction", target: "dues_reduction", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到该申请，或其不在您负责的范围内")
        }
        return row
    }

    static func decide(_ row: DuesReductionModel, _ input: DecideInput, higher: Bool, on request: Request) async throws -> View {
        let policy = try request.policy
        let path = OrgPath(stored: row.path)
        let rules = DuesReductionRules(rules: request.services.rules)
        let note = input.note?.trimmed ?? ""
        guard (2...300).contains(note.count) else { throw FormProblems(field: "note", higher ? "请写明审批意见（2–300 字）" : "请写明支部研究的意见（如“支委会 9 月 3 日研究同意”，2–300 字）") }
        // Nobody decides on their own benefit: not the member, nor whoever filed the application for them.
        guard row.memberID != policy.actor.memberID, row.accountID != policy.actor.accountID else {
            await request.auditDenied(higher ? "dues.reduction-approve" : "dues.reduction-branch", target: "dues_reduction", id: row.id,
                                      detail: "本人的申请或本人提交的申请，不能由本人办理")
            throw Abort(.forbidden, reason: "本人的申请、或由您提交的申请，须由其他负责人办理")
        }
        let state: DuesReductionState
        do {
            if higher {
                // The organization above the branch that holds the member — never a 党小组 the branch could create.
                guard try await OrganizationStore.allowsAbove(path, .duesWrite, on: request) else {
                    await request.auditDenied("dues.reduction-approve", target: "dues_reduction", id: row.id, detail: "须由上一级党组织审批")
                    throw Abort(.forbidden, reason: "少交或免交党费须由支部的上一级党组织审批")
                }
                guard ["approve", "refuse"].contains(input.decision ?? "") else { throw FormProblems(field: "decision", "请选择批准（approve）或不批准（refuse）") }
                state = try rules.higherDecision(from: row.state, approve: input.decision == "approve")
            } else {
                guard policy.allows(.duesWrite, at: path) else { throw Abort(.notFound, reason: "没有找到该申请，或其不在您负责的范围内") }
                guard ["agree", "refuse"].contains(input.decision ?? "") else { throw FormProblems(field: "decision", "请选择同意（agree）或不同意（refuse）") }
                state = try rules.branchDecision(from: row.state, agree: input.decision == "agree")
            }
        } catch let problem as DuesReductionProblem {
            throw FormProblems(field: "decision", problem.message)
        }
        row.state = state
        if higher {
            row.higherNote = note
            row.higherDecidedOn = request.today
            row.higherOrganizationID = LevelAbove.organization(try await OrganizationStore.chain(path, on: request.db))?.lastID
        } else {
            row.branchNote = note
            row.branchDecidedOn = request.today
        }
        try await request.write { database in
            try await row.update(on: database)
            return ((), AuditEvent(higher ? "dues.reduction-approve" : "dues.reduction-branch", target: "dues_reduction", id: row.id,
                                   organization: row.organizationID, detail: "\(row.name)\(row.period.chinese)每月 \(Fen(row.monthlyFen)) 元：\(state.chinese)（\(note)）"))
        }
        return try await views([row], on: request)[0]
    }

    /// Applications within the caller's dues scope (or their own), newest first; open ones first when `open`.
    static func list(open: Bool, on request: Request) async throws -> [View] {
        let policy = try request.policy
        var rows: [DuesReductionModel] = []
        for scope in policy.scopes(for: .duesRead) {
            var query = DuesReductionModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
            if open { query = query.filter(\.$state ~~ [.applied, .branchAgreed]) }
            rows += try await query.sort(\.$id, .descending).limit(500).all()
        }
        if let own = policy.actor.memberID, !rows.contains(where: { $0.memberID == own }) {
            rows += try await DuesReductionModel.query(on: request.db).filter(\.$memberID == own).sort(\.$id, .descending).all()
        }
        return try await views(rows, on: request)
    }
}
