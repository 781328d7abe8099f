import Crypto
import DangjianCore
import Fluent
import Foundation
import NIOCore
import Vapor

/// 附件 — a stored file (a scan, a photo, a video) belonging to a record: who may read it is the owner's permission
/// at the owner's place in the tree, copied here so that serving a file needs no knowledge of its owner.
final class AttachmentModel: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// `development`, later `activity` and others.
    @Field(key: "owner_type") var ownerType: String
    @Field(key: "owner_id") var ownerID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "permission") var permission: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "kind") var kind: FileKind
    @Field(key: "size") var size: Int64
    @Field(key: "sha256") var sha256: String
    @OptionalField(key: "caption") var caption: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}

/// An attachment as lists show it.
struct AttachmentView: Content {
    let id: Int
    let fileName: String
    let kindLabel: String
    let isImage: Bool
    let size: String
    let caption: String?
    /// Where it is served: the file route by default, a public page's own route for a published 三务公开.
    var url: String

    /// `prefix` is `/api/v1` for answers of the API.
    init(_ model: AttachmentModel, prefix: String = "") {
        id = model.id!
        fileName = model.fileName
        kindLabel = model.kind.chinese
        isImage = model.kind.isImage
        size = Self.readable(model.size)
        caption = model.caption
        url = prefix + "/files/\(model.id!)"
    }

    static func readable(_ bytes: Int64) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, bytes / 1024)) KB"
    }
}

/// Content-addressed files under `<data>/files/ab/cd/<sha256>`: written to a temporary file, flushed to disk, then
/// renamed into place, so a file is either whole or absent; the same content uploaded twice is kept once.
struct AttachmentStore: Sendable {
    let root: URL

    init(dataDirectory: URL) {
        root = dataDirectory.appendingPathComponent("files", isDirectory: true)
    }

    struct Owner {
        let type: String
        let id: Int
        let organizationID: Int
        let path: String
        let permission: Permission
    }

    func location(of sha256: String) -> URL {
        let start = sha256.startIndex
        let first = String(sha256[start..<sha256.index(start, offsetBy: 2)])
        let second = String(sha256[sha256.index(start, offsetBy: 2)..<sha256.index(start, offsetBy: 4)])
        return root.appendingPathComponent(first).appendingPathComponent(second).appendingPathComponent(sha256)
    }

    /// Checks the file (size, kind by content), writes it durably and returns the row to insert with the owner's record.
    func keep(_ file: File, caption: String?, accepted: Set<FileKind>, maximumBytes: Int, owner: Owner, accountID: Int?,
              on request: Request) async throws -> AttachmentModel {
        let bytes = file.data.readableBytesView
        guard !bytes.isEmpty else { throw FormProblems(field: "file", "请选择要上传的文件") }
        guard bytes.count <= maximumBytes else {
            throw FormProblems(field: "file", "文件过大（\(AttachmentView.readable(Int64(bytes.count)))），单个文件不能超过 \(maximumBytes / 1_048_576) MB")
        }
        guard let kind = FileKind.sniff(bytes), accepted.contains(kind) else {
            let names = Set(accepted.map(\.chinese)).sorted().joined(separator: "、")
            throw FormProblems(field: "file", "只能上传\(names)（按文件内容判断，不看扩展名）；“\(file.filename)”不是可接受的文件")
        }
        let digest = SHA256.hash(data: Data(bytes)).map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
        let target = location(of: digest)
        let data = Data(bytes)
        try await request.application.threadPool.runIfActive {
            try Self.writeDurably(data, to: target)
        }
        return Self.row(owner: owner, fileName: Self.cleanName(file.filename, kind: kind), kind: kind, size: Int64(bytes.count), sha256: digest,
                        caption: caption.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : String($0.prefix(100)) },
                        accountID: accountID)
    }

    /// The row of a stored file, to insert with its owner's record.
    static func row(owner: Owner, fileName: String, kind: FileKind, size: Int64, sha256: String, caption: String?, accountID: Int?) -> AttachmentModel {
        let model = AttachmentModel()
        model.ownerType = owner.type
        model.ownerID = owner.id
        model.organizationID = owner.organizationID
        model.path = owner.path
        model.permission = owner.permission.rawValue
        model.fileName = fileName
        model.kind = kind
        model.size = size
        model.sha256 = sha256
        model.caption = caption
        model.accountID = accountID
        return model
    }

    /// A body clearly larger than the file limit (beyond what the form's other fields could add) is refused before it
    /// is parsed, with the same message as a file found too large after parsing.
    static func refuseOversized(_ request: Request, maximumBytes: Int) throws {
        let size = request.body.data?.readableBytes ?? 0
        guard size > maximumBytes + 16 * 1024 else { return }
        throw FormProblems(field: "file", "文件过大（\(AttachmentView.readable(Int64(size)))），单个文件不能超过 \(maximumBytes / 1_048_576) MB")
    }

    static func writeDurably(_ data: Data, to target: URL) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) { return }
        let directory = target.deletingLastPathComponent()
        try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).part")
        guard manager.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "无法保存文件")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, target.path) == 0 else { throw Abort(.internalServerError, reason: "无法保存文件") }
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
    }

    /// The name shown and offered on download: the uploaded name without any path, with the extension of its real kind.
    static func cleanName(_ name: String, kind: FileKind) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let stem = base.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        let kept = String((stem.isEmpty ? base : stem).filter { !$0.isNewline && $0 != "\"" }.prefix(80))
        return (kept.isEmpty ? "附件" : kept) + "." + kind.fileExtension
    }

    /// Serves a file to someone whose permission holds at the owner's place; anyone else gets the same 404 as a missing file.
    static func respond(_ id: Int?, on request: Request) async throws -> Response {
        guard let id, let model = try await AttachmentModel.find(id, on: request.db), let path = OrgPath(model.path),
              let permission = Permission(rawValue: model.permission) else {
            throw Abort(.notFound, reason: "没有找到该文件")
        }
        // A resident's or member's photo of their own request is theirs to see, whoever handles the request now.
        let ownRequestPhoto = model.ownerType == DemandWork.attachmentOwner && model.accountID == request.actor?.accountID
        guard try ownRequestPhoto || request.policy.allows(permission, at: path) else {
            await request.auditDenied("file.read", target: "attachment", id: id, detail: "超出管理范围（\(permission.chinese)）")
            throw Abort(.notFound, reason: "没有找到该文件")
        }
        return try await stream(model, on: request)
    }

    /// The file's bytes with its type and name, whoever checked that the caller may have it.
    static func stream(_ model: AttachmentModel, on request: Request) async throws -> Response {
        let store = request.services.attachments
        let response = try await request.fileio.asyncStreamFile(at: store.location(of: model.sha256).path)
        response.headers.replaceOrAdd(name: .contentType, value: model.kind.contentType)
        let disposition = model.kind.isImage || model.kind.isVideo ? "inline" : "attachment"
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: Downloads.disposition(disposition, name: model.fileName, fallback: "file.\(model.kind.fileExtension)"))
        response.headers.replaceOrAdd(name: "X-Stored-File", value: "1")
        return response
    }
}

/// `/files/:id` for pages and `/api/v1/files/:id`: each file checked against its owner's permission and scope.
struct FileRoutes: RouteCollection {
    var api = false

    func boot(routes: any RoutesBuilder) throws {
        if api {
            routes.download("files", ":id", requires: .signedIn, summary: "一个附件（照片、视频、PDF），按其所属记录的权限与范围",
                            produces: FileKind.allCases.map(\.contentType), use: serve)
        } else {
            routes.get("files", ":id", use: serve).requires(.signedIn)
        }
    }

    @Sendable func serve(_ request: Request) async throws -> Response {
        try await AttachmentStore.respond(request.parameters.get("id", as: Int.self), on: request)
    }
}
