import DangjianCore
import Fluent
import Foundation
import SQLKit

/// 学习专题 — the topics courses and questions are filed under (党史, 党章党规 …), as data a county can extend.
final class LearningTopicModel: Model, @unchecked Sendable {
    static let schema = "learning_topics"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int

    init() {}

    init(name: String, position: Int) {
        self.name = name
        self.position = position
    }

    static let defaults = ["党史", "党章党规", "理论政策", "乡村振兴", "党务业务", "财务", "法律法规", "红色故事"]
}

/// A course: lessons under one title, owned by an organization and offered to its subtree — or, from the county, to
/// everyone on the platform.
final class CourseModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "courses"

    enum Reach: String, Codable, Sendable, CaseIterable { case subtree, everyone }
    enum State: String, Codable, Sendable, CaseIterable { case draft, published }

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "topic_id") var topicID: Int
    /// A `StudyAudience` raw value: who the course is meant for (the menu shows it to everyone it reaches).
    @Field(key: "audience") var audience: String
    @Field(key: "reach") var reach: Reach
    @Field(key: "state") var state: State
    @OptionalField(key: "poster_id") var posterID: Int?
    @Field(key: "author_id") var authorID: Int
    @OptionalField(key: "published_on") var publishedOn: CalendarDate?
    @Field(key: "created_at") var createdAt: Double
    @Field(key: "updated_at") var updatedAt: Double

    init() {}

    var studyAudience: StudyAudience { StudyAudience(rawValue: audience) ?? .all }
}

/// One lesson of a course: text to read, a PDF, or audio or video played from the platform's own store.
final class LessonModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "lessons"
    static let parentTable = CourseModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "course_id") var courseID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: LessonKind
    /// The text of a 图文 lesson (paragraphs separated by blank lines, `## ` for a heading), or an introduction.
    @Field(key: "body") var body: String
    /// The stored PDF, audio or video.
    @OptionalField(key: "media_id") var mediaID: Int?
    @Field(key: "duration_seconds") var durationSeconds: Double
    /// What a 图文 or PDF lesson takes to read, as its author judges; its 学时 follow from it.
    @Field(key: "reading_minutes") var readingMinutes: Int
    @Field(key: "created_at") var createdAt: Double

    var parentID: Int { courseID }

    init() {}
}

/// 课后检测 and, later, the question bank: a question with its key, explanation and source.
final class QuestionModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "questions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "topic_id") var topicID: Int
    @Field(key: "kind") var kind: QuestionKind
    @Field(key: "difficulty") var difficulty: Difficulty
    @Field(key: "stem") var stem: String
    /// The choices as JSON (`["…", "…"]`), lettered A, B, C … in order; empty for true/false and fill-in.
    @Field(key: "options") var options: String
    @Field(key: "answer") var answer: String
    @Field(key: "explanation") var explanation: String
    @Field(key: "source") var source: String
    /// A check question of this lesson.
    @OptionalField(key: "lesson_id") var lessonID: Int?
    @Field(key: "created_at") var createdAt: Double

    init() {}

    var choices: [String] { (try? JSONDecoder().decode([String].self, from: Data(options.utf8))) ?? [] }
    var key: AnswerKey { AnswerKey(kind: kind, key: answer) }
}

/// One member's progress in one lesson: the played ranges the server has seen, read to the end, the last check.
final class LessonProgressModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "lesson_progress"
    /// Filed with the member (reports by subtree read the member's place), so that a transfer takes it along.
    static let parentTable = MemberModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "lesson_id") var lessonID: Int
    @Field(key: "member_id") var memberID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    /// The played ranges as JSON.
    @Field(key: "played") var played: String
    @Field(key: "read_to_end") var readToEnd: Bool
    @OptionalField(key: "check_correct") var checkCorrect: Int?
    @OptionalField(key: "check_total") var checkTotal: Int?
    @OptionalField(key: "completed_on") var completedOn: CalendarDate?
    /// The 学时 credited on completion, in tenths.
    @Field(key: "tenths") var tenths: Int
    @Field(key: "updated_at") var updatedAt: Double

    var parentID: Int { memberID }

    init() {}

    var playedRanges: PlayedRanges { (try? JSONDecoder().decode(PlayedRanges.self, from: Data(played.utf8))) ?? PlayedRanges() }
}

/// 必学: a course assigned to the members of a subtree in an audience, with a due date.
final class StudyAssignmentModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "study_assignments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "course_id") var courseID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "audience") var audience: String
    @Field(key: "due") var due: CalendarDate
    @Field(key: "assigned_on") var assignedOn: CalendarDate
    @Field(key: "author_id") var authorID: Int
    @Field(key: "created_at") var createdAt: Double

    init() {}

    var studyAudience: StudyAudience { StudyAudience(rawValue: audience) ?? .all }
}

/// The library: topics, courses, lessons, check questions, each member's progress, and 必学 assignments.
struct M0036Learning: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LearningTopicModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .unique(on: "name")
            .create()
        for (index, name) in LearningTopicModel.defaults.enumerated() {
            try await LearningTopicModel(name: name, position: index + 1).create(on: database)
        }
        try await database.schema(CourseModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("topic_id", .int, .required, .references(LearningTopicModel.schema, "id"))
            .field("audience", .string, .required)
            .field("reach", .string, .required)
            .field("state", .string, .required)
            .field("poster_id", .int)
            .field("author_id", .int, .required)
            .field("published_on", .string)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .create()
        try await database.sql.create(index: "courses_path").on(CourseModel.schema).column("path").column("id").run()
        try await database.sql.create(index: "courses_reach").on(CourseModel.schema).column("reach").column("state").run()
        try await database.schema(LessonModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("course_id", .int, .required, .references(CourseModel.schema, "id", onDelete: .cascade))
            .field("county_id", .int)
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("body", .string, .required)
            .field("media_id", .int)
            .field("duration_seconds", .double, .required)
            .field("reading_minutes", .int, .required)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "lessons_course").on(LessonModel.schema).column("course_id").column("position").run()
        try await database.schema(QuestionModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("topic_id", .int, .required, .references(LearningTopicModel.schema, "id"))
            .field("kind", .string, .required)
            .field("difficulty", .string, .required)
            .field("stem", .string, .required)
            .field("options", .string, .required)
            .field("answer", .string, .required)
            .field("explanation", .string, .required)
            .field("source", .string, .required)
            .field("lesson_id", .int, .references(LessonModel.schema, "id", onDelete: .cascade))
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "questions_path").on(QuestionModel.schema).column("path").column("id").run()
        try await database.sql.create(index: "questions_lesson").on(QuestionModel.schema).column("lesson_id").run()
        try await database.sql.create(index: "questions_topic").on(QuestionModel.schema).column("topic_id").column("difficulty").run()
        try await database.schema(LessonProgressModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("lesson_id", .int, .required, .references(LessonModel.schema, "id", onDelete: .cascade))
            .field("member_id", .int, .required, .references(MemberModel.schema, "id"))
            .field("county_id", .int)
            .field("played", .string, .required)
            .field("read_to_end", .bool, .required)
            .field("check_correct", .int)
            .field("check_total", .int)
            .field("completed_on", .string)
            .field("tenths", .int, .required)
            .field("updated_at", .double, .required)
            .unique(on: "lesson_id", "member_id")
            .create()
        try await database.sql.create(index: "lesson_progress_member").on(LessonProgressModel.schema).column("member_id").column("completed_on").run()
        try await database.schema(StudyAssignmentModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("course_id", .int, .required, .references(CourseModel.schema, "id"))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("audience", .string, .required)
            .field("due", .string, .required)
            .field("assigned_on", .string, .required)
            .field("author_id", .int, .required)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "study_assignments_path").on(StudyAssignmentModel.schema).column("path").column("due").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [StudyAssignmentModel.schema, LessonProgressModel.schema, QuestionModel.schema, LessonModel.schema, CourseModel.schema,
                       LearningTopicModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
