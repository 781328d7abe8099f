import DangjianCore
import Vapor

/// The JSON side of participation: residents' registration, requests and their handling, the public lookups.
struct ParticipationAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("auth").api(.POST, "register", requires: .public, summary: "群众凭村（社区）登记码注册账号，答复访问令牌",
                                   body: Residents.RegistrationInput.self, status: .created, use: register)
        routes.api(.GET, "registration-codes", requires: .requestHandle, summary: "已发放的群众注册登记码（不含号码本身）",
                   query: CodesQuery.self, use: codes)
        routes.api(.POST, "registration-codes", requires: .requestHandle, summary: "发放一个群众注册登记码（号码只在此答复中出现一次）",
                   body: Residents.CodeInput.self, status: .created, use: issue)
        let requests = routes.grouped("requests")
        requests.api(.GET, requires: .ownRequests, summary: "本人提交的诉求和意见建议", use: mine)
        requests.api(.POST, requires: .ownRequests, summary: "提交诉求或意见建议（照片另用 /requests/{id}/photos 上传）",
                     body: DemandWork.SubmitInput.self, status: .created, use: submit)
        requests.api(.GET, ":id", requires: .ownRequests, summary: "本人的一条诉求，含查询码、办理经过和答复", use: own)
        requests.upload(":id", "photos", requires: .ownRequests, summary: "给本人待受理的诉求补充照片（最多 3 张，每张不超过 10 MB）",
                        fields: [], maximumBytes: DemandWork.maximumPhotoBytes + 65_536, use: photo)
        requests.api(.POST, ":id", "rate", requires: .ownRequests, summary: "评价答复：满意办结；不满意（写明原因）转上级重新办理一次",
                     body: DemandWork.RateInput.self, use: rate)
        let demands = routes.grouped("demands")
        demands.api(.GET, requires: .requestHandle, summary: "本人负责范围内的诉求（逾期的在前）", query: DemandWork.ListQuery.self, use: handling)
        demands.api(.GET, "report", requires: .requestHandle, summary: "诉求统计：按下一级党组织和类别的数量、答复天数、逾期、满意率",
                    query: DemandReport.Query.self, use: report)
        demands.api(.GET, ":id", requires: .requestHandle, summary: "一条诉求，含提交人（手机号掩码）、照片和办理经过", use: handled)
        demands.api(.POST, ":id", "accept", requires: .requestHandle, summary: "受理", use: accept)
        demands.api(.POST, ":id", "pass", requires: .requestHandle, summary: "转交本人负责范围内的另一党组织（写明理由）",
                    body: DemandWork.PassOnInput.self, use: passOn)
        demands.api(.POST, ":id", "answer", requires: .requestHandle, summary: "答复（公开展示，不含提交人信息）", body: DemandWork.AnswerInput.self,
                    use: answer)
        let supervision = routes.grouped("supervision")
        supervision.api(.GET, requires: .reportHandle, summary: "本人负责范围内的监督举报（不含举报人身份）", use: reports)
        supervision.api(.GET, ":id", requires: .reportHandle, summary: "一件监督举报（不含举报人身份）", use: report)
        supervision.api(.POST, ":id", "step", requires: .reportHandle, summary: "登记核查情况或办结答复（举报人凭查询码可见）",
                        body: SupervisionWork.StepInput.self, use: reportStep)
        supervision.api(.POST, ":id", "reveal", requires: .reportHandle, summary: "写明理由查看实名举报人的身份（每次记入审计日志）",
                        body: SupervisionWork.RevealInput.self, use: reveal)
        let open = routes.grouped("public")
        open.api(.POST, "reports", requires: .public, summary: "监督举报（可匿名；答复查询码）", body: SupervisionWork.Input.self, status: .created,
                 use: submitReport)
        open.api(.GET, "track", requires: .public, summary: "凭查询码查看诉求的办理进度（按来源限次）", query: PublicView.TrackQuery.self, use: track)
        open.api(.GET, "organizations", ":id", requires: .public, summary: "党组织的公开页面：诉求办理情况和答复公开", use: organization)
    }

    struct Registered: Content {
        let token: String
        let accountID: Int
        let displayName: String
    }

    @Sendable func register(_ request: Request, _ input: Residents.RegistrationInput) async throws -> Registered {
        let account = try await Residents.register(input, on: request)
        let result = try await Authentication.login(.init(username: input.phone ?? "", password: input.password ?? ""), kind: "api", on: request)
        return Registered(token: result.token, accountID: try account.requireID(), displayName: account.displayName)
    }

    struct CodesQuery: Content {
        var organizationID: Int?
    }

    @Sendable func codes(_ request: Request, _ query: CodesQuery) async throws -> [Residents.CodeRow] {
        try await Residents.codes(organizationID: query.organizationID, on: request)
    }

    @Sendable func issue(_ request: Request, _ input: Residents.CodeInput) async throws -> Residents.IssuedCode {
        try await Residents.issue(input, on: request)
    }

    @Sendable func mine(_ request: Request) async throws -> [DemandWork.Summary] { try await DemandWork.mine(on: request) }

    @Sendable func submit(_ request: Request, _ input: DemandWork.SubmitInput) async throws -> DemandWork.View {
        let (model, _) = try await DemandWork.submit(input, photos: [], on: request)
        return try await DemandWork.view(model, own: true, on: request)
    }

    @Sendable func own(_ request: Request) async throws -> DemandWork.View {
        try await DemandWork.view(try await DemandWork.findOwn(request.parameters.get("id", as: Int.self), on: request), own: true, on: request)
    }

    @Sendable func photo(_ request: Request) async throws -> AttachmentView {
        let model = try await DemandWork.findOwn(request.parameters.get("id", as: Int.self), on: request)
        return AttachmentView(try await DemandWork.addPhoto(request, to: model), prefix: "/api/v1")
    }

    @Sendable func rate(_ request: Request, _ input: DemandWork.RateInput) async throws -> DemandWork.View {
        let model = try await DemandWork.findOwn(request.parameters.get("id", as: Int.self), on: request)
        try await DemandWork.rate(model, input, on: request)
        return try await DemandWork.view(model, own: true, on: request)
    }

    @Sendable func handling(_ request: Request, _ query: DemandWork.ListQuery) async throws -> [DemandWork.Summary] {
        try await DemandWork.handling(query, on: request)
    }

    @Sendable func handled(_ request: Request) async throws -> DemandWork.View {
        try await DemandWork.view(try await DemandWork.findHandled(request.parameters.get("id", as: Int.self), on: request), own: false, on: request)
    }

    private func step(_ request: Request, _ work: (DemandModel) async throws -> Void) async throws -> DemandWork.View {
        let model = try await DemandWork.findHandled(request.parameters.get("id", as: Int.self), on: request)
        try await work(model)
        return try await DemandWork.view(model, own: false, on: request)
    }

    @Sendable func accept(_ request: Request) async throws -> DemandWork.View {
        try await step(request) { try await DemandWork.accept($0, on: request) }
    }

    @Sendable func passOn(_ request: Request, _ input: DemandWork.PassOnInput) async throws -> DemandWork.View {
        try await step(request) { try await DemandWork.passOn($0, input, on: request) }
    }

    @Sendable func answer(_ request: Request, _ input: DemandWork.AnswerInput) async throws -> DemandWork.View {
        try await step(request) { try await DemandWork.answer($0, input, on: request) }
    }

    @Sendable func report(_ request: Request, _ query: DemandReport.Query) async throws -> DemandReport.Report {
        try await DemandReport.load(query, on: request)
    }

    @Sendable func reports(_ request: Request) async throws -> [SupervisionWork.Summary] { try await SupervisionWork.list(on: request) }

    @Sendable func report(_ request: Request) async throws -> SupervisionWork.View {
        try await SupervisionWork.view(try await SupervisionWork.find(request.parameters.get("id", as: Int.self), on: request), on: request)
    }

    @Sendable func reportStep(_ request: Request, _ input: SupervisionWork.StepInput) async throws -> SupervisionWork.View {
        let model = try await SupervisionWork.find(request.parameters.get("id", as: Int.self), on: request)
        try await SupervisionWork.step(model, input, on: request)
        return try await SupervisionWork.view(model, on: request)
    }

    @Sendable func reveal(_ request: Request, _ input: SupervisionWork.RevealInput) async throws -> SupervisionWork.View {
        let model = try await SupervisionWork.find(request.parameters.get("id", as: Int.self), on: request)
        return try await SupervisionWork.view(model, reporter: try await SupervisionWork.reveal(model, input, on: request), on: request)
    }

    @Sendable func submitReport(_ request: Request, _ input: SupervisionWork.Input) async throws -> SupervisionWork.Submitted {
        try await SupervisionWork.submit(input, on: request)
    }

    @Sendable func track(_ request: Request, _ query: PublicView.TrackQuery) async throws -> PublicView.Tracked {
        try await PublicView.track(query.code, on: request)
    }

    @Sendable func organization(_ request: Request) async throws -> PublicView.Organization {
        try await PublicView.organization(request.parameters.get("id", as: Int.self), on: request)
    }
}
