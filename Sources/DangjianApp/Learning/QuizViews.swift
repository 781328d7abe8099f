import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// What the quiz pages and the API show: a paper to answer or its marks, the topics with their levels, contests.
enum QuizViews {
    struct Item: Content {
        let id: Int
        let kind: QuestionKind
        let kindLabel: String
        let stem: String
        let options: [String]
        /// The answer given, once handed in.
        let given: String?
        let correct: Bool?
        /// The key and the explanation, when they may be shown (at once for practice; after the close for a contest).
        let answer: String?
        let explanation: String?
    }

    struct Attempt: Content {
        let id: Int
        let kind: QuizAttemptModel.Kind
        let title: String
        let level: Int?
        let topicID: Int?
        let contestID: Int?
        /// Seconds since 1970 by which it must be handed in (contests), and the same as text.
        let deadline: Double?
        let deadlineText: String?
        let submitted: Bool
        /// Scores of a contest stay hidden until it closes.
        let resultsHidden: Bool
        let correct: Int?
        let total: Int
        let percent: Int?
        let passed: Bool?
        let items: [Item]
    }

    static func attempt(_ attempt: QuizAttemptModel, on request: Request) async throws -> Attempt {
        let id = try attempt.requireID()
        let ids = attempt.questionIDs
        let questions = Dictionary(try await QuestionModel.query(on: request.db).filter(\.$id ~~ ids).all().compactMap { question in
            question.id.map { ($0, question) }
        }, uniquingKeysWith: { first, _ in first })
        var title = "专题练习"
        var hidden = false
        if let contestID = attempt.contestID, let contest = try await ContestModel.find(contestID, on: request.db) {
            title = contest.title
            hidden = !contest.window.resultsVisible(at: request.now.timeIntervalSince1970)
        } else if let topicID = attempt.topicID, let topic = try await LearningTopicModel.find(topicID, on: request.db) {
            title = attempt.kind == .challenge ? "\(topic.name) · 答题闯关第 \(attempt.level ?? 1) 关" : "\(topic.name) · 专题练习"
        }
        let submitted = attempt.submittedAt != nil
        let reveal = submitted && !hidden
        let given = attempt.givenAnswers
        let marks = attempt.questionMarks
        return Attempt(
            id: id, kind: attempt.kind, title: title, level: attempt.level, topicID: attempt.topicID, contestID: attempt.contestID,
            deadline: attempt.deadlineAt, deadlineText: attempt.deadlineAt.map(QuizWork.clock), submitted: submitted, resultsHidden: submitted && hidden,
            correct: reveal ? attempt.correct : nil, total: attempt.total, percent: reveal ? attempt.percent : nil, passed: attempt.passed,
            items: ids.compactMap { questionID in
                guard let question = questions[questionID] else { return nil }
                return Item(id: questionID, kind: question.kind, kindLabel: question.kind.chinese, stem: question.stem, options: question.choices,
                            given: submitted ? given[String(questionID)] : nil, correct: reveal ? marks[questionID] : nil,
                            answer: reveal ? question.answer : nil, explanation: reveal ? question.explanation : nil)
            })
    }

    struct TopicLevels: Content {
        let topicID: Int
        let topic: String
        let questions: Int
        let passed: [Int]
        let highestOpen: Int
        let levels: Int
    }

    struct ContestSummary: Content {
        let id: Int
        let title: String
        let organizationName: String
        let opens: String
        let closes: String
        let minutes: Int
        let questions: Int
        let phase: ContestWindow.Phase
        let phaseLabel: String
        /// The caller's attempt, if they started one.
        let attemptID: Int?
        let submitted: Bool
        /// The caller's score, once the contest has closed.
        let percent: Int?
    }

    struct Hub: Content {
        let topics: [TopicLevels]
        let weak: [QuizWork.Weak]
        let contests: [ContestSummary]
    }

    static func phaseLabel(_ phase: ContestWindow.Phase) -> String {
        switch phase {
        case .upcoming: "未开始"
        case .open: "进行中"
        case .closed: "已结束"
        }
    }

    static func contests(_ contests: [ContestModel], member: MemberModel?, on request: Request) async throws -> [ContestSummary] {
        let now = request.now.timeIntervalSince1970
        var attempts: [Int: QuizAttemptModel] = [:]
        if let memberID = member?.id, !contests.isEmpty {
            for attempt in try await QuizAttemptModel.query(on: request.db).filter(\.$memberID == memberID)
                .filter(\.$contestID ~~ contests.compactMap(\.id)).all() {
                if let contestID = attempt.contestID { attempts[contestID] = attempt }
            }
        }
        let names = try await PublicView.organizationNames(Set(contests.map(\.organizationID)), on: request.db)
        return contests.compactMap { contest in
            guard let id = contest.id else { return nil }
            let phase = contest.window.phase(at: now)
            let attempt = attempts[id]
            return ContestSummary(id: id, title: contest.title, organizationName: names[contest.organizationID] ?? "", opens: QuizWork.clock(contest.opensAt),
                                  closes: QuizWork.clock(contest.closesAt), minutes: contest.minutes,
                                  questions: contest.paperParts.reduce(0) { $0 + $1.count }, phase: phase, phaseLabel: phaseLabel(phase),
                                  attemptID: attempt?.id, submitted: attempt?.submittedAt != nil, percent: phase == .closed ? attempt?.percent : nil)
        }
    }

    /// The member's topics with the questions reaching them and their levels, 薄弱专题, and contests.
    private struct TopicCount: Decodable {
        let topic_id: Int
        let count: Int
    }

    static func hub(on request: Request) async throws -> Hub {
        let member = try await DuesPages.ownMember(request)
        var topics: [TopicLevels] = []
        var weak: [QuizWork.Weak] = []
        if let member, let memberID = member.id {
            // Two queries for every topic at once: the questions reaching the member, and the levels they passed.
            let counts = Dictionary(try await request.db.sql.raw("""
                SELECT topic_id, COUNT(*) AS count FROM \(ident: QuestionModel.schema)
                WHERE path IN (\(binds: LibraryWork.selfAndAncestors(member.orgPath))) GROUP BY topic_id
                """).all(decoding: TopicCount.self).map { ($0.topic_id, $0.count) }, uniquingKeysWith: +)
            let levels = Dictionary(grouping: try await QuizAttemptModel.query(on: request.db).filter(\.$memberID == memberID)
                .filter(\.$kind == .challenge).filter(\.$passed == true).all(), by: { $0.topicID ?? 0 })
            for topic in try await LibraryViews.topics(on: request.db) {
                let count = counts[topic.id] ?? 0
                guard count > 0 else { continue }
                let passed = Set((levels[topic.id] ?? []).compactMap(\.level))
                topics.append(TopicLevels(topicID: topic.id, topic: topic.name, questions: count, passed: passed.sorted(),
                                          highestOpen: ChallengePaper.levels.highestOpen(passed: passed), levels: ChallengePaper.levels.count))
            }
            weak = try await QuizWork.weakTopics(for: member, on: request)
        }
        return Hub(topics: topics, weak: weak, contests: try await contests(try await ContestWork.list(on: request), member: member, on: request))
    }

    struct Contest: Content {
        let contest: ContestSummary
        let keeper: Bool
        let parts: [String]
        /// By organization, once it has closed (for its keepers).
        let results: [ContestWork.Tally]
    }

    static func contest(_ contest: ContestModel, keeper: Bool, on request: Request) async throws -> Contest {
        let member = try await DuesPages.ownMember(request)
        guard let summary = try await contests([contest], member: member, on: request).first else { throw Abort(.notFound) }
        let names = Dictionary(try await LearningTopicModel.query(on: request.db).all().compactMap { topic in topic.id.map { (String($0), topic.name) } },
                               uniquingKeysWith: { first, _ in first })
        return Contest(contest: summary, keeper: keeper,
                       parts: contest.paperParts.map { "\(names[$0.topic] ?? $0.topic) · \($0.difficulty.chinese) · \($0.count) 题" },
                       results: keeper ? try await ContestWork.results(contest, on: request) : [])
    }
}
