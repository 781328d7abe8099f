import Crypto
import DangjianCore
import Fluent
import Foundation
import NIOCore
import Vapor

/// A lesson's video, audio or PDF: streamed to disk as it arrives (no file of a lesson is ever held in memory whole),
/// checked by its content, kept once by its hash beside the other attachments, its length read from its own header,
/// and served with range requests so that phones and TVs can seek.
enum LessonMedia {
    static let ownerType = "lesson"

    static func maximumBytes(_ request: Request) -> Int { request.services.configuration.maxMediaMegabytes * 1_048_576 }

    struct Received {
        let digest: String
        let size: Int64
        let kind: FileKind
    }

    /// Writes the body to the store as it arrives, hashing it on the way; the file is either whole under its hash or gone.
    static func receive(_ request: Request, expecting lessonKind: LessonKind) async throws -> Received {
        let store = request.services.attachments
        let incoming = store.root.appendingPathComponent(".incoming", isDirectory: true)
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = incoming.appendingPathComponent("\(UUID().uuidString).part")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "无法保存上传的文件")
        }
        let limit = maximumBytes(request)
        var hasher = SHA256()
        var size: Int64 = 0
        var head: [UInt8] = []
        var kind: FileKind?
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            func take(_ chunk: ByteBuffer) throws {
                size += Int64(chunk.readableBytes)
                guard size <= Int64(limit) else {
                    throw FormProblems(field: "file", "文件超过 \(limit / 1_048_576) MB 的上限（可由 DANGJIAN_MEDIA_MAX_MB 调整）")
                }
                if kind == nil {
                    head += chunk.readableBytesView.prefix(16 - head.count)
                    if head.count >= 16 || head.count == Int(size) { kind = try sniff(head, size: size, expecting: lessonKind, final: head.count >= 16) }
                }
                chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                try handle.write(contentsOf: Data(chunk.readableBytesView))
            }
            if let collected = request.body.data {
                try take(collected)
            } else {
                for try await chunk in request.body { try take(chunk) }
            }
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard size > 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw FormProblems(field: "file", "请选择要上传的\(lessonKind.chinese)文件")
        }
        guard let found = try kind ?? sniff(head, size: size, expecting: lessonKind, final: true) else {
            try? FileManager.default.removeItem(at: temporary)
            throw FormProblems(field: "file", "无法识别文件类型")
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let target = store.location(of: digest)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            if FileManager.default.fileExists(atPath: target.path) {
                try FileManager.default.removeItem(at: temporary)
            } else {
                guard rename(temporary.path, target.path) == 0 else { throw Abort(.internalServerError, reason: "无法保存上传的文件") }
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return Received(digest: digest, size: size, kind: found)
    }

    /// The kind of the first bytes, if it is one a lesson of `lessonKind` takes; nil until enough bytes have come.
    private static func sniff(_ head: [UInt8], size: Int64, expecting lessonKind: LessonKind, final: Bool) throws -> FileKind? {
        let accepted: Set<FileKind> = switch lessonKind {
        case .video: FileKind.lessonMedia.filter(\.isVideo)
        case .audio: FileKind.lessonMedia.filter(\.isAudio)
        case .pdf: [.pdf]
        case .text: []
        }
        guard let kind = FileKind.sniff(head), accepted.contains(kind) else {
            guard final else { return nil }
            let names: String = switch lessonKind {
            case .video: "MP4、WebM 或 MOV 视频"
            case .audio: "WAV、MP3、M4A 或 OGG 音频"
            case .pdf: "PDF 文档"
            case .text: "（图文课时不需要文件）"
            }
            throw FormProblems(field: "file", "\(lessonKind.chinese)课时只能上传\(names)（按文件内容判断，不看扩展名）")
        }
        return kind
    }

    /// The length of a stored file from its header, or nil.
    static func duration(of received: Received, in store: AttachmentStore) -> Double? {
        guard let handle = try? FileHandle(forReadingFrom: store.location(of: received.digest)) else { return nil }
        defer { try? handle.close() }
        let seconds = try? MediaDuration.seconds(kind: received.kind, size: received.size) { offset, count in
            guard offset >= 0, offset < received.size else { return [] }
            try handle.seek(toOffset: UInt64(offset))
            return Array(try handle.read(upToCount: count) ?? Data())
        }
        return seconds.flatMap { $0 }.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
    }

    struct UploadQuery: Content, APISchemaHints {
        /// The file's name as the uploader knows it.
        var name: String?
        /// Whole seconds, for a video whose length cannot be read from the file (WebM); ignored when it can.
        var durationSeconds: Int?

        static var schemaHints: [String: Schema] { ["durationSeconds": .integer(minimum: 1, maximum: 86_400)] }
    }

    /// Stores the body as the lesson's file (replacing an earlier one) and sets its length.
    static func attach(_ request: Request, _ query: UploadQuery, to lesson: LessonModel, of course: CourseModel) async throws -> LessonModel {
        guard lesson.kind != .text else { throw FormProblems(field: "file", "图文课时不需要上传文件") }
        let received = try await receive(request, expecting: lesson.kind)
        let store = request.services.attachments
        var seconds = lesson.kind.isPlayed ? duration(of: received, in: store) : nil
        if lesson.kind.isPlayed && seconds == nil {
            guard let given = query.durationSeconds, (1...86_400).contains(given) else {
                throw FormProblems(field: "durationSeconds", "无法从文件读出时长，请填写时长（秒，1–86400）")
            }
            seconds = Double(given)
        }
        let attachment = AttachmentStore.row(owner: .init(type: ownerType, id: try lesson.requireID(), organizationID: course.organizationID,
                                                          path: course.path, permission: .learningWrite),
                                             fileName: AttachmentStore.cleanName(query.name ?? "", kind: received.kind), kind: received.kind,
                                             size: received.size, sha256: received.digest, caption: nil, accountID: request.actor?.accountID)
        let duration = seconds ?? 0
        return try await request.write { database in
            try await attachment.create(on: database)
            lesson.mediaID = try attachment.requireID()
            lesson.durationSeconds = duration
            try await lesson.update(on: database)
            return (lesson, AuditEvent("learning.lesson.media", target: "lesson", id: lesson.id, organization: course.organizationID,
                                       detail: "课时“\(lesson.title)”上传\(received.kind.chinese)（\(AttachmentView.readable(received.size))"
                                           + (duration > 0 ? "，时长 \(LessonCredit.clock(duration))" : "") + "）"))
        }
    }

    /// The lesson's file for someone who may read the course; `Range` requests are answered with 206 and the part asked.
    static func serve(_ lesson: LessonModel, on request: Request) async throws -> Response {
        guard let id = lesson.mediaID, let model = try await AttachmentModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "该课时还没有文件")
        }
        let response = try await AttachmentStore.stream(model, on: request)
        if model.kind.isAudio || model.kind == .pdf {
            response.headers.replaceOrAdd(name: .contentDisposition,
                                          value: Downloads.disposition("inline", name: model.fileName, fallback: "lesson.\(model.kind.fileExtension)"))
        }
        return response
    }
}
