import DangjianCore
import Fluent
import Vapor

/// 党建经费 kept 专款专用: budgets by purpose, spending against them (with receipts), balances; spending outside a
/// purpose or past its budget is refused unless the keeper states why, which is recorded on the spending and audited
/// as `fund.override`.
enum FundWork {
    struct BudgetInput: Content {
        var organizationID: Int?
        var year: Int?
        var purpose: String?
        var amount: String?
        var note: String?
    }

    struct SpendInput: Content {
        var organizationID: Int?
        var purpose: String?
        var amount: String?
        var spentOn: String?
        var payee: String?
        var description: String?
        var overrideReason: String?
        var file: File?
        var caption: String?
    }

    struct Line: Content {
        let purpose: FundPurpose
        let label: String
        let budget: String?
        let budgetFen: Int?
        let spent: String
        let spentFen: Int
        let balance: String?
        let balanceFen: Int?
    }

    struct Spending: Content {
        let id: Int
        let purpose: FundPurpose
        let label: String
        let amount: String
        let amountFen: Int
        let spentOn: CalendarDate
        let payee: String
        let description: String
        let overrideReason: String?
        let attachments: [AttachmentView]
    }

    struct Ledger: Content {
        let organizationID: Int
        let organization: String
        let year: Int
        let lines: [Line]
        let spendings: [Spending]
        let budget: String
        let spent: String
        let canWrite: Bool
    }

    static func purpose(_ text: String?) throws -> FundPurpose {
        guard let purpose = text.flatMap({ FundPurpose(rawValue: $0.trimmed) }) else {
            throw FormProblems(field: "purpose", "请选择经费用途（" + FundPurpose.allCases.map { "\($0.rawValue)：\($0.chinese)" }.joined(separator: "；") + "）")
        }
        return purpose
    }

    static func setBudget(_ input: BudgetInput, on request: Request) async throws -> Ledger {
        let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
        let today = request.today
        let year = input.year ?? today.year
        guard (today.year - 1...today.year + 1).contains(year) else { throw FormProblems(field: "year", "只能编制\(today.year - 1)–\(today.year + 1)年的预算") }
        let purpose = try purpose(input.purpose)
        guard let amount = Fen(yuan: input.amount ?? "") else { throw FormProblems(field: "amount", "预算金额应为不小于 0 的金额（元，最多两位小数）") }
        let note = input.note?.trimmed ?? ""
        guard note.count <= 200 else { throw FormProblems(field: "note", "说明最多 200 字") }
        let row = try await FundBudgetModel.query(on: request.db).filter(\.$organizationID == organization.id!).filter(\.$year == year)
            .filter(\.$purpose == purpose).first() ?? FundBudgetModel()
        let before = row.id == nil ? nil : Fen(row.amountFen)
        row.organizationID = organization.id!
        row.path = organization.path
        row.year = year
        row.purpose = purpose
        row.amountFen = amount.value
        row.note = note.isEmpty ? nil : note
        row.accountID = try request.requireActor().accountID
        try await request.write { database in
            try await row.save(on: database)
            return ((), AuditEvent("fund.budget", target: "organization", id: organization.id, organization: organization.id,
                                   detail: "\(year)年“\(purpose.chinese)”预算 \(before.map { "由 \($0) 元调整为 " } ?? "")\(amount) 元"))
        }
        return try await ledger(organization, year: year, on: request)
    }

    static func spend(_ input: SpendInput, on request: Request) async throws -> Spending {
        let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
        let today = request.today
        var errors: [FieldError] = []
        let spentOn = CommitteeEditing.date(input.spentOn ?? today.description, field: "spentOn", label: "支出日期", today: today, errors: &errors)
        let amount = Fen(yuan: input.amount ?? "")
        if amount == nil { errors.append(FieldError(field: "amount", message: FundProblem.amount.message)) }
        let payee = input.payee?.trimmed ?? "", description = input.description?.trimmed ?? ""
        if !(2...100).contains(payee.count) { errors.append(FieldError(field: "payee", message: "请填写收款单位或个人（2–100 字）")) }
        if !(2...300).contains(description.count) { errors.append(FieldError(field: "description", message: "请写明支出事项（2–300 字）")) }
        let purpose: FundPurpose
        do { purpose = try Self.purpose(input.purpose) } catch let problems as FormProblems { throw FormProblems(errors + problems.errors) }
        guard errors.isEmpty, let spentOn, let amount else { throw FormProblems(errors) }
        let year = spentOn.year
        let budget = try await FundBudgetModel.query(on: request.db).filter(\.$organizationID == organization.id!).filter(\.$year == year)
            .filter(\.$purpose == purpose).first()
        let spent = try await FundSpendingModel.query(on: request.db).filter(\.$organizationID == organization.id!).filter(\.$year == year)
            .filter(\.$purpose == purpose).all(\.$amountFen).reduce(0, +)
        let reason = input.overrideReason?.trimmed
        let decision: FundRules.Decision
        do {
            decision = try FundRules().checkSpending(purpose: purpose, amount: amount, budget: budget.map { Fen($0.amountFen) }, spent: Fen(spent),
                                                     override: reason?.isEmpty == false ? reason : nil)
        } catch {
            let field = switch error { case .overrideReason: "overrideReason"; case .amount: "amount"; default: "purpose" }
            throw FormProblems(field: field, error.message)
        }
        let actor = try request.requireActor()
        let row = FundSpendingModel()
        row.organizationID = organization.id!
        row.path = organization.path
        row.year = year
        row.purpose = purpose
        row.amountFen = amount.value
        row.spentOn = spentOn
        row.payee = payee
        row.description = description
        row.overrideReason = decision.overridden == nil ? nil : reason
        row.accountID = actor.accountID
        var receipt: AttachmentModel?
        if let file = input.file, file.data.readableBytes > 0 {
            receipt = try await request.services.attachments.keep(
                file, caption: input.caption, accepted: FileKind.documents, maximumBytes: DevelopmentWork.maximumDocumentBytes,
                owner: .init(type: "fund-spending", id: 0, organizationID: organization.id!, path: organization.path, permission: .duesRead),
                accountID: actor.accountID, on: request)
        }
        let kept = receipt
        let detail = "\(organization.name)\(spentOn) 列支“\(purpose.chinese)” \(amount) 元（\(payee)：\(description)）"
        try await request.write { database in
            try await row.create(on: database)
            if let kept {
                kept.ownerID = row.id!
                try await kept.create(on: database)
            }
            if let overridden = decision.overridden {
                return ((), AuditEvent("fund.override", target: "fund_spending", id: row.id, organization: organization.id,
                                       detail: "\(detail)；\(overridden.message.components(separatedBy: "；").first ?? "")；列支理由：\(reason ?? "")"))
            }
            return ((), AuditEvent("fund.spend", target: "fund_spending", id: row.id, organization: organization.id, detail: detail))
        }
        return view(row, attachments: kept.map { [AttachmentView($0)] } ?? [])
    }

    /// A receipt added to a spending already recorded.
    static func attach(_ request: Request, to id: Int?) async throws -> AttachmentModel {
        guard let id, let row = try await FundSpendingModel.find(id, on: request.db), try request.policy.allows(.duesWrite, at: OrgPath(stored: row.path)) else {
            throw Abort(.notFound, reason: "没有找到该支出，或其不在您负责的范围内")
        }
        try AttachmentStore.refuseOversized(request, maximumBytes: DevelopmentWork.maximumDocumentBytes)
        let input = try request.content.decode(DevelopmentWork.AttachmentInput.self)
        guard let file = input.file else { throw FormProblems(field: "file", "请选择要上传的文件") }
        let actor = try request.requireActor()
        let attachment = try await request.services.attachments.keep(
            file, caption: input.caption, accepted: FileKind.documents, maximumBytes: DevelopmentWork.maximumDocumentBytes,
            owner: .init(type: "fund-spending", id: row.id!, organizationID: row.organizationID, path: row.path, permission: .duesRead),
            accountID: actor.accountID, on: request)
        return try await request.write { database in
            try await attachment.create(on: database)
            return (attachment, AuditEvent("fund.attachment", target: "fund_spending", id: row.id, organization: row.organizationID,
                                           detail: "支出凭证“\(attachment.fileName)”（\(AttachmentView.readable(attachment.size))）"))
        }
    }

    static func view(_ row: FundSpendingModel, attachments: [AttachmentView]) -> Spending {
        Spending(id: row.id!, purpose: row.purpose, label: row.purpose.chinese, amount: Fen(row.amountFen).description, amountFen: row.amountFen,
                 spentOn: row.spentOn, payee: row.payee, description: row.description, overrideReason: row.overrideReason, attachments: attachments)
    }

    static func ledger(_ organization: OrganizationModel, year: Int, on request: Request) async throws -> Ledger {
        let budgets = try await FundBudgetModel.query(on: request.db).filter(\.$organizationID == organization.id!).filter(\.$year == year).all()
        let spendings = try await FundSpendingModel.query(on: request.db).filter(\.$organizationID == organization.id!).filter(\.$year == year)
            .sort(\.$spentOn, .descending).sort(\.$id, .descending).all()
        let files = try await AttachmentModel.query(on: request.db).filter(\.$ownerType == "fund-spending")
            .filter(\.$ownerID ~~ spendings.map { $0.id! }).sort(\.$id).all()
        let byOwner = Dictionary(grouping: files, by: \.ownerID)
        let lines = FundPurpose.allCases.compactMap { purpose -> Line? in
            let budget = budgets.first { $0.purpose == purpose }?.amountFen
            let spent = spendings.filter { $0.purpose == purpose }.reduce(0) { $0 + $1.amountFen }
            guard budget != nil || spent > 0 else { return nil }
            return Line(purpose: purpose, label: purpose.chinese, budget: budget.map { Fen($0).description }, budgetFen: budget,
                        spent: Fen(spent).description, spentFen: spent, balance: budget.map { Fen($0 - spent).description }, balanceFen: budget.map { $0 - spent })
        }
        return Ledger(organizationID: organization.id!, organization: organization.name, year: year, lines: lines,
                      spendings: spendings.map { view($0, attachments: (byOwner[$0.id!] ?? []).map { AttachmentView($0) }) },
                      budget: Fen(budgets.reduce(0) { $0 + $1.amountFen }).description, spent: Fen(spendings.reduce(0) { $0 + $1.amountFen }).description,
                      canWrite: try request.policy.allows(.duesWrite, at: organization.orgPath))
    }
}
