import Crypto
import DangjianCore
import DangjianDocuments
import Fluent
import Foundation

/// Puts the demo library in place: the county's courses published to everyone, their generated audio stored like any
/// upload, their check questions; 东岗村's own red story for its members; and a 必学 for the village due in three weeks.
enum DemoLibraryLoader {
    static func load(services: AppServices, on database: any Database) async throws {
        guard let root = try await OrganizationModel.query(on: database).filter(\.$parentID == nil).sort(\.$id).first(),
              try await CourseModel.query(on: database).count() == 0 else { return }
        let author = try await AccountModel.query(on: database).filter(\.$username == "county-admin").first()?.id ?? 0
        let topics = Dictionary(try await LearningTopicModel.query(on: database).all().compactMap { topic in topic.id.map { (topic.name, $0) } },
                                uniquingKeysWith: { first, _ in first })
        let today = services.clock.today()
        let now = services.clock.now().timeIntervalSince1970
        var firstCourse: Int?
        for (index, demo) in DemoLibrary.courses.enumerated() {
            let course = try await insert(demo, organization: root, reach: .everyone, topic: topics[demo.topic] ?? 1, author: author,
                                          publishedOn: today.adding(days: -30 + index), poster: index, now: now, services: services, on: database)
            if firstCourse == nil { firstCourse = course }
        }
        // The bank for practice, 答题闯关 and contests, filed at the county.
        for entry in DemoQuestionBank.entries {
            try await question(entry.question, difficulty: entry.difficulty, topic: topics[entry.topic] ?? 1, source: "演示题库",
                               organization: root, lesson: nil, now: now, on: database)
        }
        // A village's own material, for its members only.
        if let village = try await OrganizationModel.query(on: database).filter(\.$name == "柳河镇东岗村党支部").first(), let villageID = village.id {
            let story = DemoLibrary.villageStory
            let storyID = try await insert(story, organization: village, reach: .subtree, topic: topics["红色故事"] ?? 1, author: author,
                                           publishedOn: today.adding(days: -3), poster: DemoLibrary.courses.count, now: now, services: services, on: database)
            // The story's first lesson has a picture, placed by the `[图1]` of its text.
            if let lesson = try await LessonModel.query(on: database).filter(\.$courseID == storyID).sort(\.$position).first(), let lessonID = lesson.id {
                try await picture(DemoPoster.draw(DemoLibrary.courses.count + 1), name: "老槐树.png", caption: DemoLibrary.villageStoryCaption,
                                  owner: .init(type: LearningImages.imageOwner, id: lessonID, organizationID: villageID, path: village.path,
                                               permission: .learningWrite), services: services, on: database)
            }
            if let course = firstCourse {
                let assignment = StudyAssignmentModel()
                assignment.courseID = course
                assignment.organizationID = villageID
                assignment.path = village.path
                assignment.audience = StudyAudience.all.rawValue
                assignment.due = today.adding(days: 21)
                assignment.assignedOn = today.adding(days: -2)
                assignment.authorID = author
                assignment.createdAt = now
                try await assignment.create(on: database)
            }
        }
    }

    /// Stores a picture drawn here as a PNG attachment of `owner`; its id.
    @discardableResult
    private static func picture(_ picture: DemoPoster.Picture, name: String, caption: String?, owner: AttachmentStore.Owner,
                                services: AppServices, on database: any Database) async throws -> Int {
        let bytes = try PNGWriter.palette(width: picture.width, height: picture.height, palette: picture.palette, pixels: picture.pixels)
        let digest = SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
        try AttachmentStore.writeDurably(Data(bytes), to: services.attachments.location(of: digest))
        let attachment = AttachmentStore.row(owner: owner, fileName: name, kind: .png, size: Int64(bytes.count), sha256: digest, caption: caption, accountID: nil)
        try await attachment.create(on: database)
        return try attachment.requireID()
    }

    private static func insert(_ demo: DemoLibrary.Course, organization: OrganizationModel, reach: CourseModel.Reach, topic: Int, author: Int,
                               publishedOn: CalendarDate, poster: Int, now: Double, services: AppServices, on database: any Database) async throws -> Int {
        let course = CourseModel()
        course.organizationID = try organization.requireID()
        course.path = organization.path
        course.title = demo.title
        course.summary = demo.summary
        course.topicID = topic
        course.audience = demo.audience.rawValue
        course.reach = reach
        course.state = .published
        course.authorID = author
        course.publishedOn = publishedOn
        course.createdAt = now
        course.updatedAt = now
        try await course.create(on: database)
        let courseID = try course.requireID()
        course.posterID = try await picture(DemoPoster.draw(poster), name: "\(demo.title).png", caption: nil,
                                            owner: .init(type: LearningImages.posterOwner, id: courseID, organizationID: course.organizationID,
                                                         path: course.path, permission: .learningWrite), services: services, on: database)
        try await course.update(on: database)
        for (position, demoLesson) in demo.lessons.enumerated() {
            let lesson = LessonModel()
            lesson.courseID = courseID
            lesson.position = position + 1
            lesson.title = demoLesson.title
            lesson.kind = demoLesson.kind
            lesson.body = demoLesson.body
            lesson.readingMinutes = demoLesson.kind.isPlayed ? 0 : demoLesson.minutes
            lesson.durationSeconds = Double(demoLesson.audioSeconds)
            lesson.createdAt = now
            try await lesson.create(on: database)
            let lessonID = try lesson.requireID()
            if demoLesson.kind == .audio {
                let bytes = DemoAudio.wav(seconds: demoLesson.audioSeconds, seed: UInt64(lessonID))
                let digest = SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
                try AttachmentStore.writeDurably(Data(bytes), to: services.attachments.location(of: digest))
                let attachment = AttachmentStore.row(owner: .init(type: LessonMedia.ownerType, id: lessonID, organizationID: course.organizationID,
                                                                  path: course.path, permission: .learningWrite),
                                                     fileName: "\(demoLesson.title).wav", kind: .wav, size: Int64(bytes.count), sha256: digest,
                                                     caption: nil, accountID: nil)
                try await attachment.create(on: database)
                lesson.mediaID = try attachment.requireID()
                try await lesson.update(on: database)
            }
            for demoQuestion in demoLesson.questions {
                try await question(demoQuestion, difficulty: .easy, topic: topic, source: "《\(demo.title)》", organization: organization,
                                   lesson: lessonID, now: now, on: database)
            }
        }
        return courseID
    }

    private static func question(_ demo: DemoLibrary.Question, difficulty: Difficulty, topic: Int, source: String, organization: OrganizationModel,
                                 lesson: Int?, now: Double, on database: any Database) async throws {
        let draft = QuestionDraft(kind: demo.kind, difficulty: difficulty, stem: demo.stem, options: demo.options, answer: demo.answer,
                                  explanation: demo.explanation)
        try await QuestionBankWork.model(draft, topic: topic, source: source, organization: try organization.requireID(), path: organization.path,
                                         lesson: lesson, now: now).create(on: database)
    }
}
