import DangjianCore
import Vapor

/// The JSON side of 三务公开: the committee's schedule and publications, the review and publishing steps, corrections,
/// questions and answers; the public reading of a published one.
struct PublicityAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let publicity = routes.grouped("publicity")
        publicity.api(.GET, requires: .publicityWrite, summary: "三务公开：负责范围内应公开的期间（含截止日期和状态）和公开记录",
                      query: PublicityViews.ListQuery.self, use: list)
        publicity.api(.POST, requires: .publicityWrite, summary: "起草三务公开（党务、村（居）务或财务；财务须收支相符）",
                      body: PublicityWork.Input.self, status: .created, use: create)
        publicity.api(.GET, ":id", requires: .publicityWrite, summary: "一份公开（含草稿），含各版本和群众提问", use: show)
        publicity.api(.PUT, ":id", requires: .publicityWrite, summary: "修改草稿（已审核的须重新审核）", body: PublicityWork.Input.self, use: edit)
        publicity.api(.POST, ":id", "review", requires: .publicityWrite, summary: "审核草稿（起草人以外的班子成员，写明审核情况）",
                      body: PublicityWork.ReviewInput.self, use: review)
        publicity.api(.POST, ":id", "publish", requires: .publicityWrite, summary: "公开已审核的草稿（更正版本公开后原版本标为已更正）", use: publish)
        publicity.api(.POST, ":id", "correct", requires: .publicityWrite, summary: "更正已公开的内容：起草新版本（原版本继续公开）",
                      body: PublicityWork.CorrectInput.self, status: .created, use: correct)
        publicity.upload(":id", "attachments", requires: .publicityWrite, summary: "给草稿添加照片或 PDF（按内容检查，最大 10 MB；已审核的须重新审核）",
                         fields: ["caption"], maximumBytes: PublicityFiles.maximumBytes + 1_048_576, use: attach)
        publicity.api(.DELETE, ":id", "attachments", ":file", requires: .publicityWrite, summary: "删除草稿的一个附件（已审核的须重新审核）",
                      use: removeFile)
        publicity.api(.POST, ":id", "questions", requires: .ownRequests, summary: "本村（社区）群众或党员对已公开的内容提问",
                      body: PublicityWork.QuestionInput.self, status: .created, use: ask)
        publicity.api(.POST, "questions", ":question", "answer", requires: .publicityWrite, summary: "公开答复群众提问",
                      body: PublicityWork.AnswerInput.self, use: answer)
        let open = routes.grouped("public")
        open.api(.GET, "publicity", ":id", requires: .public, summary: "一份已公开的三务公开，含更正版本和提问答复（不含提问人）", use: publicView)
        open.api(.GET, "organizations", ":id", "publicity", requires: .public, summary: "党组织已公开的三务公开（现行版本，新的在前）",
                 use: publicList)
    }

    @Sendable func list(_ request: Request, _ query: PublicityViews.ListQuery) async throws -> PublicityViews.Listing {
        try await PublicityViews.listing(query, on: request)
    }

    @Sendable func create(_ request: Request, _ input: PublicityWork.Input) async throws -> PublicityViews.View {
        try await PublicityViews.view(try await PublicityWork.create(input, on: request), keeper: true, prefix: "/api/v1", on: request)
    }

    private func kept(_ request: Request) async throws -> PublicationModel {
        try await PublicityViews.find(request.parameters.get("id", as: Int.self), on: request)
    }

    @Sendable func show(_ request: Request) async throws -> PublicityViews.View {
        try await PublicityViews.view(try await kept(request), keeper: true, prefix: "/api/v1", on: request)
    }

    @Sendable func edit(_ request: Request, _ input: PublicityWork.Input) async throws -> PublicityViews.View {
        let model = try await kept(request)
        try await PublicityWork.edit(model, input, on: request)
        return try await PublicityViews.view(model, keeper: true, prefix: "/api/v1", on: request)
    }

    @Sendable func review(_ request: Request, _ input: PublicityWork.ReviewInput) async throws -> PublicityViews.View {
        let model = try await kept(request)
        try await PublicityWork.review(model, input, on: request)
        return try await PublicityViews.view(model, keeper: true, prefix: "/api/v1", on: request)
    }

    @Sendable func publish(_ request: Request) async throws -> PublicityViews.View {
        let model = try await kept(request)
        try await PublicityWork.publish(model, on: request)
        return try await PublicityViews.view(model, keeper: true, prefix: "/api/v1", on: request)
    }

    @Sendable func correct(_ request: Request, _ input: PublicityWork.CorrectInput) async throws -> PublicityViews.View {
        try await PublicityViews.view(try await PublicityWork.correct(try await kept(request), input, on: request), keeper: true, prefix: "/api/v1", on: request)
    }

    @Sendable func attach(_ request: Request) async throws -> AttachmentView {
        AttachmentView(try await PublicityFiles.attach(request, to: try await kept(request)), prefix: "/api/v1")
    }

    @Sendable func removeFile(_ request: Request) async throws -> PublicityViews.View {
        let model = try await kept(request)
        try await PublicityFiles.remove(request, from: model, file: request.parameters.get("file", as: Int.self))
        return try await PublicityViews.view(model, keeper: true, prefix: "/api/v1", on: request)
    }

    @Sendable func ask(_ request: Request, _ input: PublicityWork.QuestionInput) async throws -> PublicityViews.View {
        let model = try await PublicityViews.findPublic(request.parameters.get("id", as: Int.self), on: request.db)
        _ = try await PublicityWork.ask(model, input, on: request)
        return try await PublicityViews.view(model, keeper: false, on: request)
    }

    @Sendable func answer(_ request: Request, _ input: PublicityWork.AnswerInput) async throws -> PublicityViews.View {
        let model = try await PublicityWork.answer(request.parameters.get("question", as: Int.self), input, on: request)
        return try await PublicityViews.view(model, keeper: true, prefix: "/api/v1", on: request)
    }

    @Sendable func publicView(_ request: Request) async throws -> PublicityViews.View {
        let model = try await PublicityViews.findPublic(request.parameters.get("id", as: Int.self), on: request.db)
        return try await PublicityViews.view(model, keeper: false, on: request)
    }

    @Sendable func publicList(_ request: Request) async throws -> [PublicityViews.Summary] {
        guard let id = request.parameters.get("id", as: Int.self), try await OrganizationModel.find(id, on: request.db) != nil else {
            throw Abort(.notFound, reason: "没有找到该党组织")
        }
        return try await PublicityViews.publicList(organizationID: id, on: request.db)
    }
}
