import DangjianCore
import Fluent
import Foundation
import Vapor

/// What the library's pages and the API show: courses with each member's standing, lessons with their progress.
enum LibraryViews {
    struct Topic: Content {
        let id: Int
        let name: String
    }

    struct CourseSummary: Content {
        let id: Int
        let title: String
        let summary: String
        let topic: String
        let audience: String
        let audienceLabel: String
        let reach: CourseModel.Reach
        let state: CourseModel.State
        let organizationName: String
        let lessons: Int
        /// The caller's completed lessons (0 for an account without a member record).
        let completed: Int
        let percent: Int
        let hours: String
        /// The course's 封面, if it has one.
        let posterURL: String?
    }

    struct LessonSummary: Content {
        let id: Int
        let position: Int
        let title: String
        let kind: LessonKind
        let kindLabel: String
        /// `12:05` for a played lesson, `约 15 分钟` for a read one.
        let length: String
        let hours: String
        let hasMedia: Bool
        let questions: Int
        let completed: Bool
    }

    struct CourseView: Content {
        let course: CourseSummary
        let lessons: [LessonSummary]
        /// The caller keeps the course (may edit, add lessons, publish, assign).
        let keeper: Bool
    }

    struct Question: Content {
        let id: Int
        let kind: QuestionKind
        let kindLabel: String
        let stem: String
        let options: [String]
    }

    struct LessonView: Content {
        let id: Int
        let courseID: Int
        let courseTitle: String
        let position: Int
        let title: String
        let kind: LessonKind
        let kindLabel: String
        let body: String
        let mediaURL: String?
        let mediaType: String?
        let durationSeconds: Double
        let readingMinutes: Int
        let hours: String
        /// Seconds played at least once, as the server counted them.
        let playedSeconds: Double
        let playedPercent: Int
        let requiredPercent: Int
        let readToEnd: Bool
        let completed: Bool
        let completedOn: CalendarDate?
        let questions: [Question]
        let checkCorrect: Int?
        let checkTotal: Int?
        let checkPassPercent: Int
        let previousLessonID: Int?
        let nextLessonID: Int?
        /// Whether progress is recorded for the caller (a member the published course reaches).
        let recorded: Bool
        /// The lesson's pictures; a paragraph `[图2]` in the body places the second.
        let images: [LearningImages.Image]
    }

    static func topics(on database: any Database) async throws -> [Topic] {
        try await LearningTopicModel.query(on: database).sort(\.$position).all().compactMap { topic in topic.id.map { Topic(id: $0, name: topic.name) } }
    }

    static func hours(_ lesson: LessonModel, rules: RuleBook) -> String {
        ClassHours.text(LessonCredit.tenths(kind: lesson.kind, durationSeconds: lesson.durationSeconds, readingMinutes: lesson.readingMinutes, rules: rules))
    }

    static func length(_ lesson: LessonModel) -> String {
        lesson.kind.isPlayed ? (lesson.durationSeconds > 0 ? LessonCredit.clock(lesson.durationSeconds) : "时长未定") : "约 \(lesson.readingMinutes) 分钟"
    }

    /// Summaries of `courses` with the standing of `member` (if any).
    static func summaries(_ courses: [CourseModel], member: MemberModel?, rules: RuleBook, prefix: String = "",
                          on database: any Database) async throws -> [CourseSummary] {
        let ids = courses.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let lessons = try await LessonModel.query(on: database).filter(\.$courseID ~~ ids).all()
        let byCourse = Dictionary(grouping: lessons, by: \.courseID)
        var done: Set<Int> = []
        if let member, let memberID = member.id {
            let lessonIDs = lessons.compactMap(\.id)
            for chunk in lessonIDs.chunked(into: 1000) {
                let rows = try await LessonProgressModel.query(on: database).filter(\.$memberID == memberID).filter(\.$lessonID ~~ Array(chunk))
                    .filter(\.$completedOn != nil).all()
                done.formUnion(rows.map(\.lessonID))
            }
        }
        let topics = Dictionary(try await LearningTopicModel.query(on: database).all().compactMap { topic in topic.id.map { ($0, topic.name) } },
                                uniquingKeysWith: { first, _ in first })
        let names = try await PublicView.organizationNames(Set(courses.map(\.organizationID)), on: database)
        return courses.compactMap { course in
            guard let id = course.id else { return nil }
            let own = byCourse[id] ?? []
            let standing = CourseStanding(lessons: own.count, completed: own.filter { $0.id.map(done.contains) ?? false }.count)
            let tenths = own.reduce(0) { $0 + LessonCredit.tenths(kind: $1.kind, durationSeconds: $1.durationSeconds, readingMinutes: $1.readingMinutes, rules: rules) }
            return CourseSummary(id: id, title: course.title, summary: course.summary, topic: topics[course.topicID] ?? "", audience: course.audience,
                                 audienceLabel: course.studyAudience.chinese, reach: course.reach, state: course.state,
                                 organizationName: names[course.organizationID] ?? "", lessons: standing.lessons, completed: standing.completed,
                                 percent: standing.percent, hours: ClassHours.text(tenths), posterURL: LearningImages.posterURL(course, prefix: prefix))
        }
    }

    static func course(_ course: CourseModel, prefix: String = "", on request: Request) async throws -> CourseView {
        let member = try await DuesPages.ownMember(request)
        let rules = request.services.rules
        guard let summary = try await summaries([course], member: member, rules: rules, prefix: prefix, on: request.db).first else { throw Abort(.notFound) }
        let lessons = try await LessonModel.query(on: request.db).filter(\.$courseID == course.requireID()).sort(\.$position).all()
        var progress: [Int: LessonProgressModel] = [:]
        if let member { progress = try await LibraryWork.progress(of: member, in: lessons.compactMap(\.id), on: request.db) }
        var questionCounts: [Int: Int] = [:]
        if !lessons.isEmpty {
            for question in try await QuestionModel.query(on: request.db).filter(\.$lessonID ~~ lessons.compactMap(\.id)).all() {
                if let lessonID = question.lessonID { questionCounts[lessonID, default: 0] += 1 }
            }
        }
        return CourseView(course: summary, lessons: lessons.compactMap { lesson -> LessonSummary? in
            guard let id = lesson.id else { return nil }
            return LessonSummary(id: id, position: lesson.position, title: lesson.title, kind: lesson.kind, kindLabel: lesson.kind.chinese,
                                 length: length(lesson), hours: hours(lesson, rules: rules), hasMedia: lesson.mediaID != nil,
                                 questions: questionCounts[id] ?? 0, completed: progress[id]?.completedOn != nil)
        }, keeper: try LibraryWork.keeps(course, on: request))
    }

    static func lesson(_ lesson: LessonModel, course: CourseModel, prefix: String = "", on request: Request) async throws -> LessonView {
        let id = try lesson.requireID()
        let member = try await DuesPages.ownMember(request)
        let rules = request.services.rules
        let recorded = member.map { LibraryWork.reaches(course, memberPath: $0.orgPath) } ?? false
        var progress: LessonProgressModel?
        if let member { progress = try await LibraryWork.progress(of: member, in: [id], on: request.db)[id] }
        let siblings = try await LessonModel.query(on: request.db).filter(\.$courseID == lesson.courseID).sort(\.$position).all()
        let index = siblings.firstIndex { $0.id == id }
        let questions = try await LibraryWork.checkQuestions(of: lesson, on: request.db)
        var mediaType: String?
        if let mediaID = lesson.mediaID { mediaType = try await AttachmentModel.find(mediaID, on: request.db)?.kind.contentType }
        let played = progress?.playedRanges.covered(of: lesson.durationSeconds) ?? 0
        let images = LearningImages.views(try await LearningImages.images(of: id, on: request.db), lesson: id, prefix: prefix)
        return LessonView(
            id: id, courseID: lesson.courseID, courseTitle: course.title, position: lesson.position, title: lesson.title, kind: lesson.kind,
            kindLabel: lesson.kind.chinese, body: lesson.body, mediaURL: lesson.mediaID.map { _ in "\(prefix)/learning/lessons/\(id)/media" },
            mediaType: mediaType, durationSeconds: lesson.durationSeconds, readingMinutes: lesson.readingMinutes, hours: hours(lesson, rules: rules),
            playedSeconds: played, playedPercent: lesson.durationSeconds > 0 ? min(100, Int(played * 100 / lesson.durationSeconds)) : 0,
            requiredPercent: rules.value(.learningPlayedPercent), readToEnd: progress?.readToEnd ?? false,
            completed: progress?.completedOn != nil, completedOn: progress?.completedOn,
            questions: questions.compactMap { question in
                question.id.map { Question(id: $0, kind: question.kind, kindLabel: question.kind.chinese, stem: question.stem, options: question.choices) }
            },
            checkCorrect: progress?.checkCorrect, checkTotal: progress?.checkTotal, checkPassPercent: rules.value(.learningCheckPassPercent),
            previousLessonID: index.flatMap { $0 > 0 ? siblings[$0 - 1].id : nil },
            nextLessonID: index.flatMap { $0 + 1 < siblings.count ? siblings[$0 + 1].id : nil }, recorded: recorded, images: images)
    }

    struct Shelf: Content {
        let topic: String
        let courses: [CourseSummary]
    }

    struct Home: Content {
        let required: [StudyAssignments.MemberItem]
        let shelves: [Shelf]
        /// This year's 学时 against the requirement (`12.5 / 32`), for a member.
        let hours: String?
        let hoursMet: Bool?
    }

    /// A member's library: 必学 first, then the menu (选学) by topic.
    static func home(prefix: String = "", on request: Request) async throws -> Home {
        let member = try await DuesPages.ownMember(request)
        let rules = request.services.rules
        var courses: [CourseModel] = []
        if let member { courses = try await LibraryWork.courses(reaching: member.orgPath, on: request.db) }
        // A keeper without a member record sees what they keep, published or not.
        for scope in try request.policy.scopes(for: .learningWrite) where member == nil {
            courses += try await CourseModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .sort(\.$id, .descending).limit(200).all()
        }
        let summaries = try await summaries(courses, member: member, rules: rules, prefix: prefix, on: request.db)
        let topicOrder = try await topics(on: request.db).map(\.name)
        let shelves = topicOrder.compactMap { topic -> Shelf? in
            let list = summaries.filter { $0.topic == topic }
            return list.isEmpty ? nil : Shelf(topic: topic, courses: list)
        }
        var hours: String?
        var met: Bool?
        if let member {
            let view = try await ClassHoursWork.view(member, year: request.today.year, on: request)
            hours = "\(view.earned) / \(view.required)"
            met = view.met
        }
        var required: [StudyAssignments.MemberItem] = []
        if let member { required = try await StudyAssignments.items(for: member, on: request) }
        return Home(required: required, shelves: shelves, hours: hours, hoursMet: met)
    }
}
