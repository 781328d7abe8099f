import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 答题 in the browser: practice and 答题闯关 by topic, 薄弱专题 with lessons to study, contests to take and, for their
/// keepers, to set and read by organization.
struct QuizPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let quiz = routes.grouped("learning", "quiz")
        quiz.get(use: hub).requires(.ownRecord)
        quiz.post("practice", use: practice).requires(.ownRecord)
        quiz.post("challenge", use: challenge).requires(.ownRecord)
        quiz.get("attempts", ":id", use: attempt).requires(.ownRecord)
        quiz.post("attempts", ":id", use: submit).requires(.ownRecord)
        let contests = routes.grouped("learning", "contests")
        contests.get("new", use: newContest).requires(.learningWrite)
        contests.post(use: createContest).requires(.learningWrite)
        contests.get(":id", use: contest).requires(.ownRecord)
        contests.post(":id", "start", use: start).requires(.ownRecord)
    }

    struct HubPage {
        let layout: Layout
        let hub: QuizViews.Hub
        let keeper: Bool
        let errors: [FieldError]
    }

    func renderHub(_ request: Request, errors: [FieldError] = []) async throws -> Page {
        Page(HubPage(layout: Layout(request, title: "答题"), hub: try await QuizViews.hub(on: request),
                     keeper: try request.policy.holds(.learningWrite), errors: errors).node)
    }

    @Sendable func hub(_ request: Request) async throws -> Page { try await renderHub(request) }

    @Sendable func practice(_ request: Request) async throws -> Response {
        do {
            let attempt = try await QuizWork.practice(try request.content.decode(QuizWork.PracticeInput.self), on: request)
            return request.redirect(to: "/learning/quiz/attempts/\(try attempt.requireID())")
        } catch let problems as FormProblems {
            return try await renderHub(request, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func challenge(_ request: Request) async throws -> Response {
        do {
            let attempt = try await QuizWork.challenge(try request.content.decode(QuizWork.ChallengeInput.self), on: request)
            return request.redirect(to: "/learning/quiz/attempts/\(try attempt.requireID())")
        } catch let problems as FormProblems {
            return try await renderHub(request, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct AttemptPage {
        let layout: Layout
        let attempt: QuizViews.Attempt
        let errors: [FieldError]
        let typed: [String: String]
    }

    func renderAttempt(_ request: Request, _ model: QuizAttemptModel, errors: [FieldError] = [], typed: [String: String] = [:]) async throws -> Page {
        let view = try await QuizViews.attempt(model, on: request)
        return Page(AttemptPage(layout: Layout(request, title: view.title), attempt: view, errors: errors, typed: typed).node)
    }

    @Sendable func attempt(_ request: Request) async throws -> Page {
        try await renderAttempt(request, try await QuizWork.own(request.parameters.get("id", as: Int.self), on: request))
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let model = try await QuizWork.own(request.parameters.get("id", as: Int.self), on: request)
        let form = try request.content.decode([String: String].self)
        let questions = try await QuestionModel.query(on: request.db).filter(\.$id ~~ model.questionIDs).all()
        do {
            try await QuizWork.submit(model, .init(answers: LibraryPages.answers(from: form, questions: questions)), on: request)
            return request.redirect(to: "/learning/quiz/attempts/\(try model.requireID())")
        } catch let problems as FormProblems {
            return try await renderAttempt(request, model, errors: problems.errors, typed: form).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    // MARK: - Contests

    struct ContestForm: Content {
        var organizationID: Int?
        var title: String?
        var opens: String?
        var closes: String?
        var minutes: Int?
        var partTopic: [String]?
        var partDifficulty: [String]?
        var partCount: [String]?

        var input: ContestWork.Input {
            let topics = partTopic ?? [], difficulties = partDifficulty ?? [], counts = partCount ?? []
            let parts = topics.indices.map { index in
                ContestWork.Part(topicID: Int(topics[index]), difficulty: index < difficulties.count ? difficulties[index] : nil,
                                 count: index < counts.count ? Int(counts[index].trimmed) ?? 0 : 0)
            }
            return .init(organizationID: organizationID, title: title, parts: parts, opens: opens, closes: closes, minutes: minutes)
        }
    }

    struct NewContestPage {
        let layout: Layout
        let organizations: [SelectOption]
        let topics: [LibraryViews.Topic]
        let typed: ContestForm
        let errors: [FieldError]
    }

    func renderNew(_ request: Request, typed: ContestForm, errors: [FieldError] = []) async throws -> Page {
        let organizations = try await OrganizationStore.inScope(for: .learningWrite, on: request, limit: 500)
        return Page(NewContestPage(layout: Layout(request, title: "发布知识竞赛"),
                                   organizations: SelectOption.organizations(organizations, selected: typed.organizationID ?? organizations.first?.id),
                                   topics: try await LibraryViews.topics(on: request.db), typed: typed, errors: errors).node)
    }

    @Sendable func newContest(_ request: Request) async throws -> Page {
        let today = request.today
        return try await renderNew(request, typed: ContestForm(title: "\(today.month)月党建知识竞赛", opens: "\(today) 08:00",
                                                                closes: "\(today.adding(days: 7)) 20:00", minutes: 20,
                                                                partTopic: [], partDifficulty: ["easy", "medium", "hard"], partCount: ["5", "3", "2"]))
    }

    @Sendable func createContest(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ContestForm.self)
        do {
            let contest = try await ContestWork.create(form.input, on: request)
            return request.redirect(to: "/learning/contests/\(try contest.requireID())?notice=created")
        } catch let problems as FormProblems {
            return try await renderNew(request, typed: form, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct ContestPage {
        let layout: Layout
        let view: QuizViews.Contest
        let errors: [FieldError]
    }

    @Sendable func contest(_ request: Request) async throws -> Page {
        let (contest, keeper) = try await ContestWork.visible(request.parameters.get("id", as: Int.self), on: request)
        return Page(ContestPage(layout: Layout(request, title: contest.title), view: try await QuizViews.contest(contest, keeper: keeper, on: request),
                                errors: []).node)
    }

    @Sendable func start(_ request: Request) async throws -> Response {
        let (contest, keeper) = try await ContestWork.visible(request.parameters.get("id", as: Int.self), on: request)
        do {
            let attempt = try await ContestWork.start(contest, on: request)
            return request.redirect(to: "/learning/quiz/attempts/\(try attempt.requireID())")
        } catch let problems as FormProblems {
            return try await Page(ContestPage(layout: Layout(request, title: contest.title),
                                              view: try await QuizViews.contest(contest, keeper: keeper, on: request), errors: problems.errors).node)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}
