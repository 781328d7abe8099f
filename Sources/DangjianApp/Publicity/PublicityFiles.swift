import DangjianCore
import Fluent
import Foundation
import Vapor

/// The files of a 三务公开 (a photo of the notice board, a scanned voucher, a PDF of the accounts): added and removed
/// while it is a draft — a change that undoes an earlier review — carried over to a correction, and served to anyone
/// once it is published.
enum PublicityFiles {
    static let owner = "publication"
    static let maximumBytes = 10 * 1_048_576
    static let maximumFiles = 10

    static func list(_ publicationID: Int, on database: any Database) async throws -> [AttachmentModel] {
        try await AttachmentModel.query(on: database).filter(\.$ownerType == owner).filter(\.$ownerID == publicationID).sort(\.$id).all()
    }

    static func attach(_ request: Request, to model: PublicationModel) async throws -> AttachmentModel {
        try AttachmentStore.refuseOversized(request, maximumBytes: maximumBytes)
        let input = try request.content.decode(DevelopmentWork.AttachmentInput.self)
        guard let file = input.file, file.data.readableBytes > 0 else { throw FormProblems(field: "file", "请选择要上传的照片或 PDF 文件") }
        var flow = model.flow
        do { try flow.edit() } catch { throw FormProblems(field: "file", error.message) }
        let id = try model.requireID()
        guard try await list(id, on: request.db).count < maximumFiles else { throw FormProblems(field: "file", "一份公开最多 \(maximumFiles) 个附件") }
        let actor = try request.requireActor()
        let caption = input.caption?.trimmed
        let attachment = try await request.services.attachments.keep(
            file, caption: caption?.isEmpty == false ? String(caption?.prefix(60) ?? "") : nil, accepted: FileKind.documents, maximumBytes: maximumBytes,
            owner: .init(type: owner, id: id, organizationID: model.organizationID, path: model.path, permission: .publicityWrite),
            accountID: actor.accountID, on: request)
        let undoesReview = model.state == .reviewed
        model.apply(flow)
        model.reviewNote = nil
        model.updatedAt = request.now.timeIntervalSince1970
        return try await request.write { database in
            try await attachment.create(on: database)
            try await model.update(on: database)
            return (attachment, AuditEvent("publicity.attachment", target: "publication", id: id, organization: model.organizationID,
                                           detail: "\(model.title)：上传\(attachment.kind.chinese)“\(attachment.fileName)”"
                                               + (undoesReview ? "（原审核作废，须重新审核）" : "")))
        }
    }

    static func remove(_ request: Request, from model: PublicationModel, file: Int?) async throws {
        let id = try model.requireID()
        guard let file, let attachment = try await list(id, on: request.db).first(where: { $0.id == file }) else {
            throw Abort(.notFound, reason: "没有找到该附件")
        }
        var flow = model.flow
        do { try flow.edit() } catch { throw FormProblems(field: "file", error.message) }
        model.apply(flow)
        model.reviewNote = nil
        model.updatedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await attachment.delete(on: database)
            try await model.update(on: database)
            return ((), AuditEvent("publicity.attachment", target: "publication", id: id, organization: model.organizationID,
                                   detail: "\(model.title)：删除附件“\(attachment.fileName)”"))
        }
    }

    /// A correction starts with the files of the version it corrects (the same stored content, new rows).
    static func copy(from source: Int, to target: PublicationModel, on database: any Database) async throws {
        let targetID = try target.requireID()
        for file in try await list(source, on: database) {
            let copy = AttachmentModel()
            copy.ownerType = owner
            copy.ownerID = targetID
            copy.organizationID = file.organizationID
            copy.path = file.path
            copy.permission = file.permission
            copy.fileName = file.fileName
            copy.kind = file.kind
            copy.size = file.size
            copy.sha256 = file.sha256
            copy.caption = file.caption
            copy.accountID = file.accountID
            try await copy.create(on: database)
        }
    }

    /// `/public/publicity/:id/files/:file`: a published (or corrected) publication's file, for anyone; a draft's file,
    /// or a file of something else, answers 404 like a missing one.
    static func servePublic(_ request: Request) async throws -> Response {
        let model = try await PublicityViews.findPublic(request.parameters.get("id", as: Int.self), on: request.db)
        let id = try model.requireID()
        guard let file = request.parameters.get("file", as: Int.self),
              let attachment = try await list(id, on: request.db).first(where: { $0.id == file }) else {
            throw Abort(.notFound, reason: "没有找到该文件")
        }
        let response = try await AttachmentStore.stream(attachment, on: request)
        response.headers.replaceOrAdd(name: "X-Public-Page", value: "1")
        return response
    }
}
