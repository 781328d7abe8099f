import DangjianCore
import Vapor

/// The organization a dues page is about: the one asked for when in scope, else the top of the caller's scope.
func duesOrganization(_ id: Int?, for permission: Permission, on request: Request) async throws -> OrganizationModel {
    if let id { return try await OrganizationStore.find(id, for: permission, on: request) }
    guard let root = try await OrganizationStore.scopeRoots(for: permission, on: request).first else {
        throw Abort(.notFound, reason: "您没有负责党费工作的党组织")
    }
    return root
}

/// 党费 pages: the branch's month, the year's fixing, a member's ledger, arrears, reductions, remittances, reports.
struct DuesPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let dues = routes.grouped("dues")
        dues.get(use: index).requires(.authenticated)
        dues.get("calculator", use: calculator).requires(.authenticated)
        dues.post("collect", use: collect).requires(.duesWrite)
        dues.get("fixing", use: fixingForm).requires(.duesWrite)
        dues.post("fixing", use: fix).requires(.duesWrite)
        dues.get("mine", use: mine).requires(.ownRecord)
        dues.get("members", ":id", use: member).requires(.ownRecord)
        dues.post("members", ":id", "pay", use: pay).requires(.duesWrite)
        dues.post("members", ":id", "void", use: void).requires(.duesWrite)
        dues.post("members", ":id", "voluntary", use: voluntary).requires(.duesWrite)
        dues.post("members", ":id", "review", use: review).requires(.duesWrite)
        dues.get("arrears", use: arrears).requires(.duesRead)
        dues.get("reductions", use: reductions).requires(.ownRecord)
        dues.post("reductions", use: applyReduction).requires(.ownRecord)
        dues.post("reductions", ":id", "branch", use: branchDecision).requires(.duesWrite)
        dues.post("reductions", ":id", "approve", use: approval).requires(.duesWrite)
        dues.get("remittances", use: remittances).requires(.duesRead)
        dues.post("remittances", use: remit).requires(.duesWrite)
        dues.get("report", use: report).requires(.duesRead)
        dues.get("publication", use: publication).requires(.ownRecord)
    }

    struct Query: Content {
        var organization: Int?
        var month: String?
        var year: Int?
        var from: String?
        var through: String?
        var format: String?
    }

    // MARK: 党费计算

    struct CalculatorPage {
        let layout: Layout
        let categories: [SelectOption]
        let typed: DuesCalculation.Input
        let result: DuesCalculation.Output?
        let errors: [FieldError]
    }

    /// A GET form: the figures are nobody's secret and nothing is written.
    @Sendable func calculator(_ request: Request) async throws -> Response {
        let input = try request.query.decode(DuesCalculation.Input.self)
        var result: DuesCalculation.Output?
        var errors: [FieldError] = []
        if input.category != nil {
            do { result = try DuesCalculation.calculate(input, rules: request.services.rules) } catch let problems as FormProblems { errors = problems.errors }
        }
        return try await Page(CalculatorPage(layout: Layout(request, title: "党费计算"), categories: Self.categories(input.category),
                                             typed: input, result: result, errors: errors).node)
            .encodeResponse(status: errors.isEmpty ? .ok : .unprocessableEntity, for: request)
    }

    static func categories(_ selected: String?) -> [SelectOption] {
        DuesCategory.allCases.map { SelectOption(value: $0.rawValue, label: $0.chinese, selected: $0.rawValue == selected) }
    }

    // MARK: 按月收缴

    struct SheetPage {
        struct Row {
            let row: DuesViews.SheetRow
            /// Ticked before a refused submission: kept, so that nothing is lost.
            let checked: Bool
        }
        let layout: Layout
        let sheet: DuesViews.Sheet
        let rows: [Row]
        let today: CalendarDate
        let methods: [SelectOption]
        /// What was typed into a refused form.
        let typed: DuesWork.CollectInput
        let errors: [FieldError]
    }

    struct ReportPage {
        let layout: Layout
        let report: DuesReports.Report
        let canWrite: Bool
        let xlsxLink: String
    }

    /// A branch shows its month; a committee its totals by the organizations under it.
    @Sendable func index(_ request: Request) async throws -> Response {
        guard try request.policy.holds(.duesRead) else { return request.redirect(to: "/dues/mine") }
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organization, for: .duesRead, on: request)
        guard organization.kind.isBranchLike else {
            return request.redirect(to: "/dues/report?organization=\(organization.id!)")
        }
        return try await renderSheet(request, organization, month: query.month, input: DuesWork.CollectInput(), errors: []).encodeResponse(for: request)
    }

    func renderSheet(_ request: Request, _ organization: OrganizationModel, month text: String?, input: DuesWork.CollectInput, errors: [FieldError]) async throws -> Page {
        let month = try request.month(text) ?? DuesMonth(request.today)
        let sheet = try await DuesViews.sheet(organization, month: month, on: request)
        return Page(SheetPage(
            layout: Layout(request, title: "\(organization.name) · \(month.chinese)党费"), sheet: sheet,
            rows: sheet.rows.map { SheetPage.Row(row: $0, checked: input.memberIDs?.contains($0.memberID) ?? false) }, today: request.today,
            methods: [DuesPaymentMethod.cash, .transfer].map { SelectOption(value: $0.rawValue, label: $0.chinese, selected: $0.rawValue == input.method) },
            typed: input, errors: errors).node)
    }

    @Sendable func collect(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DuesWork.CollectInput.self)
        do {
            _ = try await DuesWork.collect(input, on: request)
            return request.redirect(to: "/dues?organization=\(input.organizationID ?? 0)&month=\(input.month ?? "")&notice=saved")
        } catch let problems as FormProblems {
            let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
            return try await renderSheet(request, organization, month: input.month, input: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    // MARK: 核定

    struct FixForm: Content {
        var organizationID: Int?
        var year: Int?
        var category: [String: String]?
        var base: [String: String]?
        var reason: [String: String]?

        var input: DuesWork.FixInput {
            DuesWork.FixInput(year: year, entries: (category ?? [:]).keys.compactMap(Int.init).sorted().map { id in
                DuesWork.FixEntry(memberID: id, category: category?["\(id)"], baseIncome: base?["\(id)"], reason: reason?["\(id)"])
            })
        }
    }

    struct FixingPage {
        struct Row {
            let row: DuesViews.FixingRow
            let categories: [SelectOption]
            let base: String
            let reason: String
            let error: String?
        }
        let layout: Layout
        let sheet: DuesViews.FixingSheet
        let previousYear: Int
        let nextYear: Int
        let rows: [Row]
        let errors: [FieldError]
    }

    func renderFixing(_ request: Request, _ organization: OrganizationModel, year: Int, form: FixForm?, errors: [FieldError]) async throws -> Page {
        let sheet = try await DuesViews.fixingSheet(organization, year: year, cipher: request.services.cipher, on: request.db)
        let rows = sheet.rows.map { row in
            let key = "\(row.memberID)"
            return FixingPage.Row(row: row, categories: Self.categories(form?.category?[key] ?? row.category), base: form?.base?[key] ?? row.base ?? "",
                                  reason: form?.reason?[key] ?? "", error: errors.first { $0.field == "entries.\(key)" }?.message)
        }
        return Page(FixingPage(layout: Layout(request, title: "\(organization.name) · 核定\(year)年党费"),
                               sheet: sheet, previousYear: year - 1, nextYear: year + 1, rows: rows, errors: errors).node)
    }

    @Sendable func fixingForm(_ request: Request) async throws -> Page {
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organization, for: .duesWrite, on: request)
        return try await renderFixing(request, organization, year: try request.year(query.year), form: nil, errors: [])
    }

    @Sendable func fix(_ request: Request) async throws -> Response {
        let form = try request.content.decode(FixForm.self)
        let organization = try await OrganizationStore.find(form.organizationID, for: .duesWrite, on: request)
        do {
            _ = try await DuesWork.fix(form.input, on: request)
            return request.redirect(to: "/dues/fixing?organization=\(organization.id!)&year=\(try request.year(form.year))&notice=saved")
        } catch let problems as FormProblems {
            return try await renderFixing(request, organization, year: (try? request.year(form.year)) ?? request.today.year, form: form, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    // MARK: 党费账

    struct LedgerPage {
        let layout: Layout
        let ledger: DuesViews.MemberLedger
        let today: CalendarDate
        let currentMonth: DuesMonth
        let methods: [SelectOption]
        let pay: DuesWork.PayInput
        let voluntary: DuesWork.VoluntaryInput
        let review: DuesWork.ReviewInput
        let warmth: WarmthWork.GrantInput
        let void: DuesWork.VoidInput
        /// Receipts of the year shown, for taking a mistaken payment back.
        let receipts: [SelectOption]
        /// The member's organization and those above it: whose 党内温暖工程 fund an application may ask.
        let funds: [SelectOption]
        let errors: [FieldError]
    }

    struct LedgerForms {
        var pay = DuesWork.PayInput()
        var voluntary = DuesWork.VoluntaryInput()
        var review = DuesWork.ReviewInput()
        var warmth = WarmthWork.GrantInput()
        var void = DuesWork.VoidInput()
    }

    func renderLedger(_ request: Request, _ member: MemberModel, year: Int?, forms: LedgerForms = LedgerForms(), errors: [FieldError] = []) async throws -> Page {
        let ledger = try await DuesViews.ledger(member, year: year, on: request)
        var funds: [SelectOption] = []
        if let organization = try await OrganizationModel.find(member.organizationID, on: request.db) {
            let chain = try await OrganizationStore.ancestors(of: organization, on: request.db) + [organization]
            funds = chain.reversed().map { SelectOption(value: "\($0.id!)", label: $0.name, selected: $0.id == forms.warmth.organizationID) }
        }
        return Page(LedgerPage(
            layout: Layout(request, title: ledger.isOwn ? "我的党费" : "\(member.name)的党费账"), ledger: ledger, today: request.today,
            currentMonth: DuesMonth(request.today),
            methods: DuesPaymentMethod.allCases.map { SelectOption(value: $0.rawValue, label: $0.chinese, selected: $0.rawValue == forms.pay.method) },
            pay: forms.pay, voluntary: forms.voluntary, review: forms.review, warmth: forms.warmth, void: forms.void,
            receipts: ledger.lines.compactMap(\.receipt).uniqued().map { receipt in
                let months = ledger.lines.filter { $0.receipt == receipt }.map(\.label).joined(separator: "、")
                return SelectOption(value: receipt, label: "\(receipt)（\(months)）", selected: receipt == forms.void.receipt)
            },
            funds: funds, errors: errors).node)
    }

    @Sendable func mine(_ request: Request) async throws -> Response {
        guard let id = try request.requireActor().memberID else { throw Abort(.notFound, reason: "您的账号没有关联党员档案") }
        return request.redirect(to: "/dues/members/\(id)")
    }

    @Sendable func member(_ request: Request) async throws -> Page {
        let member = try await DuesWork.member(request.parameters.get("id", as: Int.self), for: .duesRead, hosted: true, on: request)
        return try await renderLedger(request, member, year: try request.year(try request.query.decode(Query.self).year))
    }

    func onMember(_ request: Request, hosted: Bool = false, _ work: (MemberModel) async throws -> Void,
                  forms: (inout LedgerForms) throws -> Void) async throws -> Response {
        let member = try await DuesWork.member(request.parameters.get("id", as: Int.self), for: .duesWrite, hosted: hosted, on: request)
        do {
            try await work(member)
            return request.redirect(to: "/dues/members/\(member.id!)?notice=saved")
        } catch let problems as FormProblems {
            var kept = LedgerForms()
            try forms(&kept)
            return try await renderLedger(request, member, year: nil, forms: kept, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func pay(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DuesWork.PayInput.self)
        return try await onMember(request, hosted: true, { _ = try await DuesWork.pay($0, input, on: request) }, forms: { $0.pay = input })
    }

    @Sendable func void(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DuesWork.VoidInput.self)
        return try await onMember(request, hosted: true, { try await DuesWork.void($0, input, on: request) }, forms: { $0.void = input })
    }

    @Sendable func voluntary(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DuesWork.VoluntaryInput.self)
        return try await onMember(request, { _ = try await DuesWork.voluntary($0, input, on: request) }, forms: { $0.voluntary = input })
    }

    @Sendable func review(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DuesWork.ReviewInput.self)
        return try await onMember(request, { try await DuesWork.review($0, input, on: request) }, forms: { $0.review = input })
    }

    // MARK: 欠交

    struct ArrearsPage {
        let layout: Layout
        let list: DuesViews.ArrearsList
        /// The rows of this page, of those the filter keeps.
        let rows: [DuesViews.OwingRow]
        /// How many the filter keeps, and what they owe.
        let kept: Int
        let keptOwed: String
        let firstShown: Int
        let organizations: [SelectOption]
        let filters: [SelectOption]
        let warning: Int
        let lapse: Int
        let previousLink: String?
        let nextLink: String?
    }

    struct ArrearsQuery: Content {
        var organization: Int?
        /// `warning` (连续未交达到提醒月数), `lapse` (达到视为自行脱党的月数), `unhandled` (待处置).
        var only: String?
        var page: Int?
    }

    static let arrearsPageSize = 50

    @Sendable func arrears(_ request: Request) async throws -> Page {
        let query = try request.query.decode(ArrearsQuery.self)
        let organization = try await duesOrganization(query.organization, for: .duesRead, on: request)
        let list = try await DuesViews.arrearsList(organization, on: request)
        let choices = try await OrganizationStore.inScope(for: .duesRead, on: request, limit: 500)
        let rules = request.services.rules
        let (warning, lapse) = (rules.value(.duesArrearsWarningMonths), rules.value(.duesLapseMonths))
        let kept = list.rows.filter { row in
            switch query.only {
            case "warning": row.consecutive >= warning
            case "lapse": row.consecutive >= lapse
            case "unhandled": row.consecutive >= warning && !row.handled
            default: true
            }
        }
        let pages = max(1, (kept.count + Self.arrearsPageSize - 1) / Self.arrearsPageSize)
        let page = min(max(query.page ?? 1, 1), pages)
        let shown = Array(kept.dropFirst((page - 1) * Self.arrearsPageSize).prefix(Self.arrearsPageSize))
        return Page(ArrearsPage(
            layout: Layout(request, title: "\(organization.name) · 党费欠交"), list: list, rows: shown, kept: kept.count,
            keptOwed: Fen(kept.reduce(0) { $0 + $1.owedFen }).description, firstShown: (page - 1) * Self.arrearsPageSize + 1,
            organizations: SelectOption.organizations(choices, selected: organization.id),
            filters: SelectOption.list([("warning", "连续 \(warning) 个月以上未交"), ("lapse", "连续 \(lapse) 个月以上未交"), ("unhandled", "待处置")],
                                       selected: query.only, blank: "全部欠交"),
            warning: warning, lapse: lapse,
            previousLink: page > 1 ? request.link(setting: "page", to: "\(page - 1)") : nil,
            nextLink: page < pages ? request.link(setting: "page", to: "\(page + 1)") : nil).node)
    }

    // MARK: 减免

    struct ReductionsPage {
        let layout: Layout
        let items: [DuesReductions.View]
        let canApply: Bool
        let typed: DuesReductions.ApplyInput
        let decision: DuesReductions.DecideInput
        let currentMonth: DuesMonth
        let errors: [FieldError]
    }

    func renderReductions(_ request: Request, input: DuesReductions.ApplyInput = .init(), decision: DuesReductions.DecideInput = .init(),
                          errors: [FieldError] = []) async throws -> Page {
        let actor = try request.requireActor()
        return Page(ReductionsPage(
            layout: Layout(request, title: "少交或免交党费"), items: try await DuesReductions.list(open: false, on: request),
            canApply: actor.memberID != nil, typed: input, decision: decision, currentMonth: DuesMonth(request.today), errors: errors).node)
    }

    @Sendable func reductions(_ request: Request) async throws -> Page { try await renderReductions(request) }

    @Sendable func applyReduction(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DuesReductions.ApplyInput.self)
        do {
            _ = try await DuesReductions.apply(input, on: request)
            return request.redirect(to: "/dues/reductions?notice=saved")
        } catch let problems as FormProblems {
            return try await renderReductions(request, input: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    func decide(_ request: Request, higher: Bool) async throws -> Response {
        let row = try await DuesReductions.find(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(DuesReductions.DecideInput.self)
        do {
            _ = try await DuesReductions.decide(row, input, higher: higher, on: request)
            return request.redirect(to: "/dues/reductions?notice=saved")
        } catch let problems as FormProblems {
            return try await renderReductions(request, decision: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func branchDecision(_ request: Request) async throws -> Response { try await decide(request, higher: false) }
    @Sendable func approval(_ request: Request) async throws -> Response { try await decide(request, higher: true) }

    // MARK: 上缴

    struct RemittancesPage {
        let layout: Layout
        let organizationID: Int
        let organization: String
        let year: Int
        let items: [DuesReports.Remittance]
        let canRemit: Bool
        let typed: DuesReports.RemitInput
        let today: CalendarDate
        let errors: [FieldError]
    }

    func renderRemittances(_ request: Request, _ organization: OrganizationModel, year: Int, input: DuesReports.RemitInput = .init(),
                           errors: [FieldError] = []) async throws -> Page {
        let period = DuesPeriod.year(year)
        let canRemit = try organization.parentID != nil && request.policy.allows(.duesWrite, at: organization.orgPath)
        return Page(RemittancesPage(
            layout: Layout(request, title: "\(organization.name) · 党费上缴"), organizationID: organization.id!, organization: organization.name,
            year: year, items: try await DuesReports.remittances(of: organization, period: period, on: request.db),
            canRemit: canRemit, typed: input, today: request.today, errors: errors).node)
    }

    @Sendable func remittances(_ request: Request) async throws -> Page {
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organization, for: .duesRead, on: request)
        return try await renderRemittances(request, organization, year: try request.year(query.year))
    }

    @Sendable func remit(_ request: Request) async throws -> Response {
        let input = try request.content.decode(DuesReports.RemitInput.self)
        do {
            let done = try await DuesReports.remit(input, on: request)
            return request.redirect(to: "/dues/remittances?organization=\(done.organizationID)&notice=saved")
        } catch let problems as FormProblems {
            let organization = try await OrganizationStore.find(input.organizationID, for: .duesWrite, on: request)
            return try await renderRemittances(request, organization, year: request.today.year, input: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    // MARK: 汇总、公示

    static func period(_ query: Query, on request: Request) throws -> DuesPeriod {
        let from = try request.month(query.from, field: "from") ?? .january(request.today.year)
        let through = try request.month(query.through, field: "through") ?? DuesMonth(request.today)
        guard from <= through else { throw FormProblems(field: "from", "起始月份不能晚于截止月份") }
        return DuesPeriod(from: from, through: through)
    }

    @Sendable func report(_ request: Request) async throws -> Response {
        let query = try request.query.decode(Query.self)
        let organization = try await duesOrganization(query.organization, for: .duesRead, on: request)
        let report = try await DuesReports.report(organization, period: try Self.period(query, on: request), on: request.db)
        if query.format == "xlsx" { return try await DuesReports.download(report, on: request) }
        return try await Page(ReportPage(
            layout: Layout(request, title: "\(organization.name) · 党费收缴汇总"), report: report,
            canWrite: try request.policy.allows(.duesWrite, at: organization.orgPath), xlsxLink: request.link(setting: "format", to: "xlsx")).node)
            .encodeResponse(for: request)
    }

    struct PublicationPage {
        let layout: Layout
        let publication: DuesReports.Publication
        let today: CalendarDate
        /// The publication of the caller's own branch, when this one is another organization's.
        let ownLink: String?
    }

    /// Published to the members: those with dues scope, and the members of the organization itself. Without an
    /// organization named, the top of the caller's dues scope (a town secretary's 党委, not the 机关党支部 they are a
    /// member of); a member without dues scope sees their own organization's.
    static func publicationOrganization(_ id: Int?, member: MemberModel?, on request: Request) async throws -> OrganizationModel {
        let policy = try request.policy
        if let member, let id, let organization = try await OrganizationModel.find(id, on: request.db),
           organization.orgPath.contains(member.orgPath) { return organization }
        if policy.holds(.duesRead) { return try await duesOrganization(id, for: .duesRead, on: request) }
        guard let member, id == nil, let organization = try await OrganizationModel.find(member.organizationID, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该党组织，或它不在您负责的范围内")
        }
        return organization
    }

    /// The caller's own record in the register, if the account has one.
    static func ownMember(_ request: Request) async throws -> MemberModel? {
        guard let own = try request.policy.actor.memberID else { return nil }
        return try await MemberModel.find(own, on: request.db)
    }

    @Sendable func publication(_ request: Request) async throws -> Page {
        let query = try request.query.decode(Query.self)
        let member = try await Self.ownMember(request)
        let organization = try await Self.publicationOrganization(query.organization, member: member, on: request)
        let year = try request.year(query.year)
        var ownLink: String?
        if let member, member.organizationID != organization.id {
            ownLink = "/dues/publication?organization=\(member.organizationID)&year=\(year)"
        }
        return Page(PublicationPage(
            layout: Layout(request, title: "\(organization.name)\(year)年党费收缴使用情况公示"),
            publication: try await DuesReports.publication(organization, year: year, today: request.today, on: request.db), today: request.today,
            ownLink: ownLink).node)
    }
}
