import DangjianCore
import Fluent
import Foundation
import Vapor

/// Writing dues: fixing the year's amounts, recording payments, voluntary payments, the branch's handling of arrears.
/// Each checks the Core rules, writes in one transaction and is audited.
enum DuesWork {
    /// A member whose dues the caller may see (`duesRead`, or their own) or keep (`duesWrite`); 404 otherwise. With
    /// `hosted`, also a 流动党员 whose recorded 流入地党组织 is in the caller's scope: they may pay there.
    static func member(_ id: Int?, for permission: Permission, hosted: Bool = false, on request: Request) async throws -> MemberModel {
        guard let id else { throw Abort(.notFound, reason: "没有找到该党员，或其不在您负责的范围内") }
        guard let member = try await members([id], for: permission, hosted: hosted, on: request)[id] else {
            throw Abort(.notFound, reason: "没有找到该党员，或其不在您负责的范围内")
        }
        return member
    }

    /// Several members at once, read in one query (a branch's sheet), each checked as `member` checks one; the first
    /// missing or out-of-scope one answers 404.
    static func members(_ ids: [Int], for permission: Permission, hosted: Bool = false, on request: Request) async throws -> [Int: MemberModel] {
        var found: [Int: MemberModel] = [:]
        for chunk in ids.chunked(into: 900) {
            for member in try await MemberModel.query(on: request.db).filter(\.$id ~~ Array(chunk)).all() { found[member.id!] = member }
        }
        var hosts: [Int: OrgPath] = [:]
        let hostIDs = hosted ? Array(Set(found.values.filter { $0.status == .mobile }.compactMap(\.mobileHostID))) : []
        if !hostIDs.isEmpty {
            for host in try await OrganizationModel.query(on: request.db).filter(\.$id ~~ hostIDs).all() { hosts[host.id!] = host.orgPath }
        }
        let policy = try request.policy
        for id in ids.sorted() {
            guard let member = found[id] else { throw Abort(.notFound, reason: "没有找到该党员，或其不在您负责的范围内") }
            let own = permission == .duesRead && member.id == policy.actor.memberID && policy.holds(.ownRecord)
            let host = member.status == .mobile ? member.mobileHostID.flatMap { hosts[$0] } : nil
            guard own || policy.allows(permission, at: OrgPath(stored: member.path)) || host.map({ policy.allows(permission, at: $0) }) == true else {
                await request.auditDenied("dues.read", target: "member", id: id, detail: "超出管理范围（\(permission.chinese)）")
                throw Abort(.notFound, reason: "没有找到该党员，或其不在您负责的范围内")
            }
        }
        return found
    }

    /// The 流入地党组织 of a 流动党员, where they may pay.
    static func host(of member: MemberModel, on database: any Database) async throws -> OrganizationModel? {
        guard member.status == .mobile, let hostID = member.mobileHostID else { return nil }
        return try await OrganizationModel.find(hostID, on: database)
    }

    // MARK: 核定

    struct FixEntry: Content {
        var memberID: Int
        var category: String?
        var baseIncome: String?
        var reason: String?
    }

    struct FixInput: Content {
        var year: Int?
        var entries: [FixEntry]
    }

    struct FixResult: Content {
        let year: Int
        let fixed: Int
        let changed: Int
    }

    /// Fixes (or, with a reason, changes) the year's monthly amount of each member listed; all or none.
    static func fix(_ input: FixInput, on request: Request) async throws -> FixResult {
        let today = request.today
        let rules = request.services.rules
        let year = input.year ?? today.year
        do { try DuesFixingRules(rules: rules).check(year: year, today: today, alreadyFixed: false, reason: nil) } catch {
            throw FormProblems(field: "year", error.message)
        }
        guard !input.entries.isEmpty else { throw FormProblems(field: "entries", "请至少核定一名党员的党费") }
        guard input.entries.count <= 2000 else { throw FormProblems(field: "entries", "一次最多核定 2000 名党员") }
        let ids = input.entries.map(\.memberID)
        guard Set(ids).count == ids.count else { throw FormProblems(field: "entries", "同一名党员只能出现一次") }
        let members = try await members(ids, for: .duesWrite, on: request)
        let existing = Dictionary(uniqueKeysWithValues: try await DuesAssessmentModel.query(on: request.db).filter(\.$memberID ~~ ids)
            .filter(\.$year == year).all().map { ($0.memberID, $0) })
        let calculator = DuesCalculator(rules: rules)
        let cipher = request.services.cipher
        var errors: [FieldError] = []
        var rows: [DuesAssessmentModel] = []
        var changed = 0
        let accountID = try request.requireActor().accountID
        for entry in input.entries {
            guard let member = members[entry.memberID] else { continue }
            let field = "entries.\(entry.memberID)"
            guard member.status.isInRegister else { errors.append(FieldError(field: field, message: "\(member.name)不在册，不核定党费")); continue }
            do {
                let amount = try DuesCalculation.amount(category: entry.category, baseIncome: entry.baseIncome, calculator: calculator)
                let previous = existing[entry.memberID]
                var same = false
                if let previous, previous.monthlyFen == amount.monthly.value, previous.category == amount.category {
                    same = try previous.base(cipher) == amount.base
                }
                if same { continue }
                do { try DuesFixingRules(rules: rules).check(year: year, today: today, alreadyFixed: previous != nil, reason: entry.reason) } catch {
                    errors.append(FieldError(field: field, message: "\(member.name)：\(error.message)"))
                    continue
                }
                let row = previous ?? DuesAssessmentModel()
                if previous != nil { changed += 1 }
                row.memberID = member.id!
                row.organizationID = member.organizationID
                row.path = member.path
                row.year = year
                row.category = amount.category
                row.monthlyFen = amount.monthly.value
                try row.seal(base: amount.base, explanation: amount.amount.explanation, cipher: cipher)
                row.fixedOn = today
                row.reason = previous == nil ? nil : entry.reason?.trimmed
                row.accountID = accountID
                rows.append(row)
            } catch let problems as FormProblems {
                errors += problems.errors.map { FieldError(field: field, message: "\(member.name)：\($0.message)") }
            }
        }
        guard errors.isEmpty else { throw FormProblems(errors) }
        let count = rows.count, saved = rows, changedCount = changed
        let organizations = Set(rows.map(\.organizationID))
        try await request.write { database in
            for row in saved { try await row.save(on: database) }
            return ((), AuditEvent("dues.fix", target: "organization", id: organizations.count == 1 ? organizations.first : nil,
                                   organization: organizations.count == 1 ? organizations.first : nil,
                                   detail: "核定\(year)年党费 \(count) 人，其中调整 \(changedCount) 人"))
        }
        return FixResult(year: year, fixed: count, changed: changed)
    }

    // MARK: 收缴

    struct PayInput: Content {
        var months: [String]?
        var paidOn: String?
        var method: String?
        var payer: String?
        var approval: String?
        /// Why a payment made more than 30 days ago is recorded only now (`LateRecordRule`).
        var lateReason: String?
    }

    /// The reason a late record needs, checked (`LateRecordRule`); nil for a payment recorded in time.
    static func lateReason(_ text: String?, paidOn: CalendarDate, on request: Request) throws -> String? {
        do { return try LateRecordRule(rules: request.services.rules).reason(text, for: paidOn, today: request.today) } catch {
            throw FormProblems(field: "lateReason", error.message)
        }
    }

    struct Receipt: Content {
        let receipt: String
        let months: [DuesMonth]
        let total: String
        let totalFen: Int
    }

    /// The payment the input describes, or the reasons it cannot be read.
    static func payment(_ input: PayInput, today: CalendarDate) throws -> DuesPaymentRules.Payment {
        var errors: [FieldError] = []
        let paidOn = CommitteeEditing.date(input.paidOn ?? today.description, field: "paidOn", label: "交纳日期", today: today, errors: &errors)
        let months = (input.months ?? []).compactMap { text -> DuesMonth? in
            guard let month = DuesMonth(parsing: text) else {
                errors.append(FieldError(field: "months", message: "月份“\(text)”应写作 2026-03"))
                return nil
            }
            return month
        }
        guard let method = DuesPaymentMethod(rawValue: input.method?.trimmed ?? "cash") else {
            throw FormProblems(errors + [FieldError(field: "method", message: "交纳方式只能是 cash（现金）、transfer（转账）或 proxy（他人代交）")])
        }
        guard errors.isEmpty, let paidOn else { throw FormProblems(errors) }
        return DuesPaymentRules.Payment(months: months, paidOn: paidOn, method: method, payer: input.payer?.trimmed, approval: input.approval?.trimmed)
    }

    static func check(_ payment: DuesPaymentRules.Payment, member: MemberModel, ledger known: DuesLedger? = nil, lateReason: String? = nil,
                      on request: Request) async throws -> [DuesPaymentModel] {
        let ledger = if let known { known } else { try await DuesStore.ledger(member, on: request.db) }
        let lines: [(month: DuesMonth, amount: Fen)]
        do { lines = try DuesPaymentRules(rules: request.services.rules).check(payment, ledger: ledger, today: request.today) } catch {
            throw FormProblems(field: "months", error.message)
        }
        let receipt = "DF" + payment.paidOn.description.replacingOccurrences(of: "-", with: "") + "-" + UUID().uuidString.prefix(6).uppercased()
        let accountID = try request.requireActor().accountID
        // The money stays with the organization that collected it: the member's own, or the 流入地 for a 流动党员.
        var collector = (id: member.organizationID, path: member.path)
        if try !request.policy.allows(.duesWrite, at: OrgPath(stored: member.path)), let host = try await host(of: member, on: request.db) {
            collector = (host.id!, host.path)
        }
        return lines.map { line in
            let row = DuesPaymentModel()
            row.memberID = member.id!
            row.organizationID = collector.id
            row.path = collector.path
            row.month = line.month.description
            row.amountFen = line.amount.value
            row.paidOn = payment.paidOn
            row.method = payment.method
            row.payer = payment.method == .proxy ? payment.payer : nil
            row.approval = payment.hasApproval ? payment.approval : nil
            row.receipt = receipt
            row.accountID = accountID
            row.lateReason = lateReason
            return row
        }
    }

    static func pay(_ member: MemberModel, _ input: PayInput, on request: Request) async throws -> Receipt {
        let payment = try payment(input, today: request.today)
        let late = try lateReason(input.lateReason, paidOn: payment.paidOn, on: request)
        let rows = try await check(payment, member: member, lateReason: late, on: request)
        guard let first = rows.first else { throw FormProblems(field: "months", "请选择要交纳的月份") }
        let total = Fen(rows.reduce(0) { $0 + $1.amountFen })
        let months = rows.map(\.month).joined(separator: "、")
        try await request.write { database in
            for row in rows { try await row.create(on: database) }
            return ((), AuditEvent("dues.pay", target: "member", id: member.id, organization: member.organizationID,
                                   detail: "\(member.name) 交纳党费 \(months) 共 \(total) 元（\(first.method.chinese)）" + (late.map { "；补录：\($0)" } ?? "")))
        }
        return Receipt(receipt: first.receipt, months: rows.compactMap { DuesMonth(parsing: $0.month) }, total: total.description, totalFen: total.value)
    }

    struct VoidInput: Content {
        var receipt: String?
        var reason: String?
    }

    /// 撤销 — a payment recorded by mistake is taken back whole (every month on its receipt), with the reason, by
    /// whoever keeps the books it was written to. The audit trail keeps what it was.
    static func void(_ member: MemberModel, _ input: VoidInput, on request: Request) async throws {
        let receipt = input.receipt?.trimmed ?? ""
        let rows = receipt.isEmpty ? [] : try await DuesPaymentModel.query(on: request.db).filter(\.$memberID == member.id!)
            .filter(\.$receipt == receipt).sort(\.$month).all()
        guard let first = rows.first else { throw FormProblems(field: "receipt", "没有找到该党员的收据“\(receipt)”") }
        guard try request.policy.allows(.duesWrite, at: OrgPath(stored: first.path)) else {
            await request.auditDenied("dues.void", target: "member", id: member.id, detail: "收据 \(receipt) 不在本人负责的账上")
            throw Abort(.forbidden, reason: "这笔党费记在其他党组织的账上，须由该党组织撤销")
        }
        let reason = input.reason?.trimmed ?? ""
        guard (4...200).contains(reason.count) else { throw FormProblems(field: "reason", "请写明撤销的原因（4–200 字）") }
        let months = rows.map(\.month).joined(separator: "、")
        let total = Fen(rows.reduce(0) { $0 + $1.amountFen })
        try await request.write { database in
            try await DuesPaymentModel.query(on: database).filter(\.$memberID == member.id!).filter(\.$receipt == receipt).delete()
            return ((), AuditEvent("dues.void", target: "member", id: member.id, organization: first.organizationID,
                                   detail: "撤销\(member.name)的党费收据 \(receipt)（\(months)，共 \(total) 元，\(first.paidOn) 交纳）：\(reason)"))
        }
    }

    struct CollectInput: Content {
        var organizationID: Int?
        var month: String?
        var paidOn: String?
        var method: String?
        var approval: String?
        var memberIDs: [Int]?
        var lateReason: String?
    }

    struct CollectResult: Content {
        let month: DuesMonth
        let members: Int
        let total: String
        let totalFen: Int
    }

    /// 按月收缴 — one month's dues for several members of a branch at once; all or none.
    static func collect(_ input: CollectInput, on request: Request) async throws -> CollectResult {
        let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
        guard let month = input.month.flatMap(DuesMonth.init(parsing:)) else { throw FormProblems(field: "month", "请选择收缴的月份（如 2026-03）") }
        let ids = Array(Set(input.memberIDs ?? []))
        guard !ids.isEmpty else { throw FormProblems(field: "memberIDs", "请勾选已交纳党费的党员") }
        let payment = try payment(PayInput(months: [month.description], paidOn: input.paidOn, method: input.method, approval: input.approval),
                                  today: request.today)
        guard payment.method != .proxy else { throw FormProblems(field: "method", "他人代交请在该党员的党费账中逐人记录") }
        let late = try lateReason(input.lateReason, paidOn: payment.paidOn, on: request)
        var rows: [DuesPaymentModel] = []
        var errors: [FieldError] = []
        let members = try await members(ids, for: .duesWrite, hosted: true, on: request)
        let facts = try await DuesStore.facts(memberIDs: ids, starts: members.mapValues { member in
            (member.joinedOn, DuesStore.endsOn(status: member.status, since: member.statusSince))
        }, window: nil, on: request.db)
        for id in ids.sorted() {
            guard let member = members[id] else { continue }
            guard member.organizationID == organization.id || (member.status == .mobile && member.mobileHostID == organization.id) else {
                errors.append(FieldError(field: "memberIDs", message: "\(member.name)不是\(organization.name)的党员"))
                continue
            }
            do {
                rows += try await check(payment, member: member, ledger: facts[id].map(DuesLedger.init), lateReason: late, on: request)
            } catch let problems as FormProblems {
                errors += problems.errors.map { FieldError(field: "memberIDs", message: "\(member.name)：\($0.message)") }
            }
        }
        guard errors.isEmpty else { throw FormProblems(errors) }
        let total = Fen(rows.reduce(0) { $0 + $1.amountFen })
        let count = rows.count, recorded = rows
        try await request.write { database in
            try await recorded.create(on: database)
            return ((), AuditEvent("dues.collect", target: "organization", id: organization.id, organization: organization.id,
                                   detail: "收缴\(month.chinese)党费 \(count) 人，共 \(total) 元（\(payment.method.chinese)）" + (late.map { "；补录：\($0)" } ?? "")))
        }
        return CollectResult(month: month, members: count, total: total.description, totalFen: total.value)
    }

    // MARK: 自愿多交

    struct VoluntaryInput: Content {
        var amount: String?
        var paidOn: String?
        var note: String?
    }

    struct VoluntaryResult: Content {
        let amount: String
        let toCentre: Bool
        let explanation: String
    }

    static func voluntary(_ member: MemberModel, _ input: VoluntaryInput, on request: Request) async throws -> VoluntaryResult {
        var errors: [FieldError] = []
        let paidOn = CommitteeEditing.date(input.paidOn ?? request.today.description, field: "paidOn", label: "交纳日期", today: request.today, errors: &errors)
        let amount = input.amount.flatMap { Fen(yuan: $0) }
        if (amount?.value ?? 0) == 0 { errors.append(FieldError(field: "amount", message: "请填写自愿交纳的金额（元，最多两位小数）")) }
        let note = input.note?.trimmed ?? ""
        if note.count > 200 { errors.append(FieldError(field: "note", message: "说明最多 200 字")) }
        guard errors.isEmpty, let amount, let paidOn else { throw FormProblems(errors) }
        let rules = DuesPaymentRules(rules: request.services.rules)
        let toCentre = rules.goesToCentre(amount)
        let threshold = request.services.rules[.duesCentreThresholdYuan]
        let explanation = toCentre ? "一次自愿交纳 \(amount) 元，达到 \(threshold.value) 元，全部上缴中央（\(threshold.source)）" : "自愿交纳 \(amount) 元，按规定管理使用"
        let row = DuesVoluntaryModel()
        row.memberID = member.id!
        row.organizationID = member.organizationID
        row.path = member.path
        row.amountFen = amount.value
        row.paidOn = paidOn
        row.toCentre = toCentre
        row.note = note.isEmpty ? nil : note
        row.accountID = try request.requireActor().accountID
        try await request.write { database in
            try await row.create(on: database)
            return ((), AuditEvent("dues.voluntary", target: "member", id: member.id, organization: member.organizationID,
                                   detail: "\(member.name)：\(explanation)"))
        }
        return VoluntaryResult(amount: amount.description, toCentre: toCentre, explanation: explanation)
    }

    // MARK: 欠交处置

    struct ReviewInput: Content {
        var reasonGiven: String?
        /// `yes` when the reason is a good one (正当理由).
        var justified: String?
        var decision: String?
    }

    /// Records how the branch handled the member's current run of unpaid months (talk, reasons, decision).
    static func review(_ member: MemberModel, _ input: ReviewInput, on request: Request) async throws {
        let today = request.today
        let arrears = try await DuesStore.ledger(member, on: request.db).arrears(on: today)
        let warning = request.services.rules[.duesArrearsWarningMonths]
        guard let since = arrears.since, arrears.consecutive >= warning.value else {
            throw FormProblems(field: "reasonGiven", "该党员没有连续 \(warning.value) 个月以上未交纳党费，无需处置")
        }
        var errors: [FieldError] = []
        let reason = input.reasonGiven?.trimmed ?? "", decision = input.decision?.trimmed ?? ""
        if !(2...300).contains(reason.count) { errors.append(FieldError(field: "reasonGiven", message: "请记录谈话中党员说明的原因（2–300 字）")) }
        if !(2...300).contains(decision.count) { errors.append(FieldError(field: "decision", message: "请记录支部的处理意见（2–300 字）")) }
        guard let justified = ["yes": true, "no": false][input.justified ?? ""] else {
            throw FormProblems(errors + [FieldError(field: "justified", message: "请选择原因是否正当（yes 或 no）")])
        }
        guard errors.isEmpty else { throw FormProblems(errors) }
        let row = DuesArrearsReviewModel()
        row.memberID = member.id!
        row.path = member.path
        row.sinceMonth = since.description
        row.months = arrears.consecutive
        row.reasonGiven = reason
        row.justified = justified
        row.decision = decision
        row.recordedOn = today
        row.accountID = try request.requireActor().accountID
        try await request.write { database in
            try await row.create(on: database)
            return ((), AuditEvent("dues.arrears-review", target: "member", id: member.id, organization: member.organizationID,
                                   detail: "\(member.name) 自\(since.chinese)起连续 \(arrears.consecutive) 个月未交党费；原因：\(reason)（\(justified ? "正当" : "不正当")）；处理：\(decision)"))
        }
    }
}
