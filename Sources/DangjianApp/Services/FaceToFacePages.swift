import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 干部群众面对面: the desk that keeps the schedule and records each session, the public schedule (printable for the
/// notice board), and the API.
struct FaceToFaceRoutes: RouteCollection {
    var api = false

    func boot(routes: any RoutesBuilder) throws {
        if api {
            routes.grouped("public").api(.GET, "organizations", ":id", "face-to-face", requires: .public,
                                         summary: "干部群众面对面排班：本村（社区）及上级今后 60 天在哪个服务点、哪天、哪些干部", use: publicSchedule)
            let face = routes.grouped("face-to-face")
            face.api(.GET, requires: .serviceWrite, summary: "负责范围内的干部群众面对面场次（含接待人数和收集的诉求）", use: list)
            face.api(.POST, requires: .serviceWrite, summary: "排一场干部群众面对面（服务点、日期、时间、值班干部、服务内容）",
                     body: FaceToFace.Input.self, status: .created, use: create)
            face.api(.POST, ":id", "record", requires: .serviceWrite, summary: "场次结束后登记接待人数和情况", body: FaceToFace.RecordInput.self, use: record)
            face.api(.POST, ":id", "concerns", requires: .serviceWrite, summary: "把现场收集的一条群众诉求转入诉求办理（标注【面对面】）",
                     body: FaceToFace.ConcernInput.self, status: .created, use: concernAPI)
        } else {
            routes.get("public", "organizations", ":id", "face-to-face", use: publicPage).requires(.public)
            let face = routes.grouped("face-to-face")
            face.get(use: desk).requires(.serviceWrite)
            face.post(use: createPage).requires(.serviceWrite)
            face.post(":id", "record", use: recordPage).requires(.serviceWrite)
            face.post(":id", "concerns", use: concernPage).requires(.serviceWrite)
        }
    }

    static func organization(_ request: Request) async throws -> OrganizationModel {
        guard let id = request.parameters.get("id", as: Int.self), let organization = try await OrganizationModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该党组织")
        }
        return organization
    }

    // MARK: - API

    @Sendable func publicSchedule(_ request: Request) async throws -> [FaceToFace.Session] {
        try await FaceToFace.schedule(reaching: try await Self.organization(request), from: request.today, days: 60, on: request.db)
    }

    @Sendable func list(_ request: Request) async throws -> [FaceToFace.Session] { try await FaceToFace.kept(on: request) }

    func one(_ model: FaceSessionModel, on request: Request) async throws -> FaceToFace.Session {
        let name = try await PublicView.organizationNames([model.organizationID], on: request.db)[model.organizationID] ?? ""
        guard let view = FaceToFace.view(model, organizationName: name, full: true) else { throw Abort(.internalServerError) }
        return view
    }

    @Sendable func create(_ request: Request, _ input: FaceToFace.Input) async throws -> FaceToFace.Session {
        try await one(try await FaceToFace.create(input, on: request), on: request)
    }

    @Sendable func record(_ request: Request, _ input: FaceToFace.RecordInput) async throws -> FaceToFace.Session {
        let model = try await FaceToFace.kept(request.parameters.get("id", as: Int.self), on: request)
        try await FaceToFace.record(model, input, on: request)
        return try await one(model, on: request)
    }

    @Sendable func concernAPI(_ request: Request, _ input: FaceToFace.ConcernInput) async throws -> FaceToFace.Session {
        let model = try await FaceToFace.kept(request.parameters.get("id", as: Int.self), on: request)
        _ = try await FaceToFace.concern(model, input, on: request)
        return try await one(model, on: request)
    }

    // MARK: - Pages

    func renderDesk(_ request: Request, typed: FaceToFace.Input = .init(), errors: [FieldError] = [], status: HTTPStatus = .ok) async throws -> Response {
        try await Page(FaceToFaceViews.DeskPage(layout: Layout(request, title: "干部群众面对面"), organizations: try await VolunteerPages.organizers(on: request),
                                                sessions: try await FaceToFace.kept(on: request), today: request.today, typed: typed, errors: errors).node)
            .encodeResponse(status: status, for: request)
    }

    @Sendable func desk(_ request: Request) async throws -> Response { try await renderDesk(request) }

    @Sendable func createPage(_ request: Request) async throws -> Response {
        let input = try request.content.decode(FaceToFace.Input.self)
        do {
            _ = try await FaceToFace.create(input, on: request)
            return request.redirect(to: "/face-to-face?notice=saved")
        } catch let problems as FormProblems {
            return try await renderDesk(request, typed: input, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func recordPage(_ request: Request) async throws -> Response {
        let model = try await FaceToFace.kept(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(FaceToFace.RecordInput.self)
        do {
            try await FaceToFace.record(model, input, on: request)
            return request.redirect(to: "/face-to-face?notice=saved#session-\(model.id ?? 0)")
        } catch let problems as FormProblems {
            return try await renderDesk(request, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func concernPage(_ request: Request) async throws -> Response {
        let model = try await FaceToFace.kept(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(FaceToFace.ConcernInput.self)
        do {
            let id = try await FaceToFace.concern(model, input, on: request)
            return request.redirect(to: "/demands/\(id)?notice=saved")
        } catch let problems as FormProblems {
            return try await renderDesk(request, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func publicPage(_ request: Request) async throws -> Page {
        let organization = try await Self.organization(request)
        let sessions = try await FaceToFace.schedule(reaching: organization, from: request.today, days: 60, on: request.db)
        return Page(FaceToFaceViews.SchedulePage(layout: Layout(public: request, title: "\(organization.name)干部群众面对面"),
                                                 organizationID: try organization.requireID(), organizationName: organization.name, sessions: sessions).node)
    }
}

enum FaceToFaceViews {
    static func schedule(_ sessions: [FaceToFace.Session]) -> Node {
        table(.class("list cards")) {
            thead { tr { for heading in ["日期", "时间", "服务点", "值班干部", "服务内容"] { th { heading } } } }
            tbody {
                for session in sessions {
                    tr {
                        td(Attribute("data-label", "日期")) { "\(session.heldOn) \(session.weekday)" }
                        td(Attribute("data-label", "时间")) { session.hours }
                        td(Attribute("data-label", "服务点")) { session.place }
                        td(Attribute("data-label", "值班干部")) { session.cadres.joined(separator: "、") }
                        td(Attribute("data-label", "服务内容")) { session.topics }
                    }
                }
            }
        }
    }

    struct SchedulePage {
        let layout: Layout
        let organizationID: Int
        let organizationName: String
        let sessions: [FaceToFace.Session]

        var node: Node {
            Frame.page(layout) {
                nav(.class("breadcrumb no-print")) { a(.href("/public/organizations/\(organizationID)")) { organizationName }; " › "; span { "干部群众面对面" } }
                h1 { "干部群众面对面服务安排" }
                p(.class("muted")) { "赶场日干部在服务点面对面听取意见、解答政策、调解纠纷、代办事项；有事可到场，也可在平台上提出诉求。" }
                if sessions.isEmpty {
                    p(.class("card muted")) { "今后 60 天暂无安排。" }
                } else {
                    FaceToFaceViews.schedule(sessions)
                }
                p(.class("no-print")) { button(.flag("data-print", true)) { "打印张贴" } }
            }
        }
    }

    struct DeskPage {
        let layout: Layout
        let organizations: [OrganizationModel]
        let sessions: [FaceToFace.Session]
        let today: CalendarDate
        let typed: FaceToFace.Input
        let errors: [FieldError]

        var node: Node {
            Frame.page(layout) {
                h1 { "干部群众面对面" }
                Forms.errors(errors)
                section(.class("card")) {
                    h2 { "排班" }
                    form(.method("post"), .action("/face-to-face")) {
                        Forms.csrf(layout)
                        Forms.choice("组织", name: "organizationID", SelectOption.organizations(organizations, selected: typed.organizationID?.value), required: true)
                        label { "服务点"; input(.name("place"), .value(typed.place), .maxlength(40), .required(), .placeholder("如：柳河镇集市便民服务点")) }
                        label { "日期（赶场日）"; input(.type("date"), .name("heldOn"), .value(typed.heldOn ?? today.description), .required()) }
                        label { "时间"; input(.name("hours"), .value(typed.hours ?? "09:00-12:00"), .maxlength(20), .required()) }
                        label { "值班干部（每行一人，含职务）"; textarea(.name("cadres"), .rows(3), .required()) { typed.cadres ?? "" } }
                        label { "服务内容"; input(.name("topics"), .value(typed.topics), .maxlength(200), .required(), .placeholder("政策咨询、矛盾调解、代办社保")) }
                        button(.class("primary")) { "发布" }
                    }
                }
                for session in sessions {
                    article(.class("card"), .id("session-\(session.id)")) {
                        h3 { "\(session.heldOn) \(session.weekday) \(session.hours) · \(session.place)" }
                        p { "\(session.organizationName) · 值班：\(session.cadres.joined(separator: "、"))" }
                        p(.class("muted")) { "服务内容：\(session.topics)" }
                        if let served = session.served { p { "接待 \(served) 人" + (session.notes.map { "；\($0)" } ?? "") } }
                        if let demands = session.demandIDs, !demands.isEmpty {
                            p { "收集诉求："; for id in demands { a(.href("/demands/\(id)")) { "#\(id)" }; " " } }
                        }
                        if session.heldOn <= today.description {
                            details {
                                summary { "登记接待情况" }
                                form(.method("post"), .action("/face-to-face/\(session.id)/record")) {
                                    Forms.csrf(layout)
                                    label { "接待人数"; input(.type("number"), .name("served"), .min("0"), .max("5000"), .value(session.served.map(String.init)), .required()) }
                                    label { "情况说明（可选）"; textarea(.name("notes"), .rows(2), .maxlength(500)) { session.notes ?? "" } }
                                    button(.class("primary")) { "保存" }
                                }
                            }
                            details {
                                summary { "记一条群众诉求" }
                                form(.method("post"), .action("/face-to-face/\(session.id)/concerns")) {
                                    Forms.csrf(layout)
                                    Forms.choice("类别", name: "category", SelectOption.list(DemandCategory.allCases.map { ($0.rawValue, $0.chinese) }, selected: nil),
                                                 required: true)
                                    label { "地点（组、楼栋）"; input(.name("place"), .maxlength(60)) }
                                    label { "诉求内容"; textarea(.name("text"), .rows(3), .maxlength(1900), .required()) { "" } }
                                    button(.class("primary")) { "转入诉求办理" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
