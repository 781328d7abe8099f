import DangjianCore
import Fluent
import Vapor

/// 党内温暖工程: an organization's fund with money in (财政拨款, 党组织划拨, 党员捐款) and help out to members in
/// difficulty under it. A grant is applied for — by the member or by whoever keeps their dues — and approved by the
/// fund's keepers, by someone other than whoever filed it, and only from what the fund holds.
enum WarmthWork {
    struct DonationInput: Content {
        var organizationID: Int?
        var source: String?
        var donor: String?
        var amount: String?
        var onDate: String?
        var note: String?
    }

    struct GrantInput: Content {
        /// The organization whose fund is asked: the member's own or one above it.
        var organizationID: Int?
        var memberID: Int?
        var amount: String?
        var reason: String?
    }

    struct DecisionInput: Content {
        /// `approve` or `refuse`.
        var decision: String?
        var note: String?
    }

    struct Entry: Content {
        let id: Int
        let organizationID: Int
        let kind: String
        let source: String?
        let party: String
        let memberID: Int?
        let amount: String
        let amountFen: Int
        let reason: String
        let state: String
        let stateLabel: String
        let onDate: CalendarDate
        let decidedOn: CalendarDate?
        let decisionNote: String?
        let canDecide: Bool
    }

    struct Fund: Content {
        let organizationID: Int
        let organization: String
        let received: String
        let granted: String
        let balance: String
        let balanceFen: Int
        let donations: [Entry]
        let grants: [Entry]
        let canWrite: Bool
    }

    static func balance(of organizationID: Int, on database: any Database) async throws -> Fen {
        let received = try await WarmthEntryModel.query(on: database).filter(\.$organizationID == organizationID).filter(\.$kind == .donation)
            .all(\.$amountFen).reduce(0, +)
        let granted = try await WarmthEntryModel.query(on: database).filter(\.$organizationID == organizationID).filter(\.$kind == .grant)
            .filter(\.$state == .done).all(\.$amountFen).reduce(0, +)
        return Fen(received - granted)
    }

    static func receive(_ input: DonationInput, on request: Request) async throws -> Entry {
        let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
        var errors: [FieldError] = []
        let today = request.today
        let onDate = CommitteeEditing.date(input.onDate ?? today.description, field: "onDate", label: "到账日期", today: today, errors: &errors)
        let source = input.source.flatMap { WarmthSource(rawValue: $0.trimmed) }
        if source == nil { errors.append(FieldError(field: "source", message: "请选择资金来源（fiscal 财政拨款、organization 党组织划拨、memberDonation 党员捐款）")) }
        let amount = Fen(yuan: input.amount ?? "")
        if (amount?.value ?? 0) == 0 { errors.append(FieldError(field: "amount", message: FundProblem.amount.message)) }
        let donor = input.donor?.trimmed ?? ""
        if !(2...100).contains(donor.count) { errors.append(FieldError(field: "donor", message: "请填写拨款单位或捐款人（2–100 字）")) }
        guard errors.isEmpty, let onDate, let source, let amount else { throw FormProblems(errors) }
        let row = WarmthEntryModel()
        row.organizationID = organization.id!
        row.path = organization.path
        row.kind = .donation
        row.source = source
        row.party = donor
        row.amountFen = amount.value
        row.reason = input.note?.trimmed.prefix(200).description ?? ""
        row.state = .done
        row.onDate = onDate
        row.accountID = try request.requireActor().accountID
        try await request.write { database in
            try await row.create(on: database)
            return ((), AuditEvent("warmth.receive", target: "organization", id: organization.id, organization: organization.id,
                                   detail: "党内温暖工程资金到账：\(source.chinese) \(donor) \(amount) 元"))
        }
        return view(row, policy: try request.policy)
    }

    static func apply(_ input: GrantInput, on request: Request) async throws -> Entry {
        let actor = try request.requireActor()
        guard let memberID = input.memberID ?? actor.memberID else { throw FormProblems(field: "memberID", "请指定申请补助的党员") }
        let own = memberID == actor.memberID
        let member = try await DuesWork.member(memberID, for: own ? .duesRead : .duesWrite, on: request)
        guard member.status.isInRegister else { throw FormProblems(field: "memberID", "\(member.name)不在册") }
        guard let fundID = input.organizationID, let fund = try await OrganizationModel.find(fundID, on: request.db),
              fund.orgPath.contains(OrgPath(stored: member.path)) else {
            throw FormProblems(field: "organizationID", "请选择\(member.name)所在党组织或其上级党组织的温暖工程资金")
        }
        var errors: [FieldError] = []
        let amount = Fen(yuan: input.amount ?? "")
        if (amount?.value ?? 0) == 0 { errors.append(FieldError(field: "amount", message: FundProblem.amount.message)) }
        let reason = input.reason?.trimmed ?? ""
        if !(4...300).contains(reason.count) { errors.append(FieldError(field: "reason", message: "请写明困难情况（4–300 字）")) }
        guard errors.isEmpty, let amount else { throw FormProblems(errors) }
        let row = WarmthEntryModel()
        row.organizationID = fund.id!
        row.path = fund.path
        row.kind = .grant
        row.party = member.name
        row.memberID = member.id
        row.amountFen = amount.value
        row.reason = reason
        row.state = .applied
        row.onDate = request.today
        row.accountID = actor.accountID
        try await request.write { database in
            try await row.create(on: database)
            return ((), AuditEvent("warmth.apply", target: "member", id: member.id, organization: member.organizationID,
                                   detail: "向\(fund.name)申请党内温暖工程补助 \(amount) 元（\(own ? "本人申请" : "代为申请")）：\(reason)"))
        }
        return view(row, policy: try request.policy)
    }

    static func decide(_ id: Int?, _ input: DecisionInput, on request: Request) async throws -> Entry {
        let policy = try request.policy
        guard let id, let row = try await WarmthEntryModel.find(id, on: request.db), row.kind == .grant,
              policy.allows(.duesRead, at: OrgPath(stored: row.path)) || row.memberID == policy.actor.memberID else {
            throw Abort(.notFound, reason: "没有找到该申请，或其不在您负责的范围内")
        }
        // Decided above the branch that holds the member (or, for help to someone not in the register, above the fund's
        // organization).
        var beneficiary = OrgPath(stored: row.path)
        if let memberID = row.memberID, let member = try await MemberModel.find(memberID, on: request.db) { beneficiary = member.orgPath }
        let aboveMember = try await OrganizationStore.allowsAbove(beneficiary, .duesWrite, on: request)
        guard policy.allows(.duesWrite, at: OrgPath(stored: row.path)), aboveMember, row.accountID != policy.actor.accountID,
              row.memberID != policy.actor.memberID else {
            await request.auditDenied("warmth.decide", target: "warmth_entry", id: id, detail: "须由支部上一级党组织中的其他负责人审批")
            throw Abort(.forbidden, reason: "补助申请须由党员所在支部的上一级党组织审批，且不能由受助党员本人或提交申请的人审批")
        }
        guard row.state == .applied else { throw FormProblems(field: "decision", "该申请已经办结（\(row.state.chinese)）") }
        let note = input.note?.trimmed ?? ""
        guard (2...300).contains(note.count) else { throw FormProblems(field: "note", "请写明审批意见（2–300 字）") }
        switch input.decision {
        case "approve":
            let balance = try await balance(of: row.organizationID, on: request.db)
            do { try FundRules().checkGrant(amount: Fen(row.amountFen), balance: balance) } catch {
                throw FormProblems(field: "decision", error.message)
            }
            row.state = .done
        case "refuse":
            row.state = .refused
        default:
            throw FormProblems(field: "decision", "请选择批准（approve）或不批准（refuse）")
        }
        row.decidedOn = request.today
        row.decisionNote = note
        try await request.write { database in
            try await row.update(on: database)
            return ((), AuditEvent("warmth.decide", target: "warmth_entry", id: row.id, organization: row.organizationID,
                                   detail: "\(row.party)的温暖工程补助 \(Fen(row.amountFen)) 元：\(row.state == .done ? "批准发放" : "不批准")（\(note)）"))
        }
        return view(row, policy: policy)
    }

    static func view(_ row: WarmthEntryModel, policy: AccessPolicy) -> Entry {
        Entry(id: row.id!, organizationID: row.organizationID, kind: row.kind.rawValue, source: row.source?.chinese, party: row.party, memberID: row.memberID,
              amount: Fen(row.amountFen).description, amountFen: row.amountFen, reason: row.reason, state: row.state.rawValue,
              stateLabel: row.kind == .donation ? "已到账" : row.state.chinese, onDate: row.onDate, decidedOn: row.decidedOn, decisionNote: row.decisionNote,
              canDecide: row.kind == .grant && row.state == .applied && policy.allows(.duesWrite, at: OrgPath(stored: row.path)) && row.accountID != policy.actor.accountID)
    }

    static func fund(_ organization: OrganizationModel, on request: Request) async throws -> Fund {
        let policy = try request.policy
        let rows = try await WarmthEntryModel.query(on: request.db).filter(\.$organizationID == organization.id!)
            .sort(\.$onDate, .descending).sort(\.$id, .descending).limit(1000).all()
        let received = rows.filter { $0.kind == .donation }.reduce(0) { $0 + $1.amountFen }
        let granted = rows.filter { $0.kind == .grant && $0.state == .done }.reduce(0) { $0 + $1.amountFen }
        return Fund(organizationID: organization.id!, organization: organization.name, received: Fen(received).description,
                    granted: Fen(granted).description, balance: Fen(received - granted).description, balanceFen: received - granted,
                    donations: rows.filter { $0.kind == .donation }.map { view($0, policy: policy) },
                    grants: rows.filter { $0.kind == .grant }.map { view($0, policy: policy) },
                    canWrite: policy.allows(.duesWrite, at: organization.orgPath))
    }

    /// A member's own applications, for their ledger.
    static func applications(of memberID: Int, on request: Request) async throws -> [Entry] {
        let policy = try request.policy
        return try await WarmthEntryModel.query(on: request.db).filter(\.$memberID == memberID).filter(\.$kind == .grant)
            .sort(\.$id, .descending).all().map { view($0, policy: policy) }
    }
}
