import DangjianCore
import DangjianHTML
import Fluent
import Foundation
import Vapor

/// Pictures of the library: a course's poster (封面, shown on its card, its page and the TV) and the pictures of a 图文
/// or document lesson, placed in its text by a paragraph `[图2]` (those not placed follow the text). JPEG, PNG, GIF
/// or WebP, checked by their content, kept like every other file and served to whoever may read the course.
enum LearningImages {
    static let posterOwner = "course-poster"
    static let imageOwner = "lesson-image"
    static let maximumBytes = 5 * 1_048_576
    static let maximumImages = 20
    static let accepted: Set<FileKind> = [.jpeg, .png, .gif, .webp]

    struct Image: Content {
        let id: Int
        /// 1, 2, 3… — the number a paragraph `[图1]` places.
        let number: Int
        let url: String
        let caption: String?
    }

    static func images(of lessonID: Int, on database: any Database) async throws -> [AttachmentModel] {
        try await AttachmentModel.query(on: database).filter(\.$ownerType == imageOwner).filter(\.$ownerID == lessonID).sort(\.$id).all()
    }

    static func views(_ images: [AttachmentModel], lesson: Int, prefix: String) -> [Image] {
        images.enumerated().compactMap { index, image in
            image.id.map { Image(id: $0, number: index + 1, url: "\(prefix)/learning/lessons/\(lesson)/images/\($0)", caption: image.caption) }
        }
    }

    /// The poster's address with the poster's own id, so that a replaced poster is fetched afresh.
    static func posterURL(_ course: CourseModel, prefix: String = "") -> String? {
        guard let id = course.id, let poster = course.posterID else { return nil }
        return "\(prefix)/learning/courses/\(id)/poster?v=\(poster)"
    }

    private static func owner(_ type: String, id: Int, course: CourseModel) -> AttachmentStore.Owner {
        .init(type: type, id: id, organizationID: course.organizationID, path: course.path, permission: .learningWrite)
    }

    /// Sets (or replaces) the course's poster from the form's `file`.
    static func setPoster(_ request: Request, course: CourseModel) async throws {
        try AttachmentStore.refuseOversized(request, maximumBytes: maximumBytes)
        let input = try request.content.decode(DevelopmentWork.AttachmentInput.self)
        guard let file = input.file, file.data.readableBytes > 0 else { throw FormProblems(field: "file", "请选择封面图片（JPG、PNG）") }
        let id = try course.requireID()
        let poster = try await request.services.attachments.keep(file, caption: nil, accepted: accepted, maximumBytes: maximumBytes,
                                                                 owner: owner(posterOwner, id: id, course: course),
                                                                 accountID: request.actor?.accountID, on: request)
        let previous = try await AttachmentModel.query(on: request.db).filter(\.$ownerType == posterOwner).filter(\.$ownerID == id).all()
        course.updatedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await poster.create(on: database)
            course.posterID = try poster.requireID()
            try await course.update(on: database)
            for old in previous { try await old.delete(on: database) }
            return ((), AuditEvent("learning.course.poster", target: "course", id: id, organization: course.organizationID,
                                   detail: "《\(course.title)》\(previous.isEmpty ? "上传" : "更换")封面（\(AttachmentView.readable(poster.size))）"))
        }
    }

    /// Adds a picture to a lesson from the form's `file` and `caption`.
    static func add(_ request: Request, lesson: LessonModel, course: CourseModel) async throws {
        try AttachmentStore.refuseOversized(request, maximumBytes: maximumBytes)
        let input = try request.content.decode(DevelopmentWork.AttachmentInput.self)
        guard lesson.kind == .text || lesson.kind == .pdf else { throw FormProblems(field: "file", "只有图文和文档课时可以配图") }
        guard let file = input.file, file.data.readableBytes > 0 else { throw FormProblems(field: "file", "请选择要添加的图片（JPG、PNG）") }
        let id = try lesson.requireID()
        let count = try await images(of: id, on: request.db).count
        guard count < maximumImages else { throw FormProblems(field: "file", "一个课时最多 \(maximumImages) 张图片") }
        let caption = input.caption?.trimmed ?? ""
        guard caption.count <= 60 else { throw FormProblems(field: "caption", "图片说明不超过 60 字") }
        let image = try await request.services.attachments.keep(file, caption: caption, accepted: accepted, maximumBytes: maximumBytes,
                                                                owner: owner(imageOwner, id: id, course: course),
                                                                accountID: request.actor?.accountID, on: request)
        try await request.write { database in
            try await image.create(on: database)
            return ((), AuditEvent("learning.lesson.image", target: "lesson", id: id, organization: course.organizationID,
                                   detail: "课时“\(lesson.title)”添加图\(count + 1)" + (caption.isEmpty ? "" : "：\(caption)")))
        }
    }

    static func remove(_ request: Request, lesson: LessonModel, course: CourseModel, image imageID: Int?) async throws {
        let id = try lesson.requireID()
        let all = try await images(of: id, on: request.db)
        guard let imageID, let index = all.firstIndex(where: { $0.id == imageID }) else { throw Abort(.notFound, reason: "没有找到该图片") }
        let image = all[index]
        try await request.write { database in
            try await image.delete(on: database)
            return ((), AuditEvent("learning.lesson.image", target: "lesson", id: id, organization: course.organizationID,
                                   detail: "课时“\(lesson.title)”删除图\(index + 1)（其后的图片编号依次提前）"))
        }
    }

    /// A picture for whoever may read the course: kept a day by the browser (a replaced poster has a new address).
    static func serve(_ attachment: AttachmentModel?, on request: Request) async throws -> Response {
        guard let attachment, attachment.kind.isImage else { throw Abort(.notFound, reason: "没有找到该图片") }
        let response = try await AttachmentStore.stream(attachment, on: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=86400")
        return response
    }

    static func poster(of course: CourseModel, on request: Request) async throws -> Response {
        guard let id = course.posterID else { throw Abort(.notFound, reason: "该课程没有封面") }
        let attachment = try await AttachmentModel.find(id, on: request.db)
        return try await serve(attachment?.ownerType == posterOwner && attachment?.ownerID == course.id ? attachment : nil, on: request)
    }

    static func image(_ imageID: Int?, of lesson: LessonModel, on request: Request) async throws -> Response {
        guard let imageID, let lessonID = lesson.id else { throw Abort(.notFound, reason: "没有找到该图片") }
        return try await serve(try await images(of: lessonID, on: request.db).first { $0.id == imageID }, on: request)
    }
}

/// The pictures' addresses: read by anyone who may read the course, kept by its keepers, as pages and in the API.
struct LearningImageRoutes: RouteCollection {
    var api = false

    func boot(routes: any RoutesBuilder) throws {
        let learning = routes.grouped("learning")
        let images = LearningImages.accepted.map(\.contentType).sorted()
        if api {
            learning.download("courses", ":id", "poster", requires: .ownRecord, summary: "课程封面图片", produces: images, use: poster)
            learning.upload("courses", ":id", "poster", requires: .learningWrite, summary: "上传或更换课程封面（JPG、PNG、GIF、WebP，按内容判断，最大 5 MB）",
                            fields: ["file"], maximumBytes: LearningImages.maximumBytes + 64 * 1024, status: .ok, use: setPosterAPI)
            learning.download("lessons", ":id", "images", ":image", requires: .ownRecord, summary: "课时的一张配图", produces: images, use: image)
            learning.upload("lessons", ":id", "images", requires: .learningWrite,
                            summary: "给图文或文档课时添加配图（最多 20 张，每张最大 5 MB）；正文中单独一段“[图2]”把第 2 张放在该处",
                            fields: ["file", "caption"], maximumBytes: LearningImages.maximumBytes + 64 * 1024, status: .created, use: addAPI)
            learning.api(.DELETE, "lessons", ":id", "images", ":image", requires: .learningWrite, summary: "删除课时的一张配图（其后的编号依次提前）",
                         use: removeAPI)
        } else {
            learning.get("courses", ":id", "poster", use: poster).requires(.ownRecord)
            learning.get("lessons", ":id", "images", ":image", use: image).requires(.ownRecord)
            let manage = learning.grouped("manage")
            let body = ByteCount(value: LearningImages.maximumBytes + 64 * 1024)
            manage.on(.POST, "courses", ":id", "poster", body: .collect(maxSize: body), use: setPoster).requires(.learningWrite)
            manage.on(.POST, "lessons", ":id", "images", body: .collect(maxSize: body), use: add).requires(.learningWrite)
            manage.post("lessons", ":id", "images", ":image", "delete", use: remove).requires(.learningWrite)
        }
    }

    @Sendable func poster(_ request: Request) async throws -> Response {
        try await LearningImages.poster(of: try await LibraryWork.readable(request.parameters.get("id", as: Int.self), on: request), on: request)
    }

    @Sendable func image(_ request: Request) async throws -> Response {
        let (lesson, _) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        return try await LearningImages.image(request.parameters.get("image", as: Int.self), of: lesson, on: request)
    }

    @Sendable func setPosterAPI(_ request: Request) async throws -> LibraryViews.CourseView {
        let course = try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request)
        try await LearningImages.setPoster(request, course: course)
        return try await LibraryViews.course(course, prefix: "/api/v1", on: request)
    }

    @Sendable func addAPI(_ request: Request) async throws -> [LearningImages.Image] {
        let (lesson, course) = try await LibraryPages.keptLesson(request.parameters.get("id", as: Int.self), on: request)
        try await LearningImages.add(request, lesson: lesson, course: course)
        return LearningImages.views(try await LearningImages.images(of: try lesson.requireID(), on: request.db), lesson: try lesson.requireID(), prefix: "/api/v1")
    }

    @Sendable func removeAPI(_ request: Request) async throws -> [LearningImages.Image] {
        let (lesson, course) = try await LibraryPages.keptLesson(request.parameters.get("id", as: Int.self), on: request)
        try await LearningImages.remove(request, lesson: lesson, course: course, image: request.parameters.get("image", as: Int.self))
        return LearningImages.views(try await LearningImages.images(of: try lesson.requireID(), on: request.db), lesson: try lesson.requireID(), prefix: "/api/v1")
    }

    /// Pages: back to the course's keeping page, with the problem shown at its form if the file was refused.
    private func back(_ request: Request, course: CourseModel, form: String, anchor: String, _ work: () async throws -> Void) async throws -> Response {
        do {
            try await work()
            return request.redirect(to: "/learning/manage/courses/\(try course.requireID())?notice=saved#\(anchor)")
        } catch let problems as FormProblems {
            return try await LibraryPages().renderCourse(request, course, failed: form, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func setPoster(_ request: Request) async throws -> Response {
        let course = try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request)
        return try await back(request, course: course, form: "poster", anchor: "poster") { try await LearningImages.setPoster(request, course: course) }
    }

    @Sendable func add(_ request: Request) async throws -> Response {
        let (lesson, course) = try await LibraryPages.keptLesson(request.parameters.get("id", as: Int.self), on: request)
        let id = try lesson.requireID()
        return try await back(request, course: course, form: "image-\(id)", anchor: "lesson-\(id)") {
            try await LearningImages.add(request, lesson: lesson, course: course)
        }
    }

    @Sendable func remove(_ request: Request) async throws -> Response {
        let (lesson, course) = try await LibraryPages.keptLesson(request.parameters.get("id", as: Int.self), on: request)
        try await LearningImages.remove(request, lesson: lesson, course: course, image: request.parameters.get("image", as: Int.self))
        return request.redirect(to: "/learning/manage/courses/\(lesson.courseID)?notice=saved#lesson-\(try lesson.requireID())")
    }
}
