import DangjianCore
import Fluent
import Foundation
import Vapor

/// 练习、答题闯关、知识竞赛: papers drawn from the questions that reach a member (filed at their organization or above),
/// answers marked by the server, 薄弱专题 from what they got wrong. Only mastery is shown — never time spent.
enum QuizWork {
    struct Mark: Codable, Sendable {
        let question: Int
        let correct: Bool
    }

    private struct BankRow: Decodable {
        let id: Int
        let topic_id: Int
        let difficulty: String
    }

    /// The bank a member draws from: the questions of `topics` filed at their organization or above (lessons' checks
    /// too), as the three columns a draw needs — a contest draws one paper per person from these.
    static func bank(topics: Set<Int>, reaching path: OrgPath, on database: any Database) async throws -> [DrawableQuestion] {
        guard !topics.isEmpty else { return [] }
        return try await database.sql.raw("""
            SELECT id, topic_id, difficulty FROM \(ident: QuestionModel.schema)
            WHERE topic_id IN (\(binds: topics.sorted())) AND path IN (\(binds: LibraryWork.selfAndAncestors(path)))
            ORDER BY id LIMIT 20000
            """).all(decoding: BankRow.self).compactMap { row in
            Difficulty(rawValue: row.difficulty).map { DrawableQuestion(id: row.id, topic: String(row.topic_id), difficulty: $0) }
        }
    }

    static func topic(_ id: Int?, on database: any Database) async throws -> LearningTopicModel {
        guard let id, let topic = try await LearningTopicModel.find(id, on: database) else { throw FormProblems(field: "topicID", "请选择专题") }
        return topic
    }

    static func start(_ kind: QuizAttemptModel.Kind, member: MemberModel, questions: [Int], topic: Int?, level: Int? = nil,
                              contest: ContestModel? = nil, deadline: Double? = nil, on request: Request) async throws -> QuizAttemptModel {
        let attempt = QuizAttemptModel()
        attempt.memberID = try member.requireID()
        attempt.kind = kind
        attempt.topicID = topic
        attempt.level = level
        attempt.contestID = try contest?.requireID()
        attempt.questions = String(decoding: try JSONEncoder().encode(questions), as: UTF8.self)
        attempt.startedAt = request.now.timeIntervalSince1970
        attempt.deadlineAt = deadline
        attempt.total = questions.count
        let what: String = switch kind {
        case .practice: "专题练习"
        case .challenge: "答题闯关第 \(level ?? 1) 关"
        case .contest: "参加竞赛《\(contest?.title ?? "")》"
        }
        return try await request.write { database in
            try await attempt.create(on: database)
            return (attempt, AuditEvent("learning.quiz.start", target: "quiz", id: attempt.id, organization: member.organizationID,
                                        detail: "\(member.name)开始\(what)（\(questions.count) 题）"))
        }
    }

    struct PracticeInput: Content {
        var topicID: Int?
    }

    /// Ten questions of a topic, drawn afresh each time.
    static func practice(_ input: PracticeInput, on request: Request) async throws -> QuizAttemptModel {
        let member = try await LibraryWork.student(request)
        let topic = try await topic(input.topicID, on: request.db)
        let bank = try await bank(topics: [try topic.requireID()], reaching: member.orgPath, on: request.db)
        guard !bank.isEmpty else { throw FormProblems(field: "topicID", "“\(topic.name)”专题还没有题目") }
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(request.now.timeIntervalSince1970 * 1000)) ^ UInt64(try member.requireID()))
        var pool = bank.map(\.id)
        var chosen: [Int] = []
        while !pool.isEmpty && chosen.count < 10 { chosen.append(pool.remove(at: Int(generator.next() % UInt64(pool.count)))) }
        return try await start(.practice, member: member, questions: chosen, topic: topic.id, on: request)
    }

    struct ChallengeInput: Content {
        var topicID: Int?
        /// 1–5; a level opens when the one before it is passed.
        var level: Int?
    }

    /// The levels of `topic` the member has passed.
    static func passedLevels(member: Int, topic: Int, on database: any Database) async throws -> Set<Int> {
        Set(try await QuizAttemptModel.query(on: database).filter(\.$memberID == member).filter(\.$kind == .challenge)
            .filter(\.$topicID == topic).filter(\.$passed == true).all().compactMap(\.level))
    }

    static func challenge(_ input: ChallengeInput, on request: Request) async throws -> QuizAttemptModel {
        let member = try await LibraryWork.student(request)
        let memberID = try member.requireID()
        let topic = try await topic(input.topicID, on: request.db)
        let topicID = try topic.requireID()
        let level = input.level ?? 1
        let passed = try await passedLevels(member: memberID, topic: topicID, on: request.db)
        guard ChallengePaper.levels.isOpen(level, passed: passed) else {
            throw FormProblems(field: "level", "第 \(level) 关还没有解锁：先通过第 \(ChallengePaper.levels.highestOpen(passed: passed)) 关")
        }
        let bank = try await bank(topics: [topicID], reaching: member.orgPath, on: request.db)
        guard bank.count >= ChallengePaper.questionsPerLevel else {
            throw FormProblems(field: "topicID", "“\(topic.name)”专题的题目不足 \(ChallengePaper.questionsPerLevel) 道，暂不能闯关")
        }
        let tries = try await QuizAttemptModel.query(on: request.db).filter(\.$memberID == memberID).filter(\.$kind == .challenge)
            .filter(\.$topicID == topicID).filter(\.$level == level).count()
        let seed = PaperDraw.seed(contest: topicID * 100 + level, member: memberID) ^ UInt64(tries)
        return try await start(.challenge, member: member, questions: ChallengePaper.draw(level: level, from: bank, seed: seed),
                               topic: topicID, level: level, on: request)
    }

    /// An attempt of the caller's own, or 404.
    static func own(_ id: Int?, on request: Request) async throws -> QuizAttemptModel {
        let member = try await LibraryWork.student(request)
        guard let id, let attempt = try await QuizAttemptModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到这次答题") }
        guard attempt.memberID == member.id else {
            await request.auditDenied("learning.quiz.read", target: "quiz", id: id, detail: "不是本人的答题")
            throw Abort(.notFound, reason: "没有找到这次答题")
        }
        return attempt
    }

    struct SubmitInput: Content {
        /// Each question's answer by its id: letters, 对/错, or the blanks separated by `|`.
        var answers: [String: String]?
    }

    /// Marks the answers and closes the attempt; a contest's after its deadline is refused.
    static func submit(_ attempt: QuizAttemptModel, _ input: SubmitInput, on request: Request) async throws {
        guard attempt.submittedAt == nil else { throw FormProblems(field: "answers", "这次答题已经交卷") }
        let now = request.now.timeIntervalSince1970
        if let deadline = attempt.deadlineAt, !ContestWindow(opens: 0, closes: deadline, minutes: 0).accepts(submittedAt: now, deadline: deadline) {
            throw FormProblems(field: "answers", "已超过作答时间（截止于 \(Self.clock(deadline))），答卷不能再提交")
        }
        let ids = attempt.questionIDs
        let questions = Dictionary(try await QuestionModel.query(on: request.db).filter(\.$id ~~ ids).all().compactMap { question in
            question.id.map { ($0, question) }
        }, uniquingKeysWith: { first, _ in first })
        let given = (input.answers ?? [:]).filter { ids.contains(Int($0.key) ?? 0) }.mapValues { String($0.prefix(200)) }
        let marks = ids.map { id in Mark(question: id, correct: questions[id].map { $0.key.accepts(given[String(id)] ?? "") } ?? false) }
        let correct = marks.filter(\.correct).count
        attempt.answers = String(decoding: try JSONEncoder().encode(given), as: UTF8.self)
        attempt.marks = String(decoding: try JSONEncoder().encode(marks), as: UTF8.self)
        attempt.correct = correct
        attempt.submittedAt = now
        if attempt.kind == .challenge { attempt.passed = ChallengePaper.levels.passes(correct: correct, of: ids.count) }
        try await request.write { database in
            try await attempt.update(on: database)
            return ((), AuditEvent("learning.quiz.submit", target: "quiz", id: attempt.id,
                                   detail: "交卷：答对 \(correct)/\(ids.count)" + (attempt.passed == true ? "，闯关成功" : attempt.passed == false ? "，闯关未成功" : "")))
        }
    }

    static func clock(_ time: Double) -> String { ChinaClock.text(time) }

    // MARK: - 薄弱专题

    struct Weak: Content {
        let topicID: Int
        let topic: String
        let wrong: Int
        let answered: Int
        /// Lessons on the topic the member has not completed, to study next.
        let lessons: [Recommended]
    }

    struct Recommended: Content {
        let lessonID: Int
        let title: String
        let courseTitle: String
    }

    /// The topics the member answered wrong most in their last 30 handed-in papers, with up to three lessons each.
    static func weakTopics(for member: MemberModel, on request: Request) async throws -> [Weak] {
        let attempts = try await QuizAttemptModel.query(on: request.db).filter(\.$memberID == member.requireID()).filter(\.$submittedAt != nil)
            .sort(\.$submittedAt, .descending).limit(30).all()
        let now = request.now.timeIntervalSince1970
        // A contest's marks stay hidden until it closes.
        let contestIDs = Set(attempts.filter { $0.kind == .contest }.compactMap(\.contestID))
        let hidden = contestIDs.isEmpty ? [] : Set(try await ContestModel.query(on: request.db).filter(\.$id ~~ contestIDs).all()
            .filter { !$0.window.resultsVisible(at: now) }.compactMap(\.id))
        var marks: [Int: Bool] = [:]
        for attempt in attempts where !(attempt.kind == .contest && hidden.contains(attempt.contestID ?? 0)) {
            for (question, correct) in attempt.questionMarks where marks[question] == nil { marks[question] = correct }
        }
        guard !marks.isEmpty else { return [] }
        let topics = Dictionary(try await QuestionModel.query(on: request.db).filter(\.$id ~~ Array(marks.keys)).all().compactMap { question in
            question.id.map { ($0, question.topicID) }
        }, uniquingKeysWith: { first, _ in first })
        let ranked = WeakTopics.rank(marks.compactMap { question, correct in topics[question].map { (topic: $0, correct: correct) } })
        guard !ranked.isEmpty else { return [] }
        let names = Dictionary(try await LearningTopicModel.query(on: request.db).all().compactMap { topic in topic.id.map { ($0, topic.name) } },
                               uniquingKeysWith: { first, _ in first })
        let courses = try await LibraryWork.courses(reaching: member.orgPath, on: request.db)
        let lessons = try await LessonModel.query(on: request.db).filter(\.$courseID ~~ courses.compactMap(\.id)).sort(\.$position).all()
        let done = try await LibraryWork.progress(of: member, in: lessons.compactMap(\.id), on: request.db).filter { $0.value.completedOn != nil }
        return ranked.prefix(3).map { weak in
            let onTopic = courses.filter { $0.topicID == weak.topic }
            let recommended = onTopic.flatMap { course in
                lessons.filter { $0.courseID == course.id && done[$0.id ?? 0] == nil }.compactMap { lesson in
                    lesson.id.map { Recommended(lessonID: $0, title: lesson.title, courseTitle: course.title) }
                }
            }
            return Weak(topicID: weak.topic, topic: names[weak.topic] ?? "", wrong: weak.wrong, answered: weak.answered, lessons: Array(recommended.prefix(3)))
        }
    }
}
