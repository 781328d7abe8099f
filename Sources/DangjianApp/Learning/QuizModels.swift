import DangjianCore
import Fluent
import Foundation
import SQLKit

/// One sitting of questions: practice on a topic, a level of 答题闯关, or a contest paper. The questions are fixed when
/// it starts; the answers are kept as they are given until it is handed in.
final class QuizAttemptModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "quiz_attempts"
    static let parentTable = MemberModel.schema

    enum Kind: String, Codable, Sendable, CaseIterable { case practice, challenge, contest }

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "kind") var kind: Kind
    @OptionalField(key: "topic_id") var topicID: Int?
    @OptionalField(key: "level") var level: Int?
    @OptionalField(key: "contest_id") var contestID: Int?
    /// The question ids in order, as JSON.
    @Field(key: "questions") var questions: String
    /// The answers by question id, as JSON, once handed in.
    @OptionalField(key: "answers") var answers: String?
    /// Per question, right or wrong (`[12, true]` pairs as JSON), for 薄弱专题.
    @OptionalField(key: "marks") var marks: String?
    @Field(key: "started_at") var startedAt: Double
    @OptionalField(key: "deadline_at") var deadlineAt: Double?
    @OptionalField(key: "submitted_at") var submittedAt: Double?
    @OptionalField(key: "correct") var correct: Int?
    @Field(key: "total") var total: Int
    @OptionalField(key: "passed") var passed: Bool?

    var parentID: Int { memberID }

    init() {}

    var questionIDs: [Int] { (try? JSONDecoder().decode([Int].self, from: Data(questions.utf8))) ?? [] }
    var givenAnswers: [String: String] { answers.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:] }
    var questionMarks: [Int: Bool] {
        guard let marks, let pairs = try? JSONDecoder().decode([QuizWork.Mark].self, from: Data(marks.utf8)) else { return [:] }
        return Dictionary(pairs.map { ($0.question, $0.correct) }, uniquingKeysWith: { first, _ in first })
    }
    var percent: Int? { correct.map { total == 0 ? 0 : $0 * 100 / total } }
}

/// 知识竞赛: a paper of the same topic and difficulty mix for everyone in a subtree, drawn per person, one attempt,
/// timed by the server, results hidden until it closes.
final class ContestModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "contests"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "title") var title: String
    /// `PaperDraw.Part`s as JSON.
    @Field(key: "parts") var parts: String
    @Field(key: "opens_at") var opensAt: Double
    @Field(key: "closes_at") var closesAt: Double
    @Field(key: "minutes") var minutes: Int
    @Field(key: "author_id") var authorID: Int
    @Field(key: "created_at") var createdAt: Double

    init() {}

    var window: ContestWindow { ContestWindow(opens: opensAt, closes: closesAt, minutes: minutes) }
    var paperParts: [PaperDraw.Part] { (try? JSONDecoder().decode([PaperDraw.Part].self, from: Data(parts.utf8))) ?? [] }
}

/// Sittings of questions and contests.
struct M0037Quizzes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ContestModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("title", .string, .required)
            .field("parts", .string, .required)
            .field("opens_at", .double, .required)
            .field("closes_at", .double, .required)
            .field("minutes", .int, .required)
            .field("author_id", .int, .required)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "contests_path").on(ContestModel.schema).column("path").column("closes_at").run()
        try await database.schema(QuizAttemptModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("member_id", .int, .required, .references(MemberModel.schema, "id"))
            .field("county_id", .int)
            .field("kind", .string, .required)
            .field("topic_id", .int)
            .field("level", .int)
            .field("contest_id", .int, .references(ContestModel.schema, "id"))
            .field("questions", .string, .required)
            .field("answers", .string)
            .field("marks", .string)
            .field("started_at", .double, .required)
            .field("deadline_at", .double)
            .field("submitted_at", .double)
            .field("correct", .int)
            .field("total", .int, .required)
            .field("passed", .bool)
            .create()
        try await database.sql.create(index: "quiz_attempts_member").on(QuizAttemptModel.schema).column("member_id").column("kind").run()
        // One attempt per person per contest, whatever two requests at once try.
        try await database.sql.create(index: "quiz_attempts_contest").unique().on(QuizAttemptModel.schema).column("contest_id").column("member_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(QuizAttemptModel.schema).delete()
        try await database.schema(ContestModel.schema).delete()
    }
}
