import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 民情日记 pages and API: the member's diary with its form (a concern turned into a request in the same step), and the
/// branch's view of its members' visits by grid.
struct VisitDiaryRoutes: RouteCollection {
    var api = false

    struct OverviewQuery: Content {
        var organizationID: Int?
        /// 30 by default, at most 366.
        var days: Int?
    }

    func boot(routes: any RoutesBuilder) throws {
        let diary = routes.grouped("diary")
        if api {
            diary.api(.GET, requires: .ownRecord, summary: "本人的民情日记", use: mine)
            diary.api(.POST, requires: .ownRecord, summary: "记录一次走访（网格、农户、听到的情况、跟进打算）；填 demandCategory 即同时转为诉求",
                      body: VisitDiary.Input.self, status: .created, use: logAPI)
            diary.api(.POST, ":id", "demand", requires: .ownRecord, summary: "把一条民情日记转为诉求，进入诉求办理", body: VisitDiary.DemandInput.self,
                      status: .created, use: demandAPI)
            diary.api(.GET, "overview", requires: .memberRead, summary: "负责范围内党员的走访：按网格、楼栋统计，最近的记录", query: OverviewQuery.self,
                      use: overviewAPI)
        } else {
            diary.get(use: page).requires(.ownRecord)
            diary.post(use: log).requires(.ownRecord)
            diary.post(":id", "demand", use: demand).requires(.ownRecord)
            diary.get("overview", use: overview).requires(.memberRead)
        }
    }

    // MARK: - API

    @Sendable func mine(_ request: Request) async throws -> [VisitDiary.Visit] { try await VisitDiary.mine(on: request) }

    @Sendable func logAPI(_ request: Request, _ input: VisitDiary.Input) async throws -> VisitDiary.Visit {
        let model = try await VisitDiary.log(input, on: request)
        guard let view = try await VisitDiary.views([model], on: request.db).first else { throw Abort(.internalServerError) }
        return view
    }

    @Sendable func demandAPI(_ request: Request, _ input: VisitDiary.DemandInput) async throws -> VisitDiary.Visit {
        let model = try await VisitDiary.own(request.parameters.get("id", as: Int.self), on: request)
        try await VisitDiary.toDemand(model, input, on: request)
        guard let view = try await VisitDiary.views([model], on: request.db).first else { throw Abort(.internalServerError) }
        return view
    }

    static func overview(_ query: OverviewQuery, on request: Request) async throws -> VisitDiary.Overview {
        let organization: OrganizationModel
        if let id = query.organizationID {
            organization = try await OrganizationStore.find(id, for: .memberRead, on: request)
        } else if let root = try await OrganizationStore.scopeRoots(for: .memberRead, on: request).first {
            organization = root
        } else {
            throw Abort(.notFound, reason: "没有负责的党组织")
        }
        let days = query.days ?? 30
        guard (1...366).contains(days) else { throw FormProblems(field: "days", "统计天数为 1–366") }
        return try await VisitDiary.overview(organization, days: days, on: request)
    }

    @Sendable func overviewAPI(_ request: Request, _ query: OverviewQuery) async throws -> VisitDiary.Overview {
        try await Self.overview(query, on: request)
    }

    // MARK: - Pages

    func render(_ request: Request, typed: VisitDiary.Input = .init(), errors: [FieldError] = [], status: HTTPStatus = .ok) async throws -> Response {
        try await Page(VisitDiaryViews.DiaryPage(layout: Layout(request, title: "民情日记"), visits: try await VisitDiary.mine(on: request),
                                                 today: request.today, typed: typed, errors: errors).node)
            .encodeResponse(status: status, for: request)
    }

    @Sendable func page(_ request: Request) async throws -> Response { try await render(request) }

    @Sendable func log(_ request: Request) async throws -> Response {
        let input = try request.content.decode(VisitDiary.Input.self)
        do {
            _ = try await VisitDiary.log(input, on: request)
            return request.redirect(to: "/diary?notice=saved")
        } catch let problems as FormProblems {
            return try await render(request, typed: input, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func demand(_ request: Request) async throws -> Response {
        let model = try await VisitDiary.own(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(VisitDiary.DemandInput.self)
        do {
            let id = try await VisitDiary.toDemand(model, input, on: request)
            return request.redirect(to: "/requests/\(id)?notice=saved")
        } catch let problems as FormProblems {
            return try await render(request, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func overview(_ request: Request) async throws -> Page {
        let query = try request.query.decode(OverviewQuery.self)
        return Page(VisitDiaryViews.OverviewPage(layout: Layout(request, title: "民情日记：走访情况"),
                                                 overview: try await Self.overview(query, on: request)).node)
    }
}

enum VisitDiaryViews {
    struct DiaryPage {
        let layout: Layout
        let visits: [VisitDiary.Visit]
        let today: CalendarDate
        let typed: VisitDiary.Input
        let errors: [FieldError]

        var node: Node {
            Frame.page(layout) {
                h1 { "民情日记" }
                section(.class("card"), .id("new")) {
                    h2 { "记一次走访" }
                    p(.class("muted")) { "记下走访农户、住户时听到的情况；需要组织办理的，选一个诉求类别，保存时即转为诉求。不要记电话号码和身份证号。" }
                    Forms.errors(errors)
                    form(.method("post"), .action("/diary")) {
                        Forms.csrf(layout)
                        label { "网格、楼栋或村民小组"; input(.name("grid"), .value(typed.grid), .maxlength(20), .required(), .placeholder("如：三组")) }
                        label { "走访的农户、住户"; input(.name("household"), .value(typed.household), .maxlength(30), .required(), .placeholder("如：李家")) }
                        label { "走访日期"; input(.type("date"), .name("visitedOn"), .value(typed.visitedOn ?? today.description), .required()) }
                        label { "听到的情况和诉求"; textarea(.name("heard"), .rows(4), .maxlength(1000), .required()) { typed.heard ?? "" } }
                        label { "跟进打算（可选）"; textarea(.name("followUp"), .rows(2), .maxlength(500)) { typed.followUp ?? "" } }
                        Forms.choice("转为诉求", name: "demandCategory", SelectOption.list(DemandCategory.allCases.map { ($0.rawValue, $0.chinese) },
                                                                                       selected: typed.demandCategory ?? "", blank: "不转为诉求"))
                        button(.class("primary")) { "保存" }
                    }
                }
                h2 { "我的走访" }
                if visits.isEmpty {
                    p(.class("card muted")) { "还没有记录。" }
                } else {
                    for visit in visits {
                        article(.class("card visit")) {
                            h3 { "\(visit.visitedOn) · \(visit.grid) · \(visit.household)" }
                            p(.class("demand-text")) { visit.heard }
                            if !visit.followUp.isEmpty { p(.class("muted")) { "跟进：\(visit.followUp)" } }
                            if let demandID = visit.demandID {
                                p { a(.href("/requests/\(demandID)")) { "已转为诉求，查看办理进度" } }
                            } else {
                                form(.method("post"), .action("/diary/\(visit.id)/demand"), .class("row-form")) {
                                    Forms.csrf(layout)
                                    Forms.choice("诉求类别", name: "category", SelectOption.list(DemandCategory.allCases.map { ($0.rawValue, $0.chinese) }, selected: nil),
                                                 required: true)
                                    button { "转为诉求" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    struct OverviewPage {
        let layout: Layout
        let overview: VisitDiary.Overview

        var node: Node {
            Frame.page(layout) {
                h1 { "民情日记：\(overview.organizationName)" }
                p(.class("muted")) { "\(overview.from) 至 \(overview.to) 党员的走访，按网格、楼栋统计。" }
                if overview.grids.isEmpty {
                    p(.class("card muted")) { "这段时间没有走访记录。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["网格", "走访", "农户", "党员", "转诉求", "最近"] { th { heading } } } }
                        tbody {
                            for grid in overview.grids {
                                tr {
                                    td(Attribute("data-label", "网格")) { grid.grid }
                                    td(Attribute("data-label", "走访")) { "\(grid.visits) 次" }
                                    td(Attribute("data-label", "农户")) { "\(grid.households) 户" }
                                    td(Attribute("data-label", "党员")) { "\(grid.members) 人" }
                                    td(Attribute("data-label", "转诉求")) { "\(grid.demands) 件" }
                                    td(Attribute("data-label", "最近")) { grid.lastOn }
                                }
                            }
                        }
                    }
                    h2 { "最近的走访" }
                    for visit in overview.visits {
                        article(.class("card visit")) {
                            h3 { "\(visit.visitedOn) · \(visit.grid) · \(visit.household)" }
                            p(.class("muted")) { "走访党员：\(visit.memberName)" }
                            p(.class("demand-text")) { visit.heard }
                            if let demandID = visit.demandID { p { a(.href("/demands/\(demandID)")) { "诉求办理" } } }
                        }
                    }
                }
            }
        }
    }
}
