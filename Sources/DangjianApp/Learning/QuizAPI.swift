import DangjianCore
import Vapor

/// The JSON side of 答题: practice, 答题闯关, papers handed in and marked, 薄弱专题, contests and their results.
struct QuizAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let quiz = routes.grouped("learning", "quiz")
        quiz.api(.GET, requires: .ownRecord, summary: "本人的答题：各专题题数和闯关进度、薄弱专题及推荐课时、竞赛", use: hub)
        quiz.api(.POST, "practice", requires: .ownRecord, summary: "开始一次专题练习（随机 10 题）", body: QuizWork.PracticeInput.self,
                 status: .created, use: practice)
        quiz.api(.POST, "challenge", requires: .ownRecord, summary: "闯一关（前一关通过后解锁；5 题，答对 80% 通过）", body: QuizWork.ChallengeInput.self,
                 status: .created, use: challenge)
        quiz.api(.GET, "attempts", ":id", requires: .ownRecord, summary: "本人的一次答题：题目；交卷后的答案和解析（竞赛结束后才公布）", use: attempt)
        quiz.api(.POST, "attempts", ":id", "submit", requires: .ownRecord, summary: "交卷（竞赛超过作答时间的不再接受）",
                 body: QuizWork.SubmitInput.self, use: submit)
        let contests = routes.grouped("learning", "contests")
        contests.api(.GET, requires: .ownRecord, summary: "面向本人或本人负责的知识竞赛", use: list)
        contests.api(.POST, requires: .learningWrite, summary: "发布知识竞赛：面向的党组织、时间、每人分钟数、各专题各难度题数（须题库足够）",
                     body: ContestWork.Input.self, status: .created, use: create)
        contests.api(.GET, ":id", requires: .ownRecord, summary: "一项竞赛；结束后负责人可见各党组织参与率和平均分", use: contest)
        contests.api(.POST, ":id", "start", requires: .ownRecord, summary: "开始（或继续）本人的唯一一次答题，按服务器计时", status: .created, use: start)
    }

    @Sendable func hub(_ request: Request) async throws -> QuizViews.Hub { try await QuizViews.hub(on: request) }

    @Sendable func practice(_ request: Request, _ input: QuizWork.PracticeInput) async throws -> QuizViews.Attempt {
        try await QuizViews.attempt(try await QuizWork.practice(input, on: request), on: request)
    }

    @Sendable func challenge(_ request: Request, _ input: QuizWork.ChallengeInput) async throws -> QuizViews.Attempt {
        try await QuizViews.attempt(try await QuizWork.challenge(input, on: request), on: request)
    }

    @Sendable func attempt(_ request: Request) async throws -> QuizViews.Attempt {
        try await QuizViews.attempt(try await QuizWork.own(request.parameters.get("id", as: Int.self), on: request), on: request)
    }

    @Sendable func submit(_ request: Request, _ input: QuizWork.SubmitInput) async throws -> QuizViews.Attempt {
        let attempt = try await QuizWork.own(request.parameters.get("id", as: Int.self), on: request)
        try await QuizWork.submit(attempt, input, on: request)
        return try await QuizViews.attempt(attempt, on: request)
    }

    @Sendable func list(_ request: Request) async throws -> [QuizViews.ContestSummary] {
        try await QuizViews.contests(try await ContestWork.list(on: request), member: try await DuesPages.ownMember(request), on: request)
    }

    @Sendable func create(_ request: Request, _ input: ContestWork.Input) async throws -> QuizViews.Contest {
        try await QuizViews.contest(try await ContestWork.create(input, on: request), keeper: true, on: request)
    }

    @Sendable func contest(_ request: Request) async throws -> QuizViews.Contest {
        let (contest, keeper) = try await ContestWork.visible(request.parameters.get("id", as: Int.self), on: request)
        return try await QuizViews.contest(contest, keeper: keeper, on: request)
    }

    @Sendable func start(_ request: Request) async throws -> QuizViews.Attempt {
        let (contest, _) = try await ContestWork.visible(request.parameters.get("id", as: Int.self), on: request)
        return try await QuizViews.attempt(try await ContestWork.start(contest, on: request), on: request)
    }
}
