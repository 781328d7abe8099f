import DangjianCore
import Vapor

/// `/api/v1/development` — the 25 steps, notices and to-dos, with the same permissions as the pages.
struct DevelopmentAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let development = routes.grouped("development")
        development.api(.POST, "votes", "evaluate", requires: .authenticated, summary: "按党章第七条、细则第二十四条核算一次支部大会表决",
                        body: VoteTally.self, use: evaluate)
        development.api(.GET, requires: .memberRead, summary: "发展党员各阶段人数与名单", query: FunnelQuery.self, use: list)
        development.api(.POST, requires: .memberWrite, summary: "登记入党申请（第 1 步）", body: ApplicationInput.self, status: .created,
                        leadsTo: ["/api/v1/development/{id}"], use: create)
        development.api(.GET, ":id", requires: .memberRead, summary: "一名发展对象的全过程", use: read)
        development.api(.POST, ":id", "steps", requires: .memberWrite, summary: "登记一个步骤（逐条核对时间与条件）", body: StepInput.self, use: recordStep)
        development.api(.POST, ":id", "reviews", requires: .memberWrite, summary: "登记半年一次的培养考察", body: DevelopmentWork.ReviewInput.self,
                        use: review)
        development.api(.POST, ":id", "extension", requires: .memberWrite, summary: "延长预备期或审批期限", body: DevelopmentWork.ExtensionInput.self,
                        use: extend)
        development.api(.POST, ":id", "stop", requires: .memberWrite, summary: "终止发展（写明原因）", body: DevelopmentWork.StopInput.self, use: stop)
        development.api(.POST, ":id", "leaving", requires: .memberWrite, summary: "登记三个月内将离开本单位", body: DevelopmentWork.LeavingInput.self,
                        use: leaving)
        development.upload(":id", "attachments", requires: .memberWrite, summary: "上传材料扫描件或照片（按内容检查，最大 10 MB）",
                           fields: ["caption"], maximumBytes: 11 * 1_048_576, use: attach)
        development.api(.POST, ":id", "notices", requires: .memberWrite, summary: "发布公示", body: DevelopmentNotices.Input.self, status: .created,
                        leadsTo: ["/api/v1/notices/{id}"], use: publish)
        routes.api(.GET, "notices", requires: .authenticated, summary: "本人可见的公示", use: notices)
        routes.api(.GET, "notices", ":id", requires: .authenticated, summary: "一条公示", use: notice)
        routes.api(.GET, "todos", requires: .authenticated, summary: "本人的待办", use: todos)
        routes.api(.GET, "todos", "count", requires: .authenticated, summary: "待办数与逾期数", use: count)
    }

    struct Outcome: Content {
        let quorate: Bool
        let passed: Bool
        let reasons: [String]
    }

    struct FunnelQuery: Content, APISchemaHints {
        var org: Int?
        var stage: Int?
        static var schemaHints: [String: Schema] { ["org": .integer(minimum: 1), "stage": .integer(minimum: 1, maximum: 5)] }
    }

    @Sendable func evaluate(_ request: Request, _ tally: VoteTally) async throws -> Outcome {
        do {
            let outcome = try VoteRules().evaluate(tally)
            return Outcome(quorate: outcome.quorate, passed: outcome.passed, reasons: outcome.reasons)
        } catch {
            throw FormProblems(field: "vote", VoteRules.message(for: error))
        }
    }

    @Sendable func list(_ request: Request, _ query: FunnelQuery) async throws -> DevelopmentFunnel {
        try await DevelopmentViews.funnel(request, organization: query.org, stage: query.stage)
    }

    @Sendable func create(_ request: Request, _ input: ApplicationInput) async throws -> DevelopmentDetail {
        try await DevelopmentViews.detail(try await DevelopmentWork.register(input, on: request), on: request)
    }

    @Sendable func read(_ request: Request) async throws -> DevelopmentDetail {
        try await DevelopmentViews.detail(try await DevelopmentWork.find(request.parameters.get("id", as: Int.self), for: .memberRead, on: request), on: request)
    }

    func work(_ request: Request, _ body: (DevelopmentCaseModel) async throws -> Void) async throws -> DevelopmentDetail {
        let model = try await DevelopmentWork.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        try await body(model)
        return try await DevelopmentViews.detail(model, on: request)
    }

    @Sendable func recordStep(_ request: Request, _ input: StepInput) async throws -> DevelopmentDetail {
        try await work(request) { try await DevelopmentWork.record(input, for: $0, on: request) }
    }

    @Sendable func review(_ request: Request, _ input: DevelopmentWork.ReviewInput) async throws -> DevelopmentDetail {
        try await work(request) { try await DevelopmentWork.review(input, for: $0, on: request) }
    }

    @Sendable func extend(_ request: Request, _ input: DevelopmentWork.ExtensionInput) async throws -> DevelopmentDetail {
        try await work(request) { try await DevelopmentWork.extend(input, for: $0, on: request) }
    }

    @Sendable func stop(_ request: Request, _ input: DevelopmentWork.StopInput) async throws -> DevelopmentDetail {
        try await work(request) { try await DevelopmentWork.stop(input, for: $0, on: request) }
    }

    @Sendable func leaving(_ request: Request, _ input: DevelopmentWork.LeavingInput) async throws -> DevelopmentDetail {
        try await work(request) { try await DevelopmentWork.leaving(input, for: $0, on: request) }
    }

    @Sendable func attach(_ request: Request) async throws -> AttachmentView {
        let model = try await DevelopmentWork.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        return AttachmentView(try await DevelopmentWork.attach(request, to: model), prefix: "/api/v1")
    }

    @Sendable func publish(_ request: Request, _ input: DevelopmentNotices.Input) async throws -> NoticeView {
        let model = try await DevelopmentWork.find(request.parameters.get("id", as: Int.self), for: .memberWrite, on: request)
        let notice = try await DevelopmentNotices.publish(input, for: model, on: request)
        guard let view = try await DevelopmentNotices.views([notice], on: request).first else { throw Abort(.notFound) }
        return view
    }

    @Sendable func notices(_ request: Request) async throws -> [NoticeView] { try await DevelopmentNotices.board(on: request) }

    @Sendable func notice(_ request: Request) async throws -> NoticeView {
        let found = try await DevelopmentNotices.find(request.parameters.get("id", as: Int.self), on: request)
        guard let view = try await DevelopmentNotices.views([found], on: request).first else { throw Abort(.notFound) }
        return view
    }

    @Sendable func todos(_ request: Request) async throws -> [ToDoService.Item] { try await ToDoService.todos(on: request) }

    struct Count: Content {
        let total: Int
        let overdue: Int
    }

    @Sendable func count(_ request: Request) async throws -> Count {
        let items = try await ToDoService.todos(on: request)
        return Count(total: items.count, overdue: items.filter(\.overdue).count)
    }
}
