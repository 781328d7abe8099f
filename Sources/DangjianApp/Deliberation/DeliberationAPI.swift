import DangjianCore
import Vapor

/// The JSON side of 四议两公开.
struct DeliberationAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let deliberations = routes.grouped("deliberations")
        deliberations.api(.GET, requires: .publicityWrite, summary: "四议两公开：负责范围内的议事事项和进度", use: list)
        deliberations.api(.POST, requires: .publicityWrite, summary: "登记村党组织提议（议事事项和提议会议的表决；可来自群众诉求）",
                          body: DeliberationWork.ProposalInput.self, status: .created, use: propose)
        deliberations.api(.GET, ":id", requires: .publicityWrite, summary: "一项议事：各环节的会议、表决、法定人数和多数的判断", use: show)
        deliberations.api(.POST, ":id", "steps", requires: .publicityWrite,
                          summary: "按顺序登记下一环节：会议的应到、实到和表决；决议公开、实施结果公开即时发布到三务公开",
                          body: DeliberationWork.StepInput.self, status: .created, use: step)
        routes.grouped("public").api(.GET, "deliberations", ":id", requires: .public, summary: "一项四议两公开议事的公开进度（不含会议纪要）",
                                     use: publicView)
    }

    @Sendable func list(_ request: Request) async throws -> [DeliberationWork.Summary] { try await DeliberationWork.list(on: request) }

    @Sendable func propose(_ request: Request, _ input: DeliberationWork.ProposalInput) async throws -> DeliberationWork.View {
        try await DeliberationWork.view(try await DeliberationWork.propose(input, on: request), on: request.db)
    }

    @Sendable func show(_ request: Request) async throws -> DeliberationWork.View {
        try await DeliberationWork.view(try await DeliberationWork.find(request.parameters.get("id", as: Int.self), on: request), on: request.db)
    }

    @Sendable func step(_ request: Request, _ input: DeliberationWork.StepInput) async throws -> DeliberationWork.View {
        let model = try await DeliberationWork.find(request.parameters.get("id", as: Int.self), on: request)
        try await DeliberationWork.step(model, input, on: request)
        return try await DeliberationWork.view(model, on: request.db)
    }

    /// The public view leaves the minutes out.
    @Sendable func publicView(_ request: Request) async throws -> DeliberationWork.View {
        let view = try await DeliberationWork.view(try await DeliberationWork.findPublic(request.parameters.get("id", as: Int.self), on: request.db),
                                                   on: request.db)
        return view.withoutMinutes
    }
}

extension DeliberationWork.View {
    var withoutMinutes: DeliberationWork.View {
        DeliberationWork.View(
            id: id, organizationID: organizationID, organizationName: organizationName, title: title, summary: summary, demandID: nil, state: state,
            stateLabel: stateLabel,
            steps: steps.map { step in
                DeliberationWork.StepView(step: step.step, stepLabel: step.stepLabel, heldOn: step.heldOn, assemblyLabel: step.assemblyLabel, vote: step.vote,
                                          passed: step.passed, reasons: step.reasons, text: step.step.isPublication ? step.text : "",
                                          publicationID: step.publicationID)
            },
            next: next, nextLabel: nextLabel, nextAssemblies: nextAssemblies, knownRoll: nil)
    }
}
