import DangjianCore
import DangjianHTML
import Fluent
import Foundation
import SQLKit
import Vapor

/// What anyone may read without logging in: a request followed by its tracking code, and an organization's public page
/// with the answers it gave. Nothing about who asked, no member's personal data; the same page for everyone, so that it
/// may be cached (`Cache-Control: public`), and the only pages crawlers may index.
enum PublicView {
    /// A request as its tracking code shows it.
    struct Tracked: Content {
        let kindLabel: String
        let categoryLabel: String
        let place: String
        let text: String
        let stateLabel: String
        let organizationName: String
        let submittedOn: String
        let answerBy: String?
        let overdue: String?
        let answer: String?
        let answeredOn: String?
        let verdictLabel: String?
        let history: [Step]
    }

    struct Step: Content {
        let stepLabel: String
        let organizationName: String
        let on: String
    }

    /// An answered request as the organization's public page lists it: what it was about and the answer, never the
    /// submitter's words (they may name people) nor who they are.
    struct Answered: Content {
        let kindLabel: String
        let categoryLabel: String
        let place: String
        let submittedOn: String
        let answeredOn: String
        let answer: String
        let stateLabel: String
        let verdictLabel: String?
    }

    struct Organization: Content {
        let id: Int
        let name: String
        let kindLabel: String
        let openCount: Int
        let answeredCount: Int
        let satisfiedCount: Int
        let ratedCount: Int
        /// 三务公开 in force, newest first.
        let publications: [PublicityViews.Summary]
        /// 四议两公开 matters and where each stands.
        let deliberations: [DeliberationWork.Summary]
        /// The 一站式服务 catalogue, with its hours.
        let services: [ServiceWork.Service]
        let answers: [Answered]
    }

    struct TrackQuery: Content {
        var code: String?
    }

    /// Every lookup, right or wrong, counts against the caller's address: codes cannot be tried in bulk.
    static let lookups = RateLimit(name: "track.source", limit: 30, window: 600, keep: 600, message: "查询过于频繁，请 10 分钟后再试")

    static func track(_ typed: String?, on request: Request) async throws -> Tracked {
        try await RateCounter.hitOrRefuse(lookups, key: request.rateSource, now: request.now.timeIntervalSince1970, on: request)
        guard let code = typed.flatMap(TrackingCode.init(typed:)) else {
            throw FormProblems(field: "code", "查询码是 10 位字母和数字（如 ABCDE-FGHJK），请核对后再输入")
        }
        let hash = request.services.cipher.lookupHash("tracking:" + code.value)
        guard let model = try await DemandModel.query(on: request.db).filter(\.$trackingHash == hash).first(), let id = model.id else {
            if let report = try await SupervisionWork.tracked(code, on: request) { return report }
            throw FormProblems(field: "code", "没有找到这个查询码对应的诉求或举报，请核对后再输入")
        }
        let events = try await DemandEventModel.query(on: request.db).filter(\.$demandID == id).sort(\.$id).all()
        let names = try await organizationNames(Set(events.map(\.organizationID) + [model.organizationID]), on: request.db)
        let rules = request.services.rules
        let flow = model.flow
        return Tracked(kindLabel: model.kind.chinese, categoryLabel: model.category.chinese, place: model.place, text: model.text,
                       stateLabel: model.state.chinese, organizationName: names[model.organizationID] ?? "",
                       submittedOn: CalendarDate(Date(timeIntervalSince1970: model.submittedAt)).description,
                       answerBy: model.state.awaitsOrganization ? flow.answerBy(rules).description : nil,
                       overdue: flow.overdue(today: request.today, rules: rules)?.chinese, answer: model.answer,
                       answeredOn: model.answeredOn?.description, verdictLabel: model.verdict?.chinese,
                       history: events.map { Step(stepLabel: $0.step.chinese, organizationName: names[$0.organizationID] ?? "",
                                                  on: CalendarDate(Date(timeIntervalSince1970: $0.createdAt)).description) })
    }

    static func organization(_ id: Int?, on request: Request) async throws -> Organization {
        guard let id, let organization = try await OrganizationModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该党组织")
        }
        struct Row: Decodable {
            let kind: String, category: String, place: String, submitted_at: Double, answered_on: String?, answer: String?, state: String,
                verdict: String?
        }
        struct Counts: Decodable { let open: Int?, answered: Int?, satisfied: Int?, rated: Int? }
        let sql = request.db.sql
        let open = [DemandState.submitted, .accepted, .reopened].map(\.rawValue)
        let counts = try await sql.raw("""
            SELECT SUM(CASE WHEN state IN (\(binds: open)) THEN 1 ELSE 0 END) AS open,
                   SUM(CASE WHEN answer IS NOT NULL THEN 1 ELSE 0 END) AS answered,
                   SUM(CASE WHEN verdict = \(bind: DemandVerdict.satisfied.rawValue) THEN 1 ELSE 0 END) AS satisfied,
                   SUM(CASE WHEN verdict IN (\(bind: DemandVerdict.satisfied.rawValue), \(bind: DemandVerdict.unsatisfied.rawValue)) THEN 1 ELSE 0 END) AS rated
            FROM \(ident: DemandModel.schema) WHERE organization_id = \(bind: id)
            """).first(decoding: Counts.self)
        let rows = try await sql.select().columns("kind", "category", "place", "submitted_at", "answered_on", "answer", "state", "verdict")
            .from(DemandModel.schema).where("organization_id", .equal, SQLBind(id)).where("answer", .isNot, SQLLiteral.null)
            .orderBy(SQLOrderBy(expression: SQLColumn("id"), direction: SQLDirection.descending)).limit(50).all(decoding: Row.self)
        return Organization(
            id: id, name: organization.name, kindLabel: organization.kind.chinese, openCount: counts?.open ?? 0, answeredCount: counts?.answered ?? 0,
            satisfiedCount: counts?.satisfied ?? 0, ratedCount: counts?.rated ?? 0,
            publications: try await PublicityViews.publicList(organizationID: id, on: request.db),
            deliberations: try await DeliberationWork.publicList(organizationID: id, on: request.db),
            services: try await ServiceWork.catalogue(of: id, activeOnly: true, on: request.db),
            answers: rows.compactMap { row in
                guard let kind = DemandKind(rawValue: row.kind), let category = DemandCategory(rawValue: row.category),
                      let state = DemandState(rawValue: row.state), let answer = row.answer else { return nil }
                return Answered(kindLabel: kind.chinese, categoryLabel: category.chinese, place: row.place,
                                submittedOn: CalendarDate(Date(timeIntervalSince1970: row.submitted_at)).description, answeredOn: row.answered_on ?? "",
                                answer: answer, stateLabel: state.chinese, verdictLabel: row.verdict.flatMap(DemandVerdict.init(rawValue:))?.chinese)
            })
    }

    static func organizationNames(_ ids: Set<Int>, on database: any Database) async throws -> [Int: String] {
        Dictionary(try await OrganizationModel.query(on: database).filter(\.$id ~~ ids).all().map { ($0.id ?? 0, $0.name) },
                   uniquingKeysWith: { first, _ in first })
    }
}

/// `/track` and `/public/organizations/:id`.
struct PublicPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("track", use: track).requires(.public)
        routes.get("public", "organizations", ":id", use: organization).requires(.public)
    }

    struct TrackPage {
        let layout: Layout
        let code: String
        let tracked: PublicView.Tracked?
        let errors: [FieldError]
    }

    @Sendable func track(_ request: Request) async throws -> Response {
        let query = try request.query.decode(PublicView.TrackQuery.self)
        let layout = Layout(public: request, title: "查询办理进度")
        guard let code = query.code, !code.trimmed.isEmpty else {
            return try await Page(TrackPage(layout: layout, code: "", tracked: nil, errors: []).node).encodeResponse(for: request)
        }
        do {
            let tracked = try await PublicView.track(code, on: request)
            return try await Page(TrackPage(layout: layout, code: code, tracked: tracked, errors: []).node).encodeResponse(for: request)
        } catch let problems as FormProblems {
            return try await Page(TrackPage(layout: layout, code: code, tracked: nil, errors: problems.errors).node)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct OrganizationPage {
        let layout: Layout
        let organization: PublicView.Organization
    }

    @Sendable func organization(_ request: Request) async throws -> Response {
        let organization = try await PublicView.organization(request.parameters.get("id", as: Int.self), on: request)
        let response = try await Page(OrganizationPage(layout: Layout(public: request, title: organization.name), organization: organization).node)
            .encodeResponse(for: request)
        response.headers.replaceOrAdd(name: "X-Public-Page", value: "1")
        return response
    }
}

extension PublicPages.TrackPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "查询办理进度" }
                Forms.errors(errors)
                form(.method("get"), .action("/track"), .class("row-form")) {
                    label { "查询码"; input(.name("code"), .value(code), .maxlength(20), .placeholder("如 ABCDE-FGHJK"), .autocomplete("off"), .required()) }
                    button(.class("primary")) { "查询" }
                }
            }
            if let tracked {
                section(.class("card")) {
                    h2 { "\(tracked.kindLabel) · \(tracked.categoryLabel)" }
                    dl(.class("fields")) {
                        dt { "状态" }
                        dd {
                            tracked.stateLabel
                            if let overdue = tracked.overdue { " "; span(.class("badge")) { overdue } }
                        }
                        dt { "办理单位" }; dd { tracked.organizationName }
                        dt { "提交日期" }; dd { tracked.submittedOn }
                        if let answerBy = tracked.answerBy { dt { "答复期限" }; dd { answerBy } }
                        if !tracked.place.isEmpty { dt { "地点" }; dd { tracked.place } }
                    }
                    p(.class("demand-text")) { tracked.text }
                    if let answer = tracked.answer {
                        h3 { "答复" }
                        p { answer }
                        if let verdict = tracked.verdictLabel { p(.class("muted")) { "评价：\(verdict)" } }
                    }
                    ol(.class("timeline")) {
                        for step in tracked.history { li { strong { step.stepLabel }; " · \(step.organizationName) · \(step.on)" } }
                    }
                }
            }
        }
    }
}

extension PublicPages.OrganizationPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { organization.name } }
            section(.class("card")) {
                h2 { "群众诉求办理情况" }
                p {
                    "正在办理 \(organization.openCount) 件，已答复 \(organization.answeredCount) 件"
                    if organization.ratedCount > 0 { "，评价满意 \(organization.satisfiedCount) 件（共评价 \(organization.ratedCount) 件）" }
                    "。"
                }
                p(.class("muted small")) {
                    "本村（社区）群众可"
                    a(.href("/register")) { "注册" }
                    "后提出诉求和意见建议；发现党组织或党员的问题可以"
                    a(.href("/reports/new?organizationID=\(organization.id)")) { "监督举报" }
                    "（可匿名）；已提交的可凭查询码"
                    a(.href("/track")) { "查询办理进度" }
                    "。"
                }
            }
            section(.class("card"), .id("publicity")) {
                h2 { "三务公开" }
                if organization.publications.isEmpty {
                    p(.class("muted")) { "暂无公开内容。" }
                } else {
                    ul(.class("plain-list")) {
                        for item in organization.publications {
                            li {
                                a(.href("/public/publicity/\(item.id)")) { item.title }
                                small(.class("muted")) {
                                    " · \(item.publishedOn ?? "")"
                                    if item.version > 1 { " · \(item.stateLabel)" }
                                }
                            }
                        }
                    }
                }
            }
            if !organization.deliberations.isEmpty {
                section(.class("card"), .id("deliberations")) {
                    h2 { "村级议事（四议两公开）" }
                    ul(.class("plain-list")) {
                        for item in organization.deliberations {
                            li {
                                a(.href("/public/deliberations/\(item.id)")) { item.title }
                                small(.class("muted")) { " · \(item.progress)" }
                            }
                        }
                    }
                }
            }
            if !organization.services.isEmpty {
                section(.class("card"), .id("services")) {
                    h2 { "一站式服务" }
                    p(.class("muted")) { "可在网上预约办理时段（含晚上和周末的错时服务），登录后预约。" }
                    for service in organization.services {
                        article(.class("service-item")) {
                            h3 { a(.href("/services/\(service.id)")) { service.name } }
                            ServiceViews.facts(service)
                        }
                    }
                }
            }
            section(.class("card"), .id("face-to-face")) {
                h2 { "干部群众面对面" }
                p { a(.href("/public/organizations/\(organization.id)/face-to-face")) { "赶场日服务安排" }; "：哪天、在哪个服务点、哪些干部值班。" }
            }
            section(.class("card"), .id("volunteers")) {
                h2 { "志愿服务" }
                p { a(.href("/public/organizations/\(organization.id)/volunteers")) { "志愿服务季度公示" }; "：志愿者的服务时长、星级和爱心存折积分（姓名仅显示姓氏）。" }
            }
            section(.class("card")) {
                h2 { "答复公开" }
                if organization.answers.isEmpty {
                    p(.class("muted")) { "暂无公开的答复。" }
                } else {
                    for item in organization.answers {
                        article(.class("public-answer")) {
                            h3 { "\(item.kindLabel) · \(item.categoryLabel)\(item.place.isEmpty ? "" : " · " + item.place)" }
                            p { item.answer }
                            p(.class("muted small")) {
                                "提交于 \(item.submittedOn)，答复于 \(item.answeredOn) · \(item.stateLabel)"
                                if let verdict = item.verdictLabel { " · 群众评价：\(verdict)" }
                            }
                        }
                    }
                }
            }
        }
    }
}
