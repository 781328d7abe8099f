import Crypto
import DangjianCore
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
                                          publishedOn: today.adding(days: -30 + index), now: now, services: services, on: database)
            if firstCourse == nil { firstCourse = course }
        }
        // The bank for practice, 答题闯关 and contests, filed at the county.
        for entry in DemoQuestionBank.entries {
            let question = QuestionModel()
            question.organizationID = try root.requireID()
            question.path = root.path
            question.topicID = topics[entry.topic] ?? 1
            question.kind = entry.question.kind
            question.difficulty = entry.difficulty
            question.stem = entry.question.stem
            question.options = String(decoding: try JSONEncoder().encode(entry.question.options), as: UTF8.self)
            question.answer = entry.question.answer
            question.explanation = entry.question.explanation
            question.source = "演示题库"
            question.createdAt = now
            try await question.create(on: database)
        }
        // A village's own material, for its members only.
        if let village = try await OrganizationModel.query(on: database).filter(\.$name == "柳河镇东岗村党支部").first(), let villageID = village.id {
            let story = DemoLibrary.villageStory
            _ = try await insert(story, organization: village, reach: .subtree, topic: topics["红色故事"] ?? 1, author: author,
                                 publishedOn: today.adding(days: -3), now: now, services: services, on: database)
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

    private static func insert(_ demo: DemoLibrary.Course, organization: OrganizationModel, reach: CourseModel.Reach, topic: Int, author: Int,
                               publishedOn: CalendarDate, now: Double, services: AppServices, on database: any Database) async throws -> Int {
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
                let attachment = AttachmentModel()
                attachment.ownerType = LessonMedia.ownerType
                attachment.ownerID = lessonID
                attachment.organizationID = course.organizationID
                attachment.path = course.path
                attachment.permission = Permission.learningWrite.rawValue
                attachment.fileName = "\(demoLesson.title).wav"
                attachment.kind = .wav
                attachment.size = Int64(bytes.count)
                attachment.sha256 = digest
                try await attachment.create(on: database)
                lesson.mediaID = try attachment.requireID()
                try await lesson.update(on: database)
            }
            for demoQuestion in demoLesson.questions {
                let question = QuestionModel()
                question.organizationID = course.organizationID
                question.path = course.path
                question.topicID = topic
                question.kind = demoQuestion.kind
                question.difficulty = .easy
                question.stem = demoQuestion.stem
                question.options = String(decoding: try JSONEncoder().encode(demoQuestion.options), as: UTF8.self)
                question.answer = demoQuestion.answer
                question.explanation = demoQuestion.explanation
                question.source = "《\(demo.title)》"
                question.lessonID = lessonID
                question.createdAt = now
                try await question.create(on: database)
            }
        }
        return courseID
    }
}
