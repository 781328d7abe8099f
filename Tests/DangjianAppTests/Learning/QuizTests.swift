import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// 答题: practice and levels that unlock in order, 薄弱专题 from wrong answers, a contest with one attempt per person,
/// a personal paper, the server's clock, and results hidden until it closes, then shown by organization.
@Suite("答题与知识竞赛")
struct QuizTests {
    struct Topic: Decodable { let id: Int; let name: String }
    struct Item: Decodable { let id: Int; let kind: String; let correct: Bool?; let answer: String? }
    struct Attempt: Decodable {
        let id: Int; let submitted: Bool; let resultsHidden: Bool; let correct: Int?; let total: Int; let passed: Bool?; let items: [Item]
        let deadline: Double?
    }
    struct Hub: Decodable {
        let topics: [Levels]; let weak: [Weak]
        struct Levels: Decodable { let topicID: Int; let passed: [Int]; let highestOpen: Int }
        struct Weak: Decodable { let topic: String; let lessons: [Lesson]; struct Lesson: Decodable { let title: String } }
    }
    struct Contest: Decodable {
        let contest: Summary; let results: [Tally]
        struct Summary: Decodable { let id: Int; let phase: String; let percent: Int? }
        struct Tally: Decodable { let organizationName: String; let eligible: Int; let took: Int; let averagePercent: Int? }
    }

    /// `count` questions of each difficulty on a topic, filed at the county root; the key of each is in `keys`.
    static func bank(_ world: TestWorld, topic: String, count: Int) async throws -> (topic: Int, keys: [Int: String]) {
        let root = try #require(try await OrganizationModel.query(on: world.app.db).filter(\.$parentID == nil).first())
        let topicID = try #require(try await LearningTopicModel.query(on: world.app.db).filter(\.$name == topic).first()?.id)
        var keys: [Int: String] = [:]
        for difficulty in Difficulty.allCases {
            for index in 1...count {
                let question = QuestionModel()
                question.organizationID = try root.requireID()
                question.path = root.path
                question.topicID = topicID
                question.kind = .single
                question.difficulty = difficulty
                question.stem = "\(topic)\(difficulty.chinese)第\(index)题"
                question.options = "[\"甲\",\"乙\",\"丙\"]"
                question.answer = ["A", "B", "C"][index % 3]
                question.explanation = "解析\(index)"
                question.source = "测试"
                question.createdAt = 0
                try await question.create(on: world.app.db)
                keys[try question.requireID()] = question.answer
            }
        }
        return (topicID, keys)
    }

    static func answers(_ attempt: Attempt, keys: [Int: String], right: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: attempt.items.enumerated().map { index, item in
            (String(item.id), index < right ? keys[item.id] ?? "" : (keys[item.id] == "A" ? "B" : "A"))
        })
    }

    @Test("闯关: level 2 opens only after level 1 is passed (80 %); practice marks at once; wrong answers make a 薄弱专题")
    func challenge() async throws {
        try await withWorld { world in
            let (topic, keys) = try await Self.bank(world, topic: "党章党规", count: 6)
            let member = try await world.token("member")
            let locked = try await world.send(.POST, "/api/v1/learning/quiz/challenge", token: member, json: QuizWork.ChallengeInput(topicID: topic, level: 2))
            #expect(locked.status == .unprocessableEntity && locked.body.string.contains("还没有解锁"))
            func level(_ number: Int, right: Int) async throws -> Attempt {
                let started = try await world.send(.POST, "/api/v1/learning/quiz/challenge", token: member, json: QuizWork.ChallengeInput(topicID: topic, level: number))
                #expect(started.status == .created, "\(started.body.string)")
                let attempt = try started.content.decode(Attempt.self)
                #expect(attempt.total == 5 && attempt.items.allSatisfy { $0.answer == nil })
                let handed = try await world.send(.POST, "/api/v1/learning/quiz/attempts/\(attempt.id)/submit", token: member,
                                                  json: QuizWork.SubmitInput(answers: Self.answers(attempt, keys: keys, right: right)))
                #expect(handed.status == .ok, "\(handed.body.string)")
                return try handed.content.decode(Attempt.self)
            }
            let failed = try await level(1, right: 3)
            #expect(failed.correct == 3 && failed.passed == false && failed.items.allSatisfy { $0.answer != nil })
            #expect(try await world.send(.POST, "/api/v1/learning/quiz/challenge", token: member,
                                         json: QuizWork.ChallengeInput(topicID: topic, level: 2)).status == .unprocessableEntity)
            let passed = try await level(1, right: 4)
            #expect(passed.passed == true)
            let again = try await world.send(.POST, "/api/v1/learning/quiz/attempts/\(passed.id)/submit", token: member, json: QuizWork.SubmitInput(answers: [:]))
            #expect(again.status == .unprocessableEntity && again.body.string.contains("已经交卷"))
            let hub = try await world.send(.GET, "/api/v1/learning/quiz", token: member).content.decode(Hub.self)
            #expect(hub.topics.first { $0.topicID == topic }.map { $0.passed == [1] && $0.highestOpen == 2 } == true)
            #expect(hub.weak.first?.topic == "党章党规")
            // Someone else's paper is not found.
            let other = try await world.token("branch-secretary")
            #expect(try await world.send(.GET, "/api/v1/learning/quiz/attempts/\(passed.id)", token: other).status == .notFound)
            // The page shows the levels; practice from the page lands on a paper of ten.
            let browser = try await world.browserLogin("member")
            let page = try await browser.get("/learning/quiz")
            #expect(page.status == .ok && page.body.string.contains("✓1") && page.body.string.contains("薄弱专题"))
            let practice = try await browser.post("/learning/quiz/practice", ["topicID": String(topic)])
            #expect(practice.status == .seeOther)
            let paper = try await browser.get(practice.headers.first(name: .location) ?? "/")
            #expect(paper.body.string.components(separatedBy: "fieldset class=\"question\"").count - 1 == 10)
        }
    }

    @Test("a contest: everyone gets the mix, a personal paper, one attempt; late answers refused; scores hidden until it closes, then by organization")
    func contest() async throws {
        try await withWorld { world in
            let (topic, keys) = try await Self.bank(world, topic: "党史", count: 4)
            let town = try await world.organizationID(ParticipationTests.town)
            let admin = try await world.token("county-admin")
            let clock = world.app.dangjian.clock
            let now = clock.now().timeIntervalSince1970
            func china(_ time: Double) -> String { ChinaClock.text(time) }
            let tooMany = try await world.send(.POST, "/api/v1/learning/contests", token: admin, json: ContestWork.Input(
                organizationID: town, title: "十二月党史竞赛", parts: [.init(topicID: topic, difficulty: "hard", count: 9)],
                opens: china(now - 120), closes: china(now + 3600), minutes: 10))
            #expect(tooMany.status == .unprocessableEntity && tooMany.body.string.contains("只有 4 题"), "\(tooMany.body.string)")
            let created = try await world.send(.POST, "/api/v1/learning/contests", token: admin, json: ContestWork.Input(
                organizationID: town, title: "十二月党史竞赛", parts: [.init(topicID: topic, difficulty: "easy", count: 2), .init(topicID: topic, difficulty: "hard", count: 1)],
                opens: china(now - 120), closes: china(now + 3600), minutes: 10))
            #expect(created.status == .created, "\(created.body.string)")
            let contest = try created.content.decode(Contest.self).contest.id

            let member = try await world.token("member")
            let first = try await world.send(.POST, "/api/v1/learning/contests/\(contest)/start", token: member).content.decode(Attempt.self)
            let resumed = try await world.send(.POST, "/api/v1/learning/contests/\(contest)/start", token: member).content.decode(Attempt.self)
            #expect(first.id == resumed.id && first.total == 3)
            #expect(first.deadline.map { abs($0 - (clock.now().timeIntervalSince1970 + 600)) < 5 } == true)
            let hard = Set(try await QuestionModel.query(on: world.app.db).filter(\.$difficulty == .hard).filter(\.$topicID == topic).all().compactMap(\.id))
            #expect(first.items.filter { hard.contains($0.id) }.count == 1)
            let handed = try await world.send(.POST, "/api/v1/learning/quiz/attempts/\(first.id)/submit", token: member,
                                              json: QuizWork.SubmitInput(answers: Self.answers(first, keys: keys, right: 3))).content.decode(Attempt.self)
            #expect(handed.submitted && handed.resultsHidden && handed.correct == nil && handed.items.allSatisfy { $0.answer == nil && $0.correct == nil })

            // Another member starts, lets the time run out, and is refused.
            let secretary = try await world.token("branch-secretary")
            let late = try await world.send(.POST, "/api/v1/learning/contests/\(contest)/start", token: secretary).content.decode(Attempt.self)
            clock.advance(by: 11 * 60)
            let secretaryAgain = try await world.token("branch-secretary")
            let refused = try await world.send(.POST, "/api/v1/learning/quiz/attempts/\(late.id)/submit", token: secretaryAgain, json: QuizWork.SubmitInput(answers: [:]))
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("已超过作答时间"))
            let during = try await world.send(.GET, "/api/v1/learning/contests/\(contest)", token: try await world.token("county-admin")).content.decode(Contest.self)
            #expect(during.results.isEmpty && during.contest.phase == "open")

            clock.advance(by: 3600)
            let after = try await world.send(.GET, "/api/v1/learning/contests/\(contest)", token: try await world.token("county-admin")).content.decode(Contest.self)
            #expect(after.contest.phase == "closed")
            let village = try #require(after.results.first { $0.organizationName == ParticipationTests.village })
            #expect(village.took == 1 && village.averagePercent == 100 && village.eligible > 1)
            // Who could take part, from the kept counters, is everyone in the register under each organization.
            let villagePath = try #require(try await OrganizationModel.find(try await world.organizationID(ParticipationTests.village), on: world.app.db)).path
            let inRegister = try await MemberModel.query(on: world.app.db).filter(\.$status ~~ Array(MemberStatus.inRegister)).all()
            #expect(village.eligible == inRegister.filter { $0.path.hasPrefix(villagePath) }.count)
            let townPath = try #require(try await OrganizationModel.find(town, on: world.app.db)).path
            #expect(after.results.reduce(0) { $0 + $1.eligible } == inRegister.filter { $0.path.hasPrefix(townPath) }.count)
            #expect(after.results.reduce(0) { $0 + $1.took } == 1)
            let mine = try await world.send(.GET, "/api/v1/learning/quiz/attempts/\(first.id)", token: try await world.token("member")).content.decode(Attempt.self)
            #expect(mine.correct == 3 && mine.items.allSatisfy { $0.answer != nil })
            let closed = try await world.send(.POST, "/api/v1/learning/contests/\(contest)/start", token: try await world.token("town-secretary"))
            #expect(closed.status == .unprocessableEntity && closed.body.string.contains("已于"))
            // Members outside the town do not see it.
            let outsider = try await world.token(try await LibraryTests.outsider(world, outside: ParticipationTests.town))
            #expect(try await world.send(.GET, "/api/v1/learning/contests/\(contest)", token: outsider).status == .notFound)
        }
    }
}
