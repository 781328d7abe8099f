import DangjianCore
import Fluent
import Foundation
import Vapor

/// 四议两公开: a matter proposed at the 村党组织's meeting, each later step recorded with its meeting's roll, attendance
/// and votes (checked against that meeting's quorum and majority), the two 公开 steps published to 三务公开.
enum DeliberationWork {
    /// A meeting step, or a 公开 step's text; the proposal adds the matter itself.
    struct StepInput: Content {
        /// `proposal`, `consultation`, … or the Chinese name; by default the next step.
        var step: String?
        var heldOn: String?
        /// The meeting (only the resolution has a choice: 村民会议, 户的代表 or 村民代表会议).
        var assembly: String?
        var roll: LenientID?
        var present: LenientID?
        var yes: LenientID?
        var no: LenientID?
        var abstain: LenientID?
        /// The minutes in brief; for a 公开 step, what is published.
        var text: String?
    }

    struct ProposalInput: Content {
        var organizationID: LenientID?
        var title: String?
        var summary: String?
        var demandID: LenientID?
        var heldOn: String?
        var roll: LenientID?
        var present: LenientID?
        var yes: LenientID?
        var no: LenientID?
        var abstain: LenientID?
        var text: String?

        var meeting: StepInput {
            StepInput(step: DeliberationStep.proposal.rawValue, heldOn: heldOn, assembly: Assembly.partyCommittee.rawValue, roll: roll, present: present,
                      yes: yes, no: no, abstain: abstain, text: text)
        }
    }

    struct StepView: Content {
        let step: DeliberationStep
        let stepLabel: String
        let heldOn: String
        let assemblyLabel: String?
        let vote: AssemblyVote?
        let passed: Bool
        /// The quorum and majority, each with its rule.
        let reasons: [String]
        let text: String
        let publicationID: Int?
    }

    struct View: Content {
        let id: Int
        let organizationID: Int
        let organizationName: String
        let title: String
        let summary: String
        let demandID: Int?
        let state: DeliberationState
        let stateLabel: String
        let steps: [StepView]
        let next: DeliberationStep?
        let nextLabel: String?
        /// The meetings the next step may be taken at.
        let nextAssemblies: [Assembly]
        /// The roll the platform knows: the full members entitled to vote, for the 党员大会.
        let knownRoll: Int?
    }

    struct Summary: Content {
        let id: Int
        let title: String
        let organizationName: String
        let stateLabel: String
        let progress: String
        let lastOn: String
    }

    // MARK: - Recording

    static func propose(_ input: ProposalInput, on request: Request) async throws -> DeliberationModel {
        let actor = try request.requireActor()
        let organization = try await OrganizationStore.find(input.organizationID?.value, for: .publicityWrite, on: request)
        let organizationID = try organization.requireID()
        var problems: [FieldError] = []
        let title = input.title?.trimmed ?? ""
        if !(4...60).contains(title.count) { problems.append(FieldError(field: "title", message: "请写明议事事项（4–60 字），如“村集体闲置厂房出租”")) }
        let summary = input.summary?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !(10...3000).contains(summary.count) { problems.append(FieldError(field: "summary", message: "请写明提议的内容（10–3000 字），它会随决议公开")) }
        if organization.sector != .village && organization.sector != .community {
            problems.append(FieldError(field: "organizationID", message: "四议两公开是村（社区）的议事程序，请选择村、社区党组织"))
        }
        let demand: DemandModel? = if let demandID = input.demandID?.value { try await DemandWork.findHandled(demandID, on: request) } else { nil }
        var flow = DeliberationFlow(taken: [])
        let step: (DeliberationStepModel, AssemblyOutcome?)
        do {
            step = try record(input.meeting, into: &flow, knownRoll: nil, on: request)
        } catch let refused as FormProblems {
            throw FormProblems(problems + refused.errors)
        }
        guard problems.isEmpty else { throw FormProblems(problems) }
        let now = request.now.timeIntervalSince1970
        let model = DeliberationModel()
        model.organizationID = organizationID
        model.path = organization.path
        model.title = title
        model.summary = summary
        model.demandID = try demand?.requireID()
        model.state = flow.state
        model.createdBy = actor.accountID
        model.createdAt = now
        model.updatedAt = now
        let stepModel = step.0
        return try await request.write { database in
            try await model.create(on: database)
            stepModel.deliberationID = try model.requireID()
            try await stepModel.create(on: database)
            return (model, AuditEvent("deliberation.propose", target: "deliberation", id: model.id, organization: organizationID,
                                      detail: "四议两公开提议：\(title)（\(stepModel.passed ? "通过" : "未通过")）" + (demand.map { "，来自诉求 \($0.id ?? 0)" } ?? "")))
        }
    }

    /// Checks one step against the flow and turns it into a row (its deliberation id still to be set).
    private static func record(_ input: StepInput, into flow: inout DeliberationFlow, knownRoll: Int?,
                               on request: Request) throws -> (DeliberationStepModel, AssemblyOutcome?) {
        let actor = try request.requireActor()
        guard let next = flow.next else { throw FormProblems(field: "step", DeliberationRefusal.closed(flow.state).message) }
        let step = input.step.flatMap(DeliberationStep.init(label:)) ?? next
        // The order first: a step out of turn is refused with the rule, whatever else is missing.
        guard step == next else { throw FormProblems(field: "step", DeliberationRefusal.outOfOrder(expected: next, given: step).message) }
        guard let heldOn = input.heldOn.flatMap(CalendarDate.init(parsing:)) else {
            throw FormProblems(field: "heldOn", step.isPublication ? "请填写公开日期（如 2026-12-01）" : "请填写会议日期（如 2026-12-01）")
        }
        let text = input.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if step.isPublication {
            guard (10...3000).contains(text.count) else {
                throw FormProblems(field: "text", step == .resolutionPublished ? "请写明公开的决议内容（10–3000 字）" : "请写明实施结果（10–3000 字），包括完成情况和资金使用")
            }
        } else if text.count > 2000 {
            throw FormProblems(field: "text", "会议纪要摘要不超过 2000 字")
        }
        var assembly = input.assembly.flatMap(Assembly.init(label:))
        if assembly == nil, step.assemblies.count == 1 { assembly = step.assemblies.first }
        var vote: AssemblyVote?
        if !step.isPublication {
            var missing: [FieldError] = []
            let roll = knownRoll ?? input.roll?.value
            for (field, value, label) in [("roll", roll, "应到人数"), ("present", input.present?.value, "实到人数"), ("yes", input.yes?.value, "赞成票")] where value == nil {
                missing.append(FieldError(field: field, message: "请填写\(label)"))
            }
            guard missing.isEmpty, let roll, let present = input.present?.value, let yes = input.yes?.value else { throw FormProblems(missing) }
            vote = AssemblyVote(roll: roll, present: present, yes: yes, no: input.no?.value ?? 0, abstain: input.abstain?.value ?? 0)
        }
        let outcome: AssemblyOutcome?
        do {
            outcome = try flow.take(step, on: heldOn, today: request.today, assembly: assembly, vote: vote)
        } catch {
            let field = switch error {
            case .inFuture, .beforePrevious: "heldOn"
            default: "step"
            }
            throw FormProblems(field: field, error.message)
        }
        let model = DeliberationStepModel()
        model.step = step
        model.heldOn = heldOn
        model.assembly = step.isPublication ? nil : assembly
        model.roll = vote?.roll
        model.present = vote?.present
        model.yes = vote?.yes
        model.no = vote?.no
        model.abstain = vote?.abstain
        model.passed = outcome?.passed ?? true
        model.text = text
        model.recordedBy = actor.accountID
        model.recordedAt = request.now.timeIntervalSince1970
        return (model, outcome)
    }

    static func flow(of steps: [DeliberationStepModel]) -> DeliberationFlow {
        DeliberationFlow(taken: steps.sorted { $0.step.order < $1.step.order }.map { .init(step: $0.step, on: $0.heldOn, passed: $0.passed) })
    }

    /// The full members entitled to vote at the 党员大会, from the register: entered once, never typed.
    static func knownRoll(for step: DeliberationStep?, _ model: DeliberationModel, on database: any Database) async throws -> Int? {
        guard step == .partyReview else { return nil }
        return try await OrganizationModel.find(model.organizationID, on: database)?.subtreeFull
    }

    static func step(_ model: DeliberationModel, _ input: StepInput, on request: Request) async throws {
        let id = try model.requireID()
        let steps = try await DeliberationStepModel.query(on: request.db).filter(\.$deliberationID == id).all()
        var flow = flow(of: steps)
        let (stepModel, _) = try record(input, into: &flow, knownRoll: try await knownRoll(for: flow.next, model, on: request.db), on: request)
        stepModel.deliberationID = id
        model.state = flow.state
        model.updatedAt = request.now.timeIntervalSince1970
        let publication: PublicationModel? = stepModel.step.isPublication
            ? try await publicationOf(model, stepModel, earlier: steps, on: request) : nil
        try await request.write { database in
            if let publication {
                try await publication.create(on: database)
                publication.seriesID = try publication.requireID()
                try await publication.update(on: database)
                stepModel.publicationID = publication.id
            }
            try await stepModel.create(on: database)
            try await model.update(on: database)
            return ((), AuditEvent("deliberation.step", target: "deliberation", id: id, organization: model.organizationID,
                                   detail: "\(model.title)：\(stepModel.step.chinese)" + (stepModel.step.isPublication ? "（已公开到三务公开）" : stepModel.passed ? "（通过）" : "（未通过）")))
        }
    }

    /// The 村务公开 a 公开 step puts out at once: the matter, the meetings that decided it, and the decision or the results.
    /// The village assembly's decision stands in for the committee's review.
    private static func publicationOf(_ model: DeliberationModel, _ step: DeliberationStepModel, earlier: [DeliberationStepModel],
                                      on request: Request) async throws -> PublicationModel {
        let actor = try request.requireActor()
        var items = [PublicityWork.StoredItem(title: "议事事项", text: model.summary)]
        for taken in earlier.sorted(by: { $0.step.order < $1.step.order }) where !taken.step.isPublication {
            let vote = taken.vote.map { "，应到 \($0.roll) 人，实到 \($0.present) 人，赞成 \($0.yes) 票、反对 \($0.no) 票、弃权 \($0.abstain) 票" } ?? ""
            items.append(.init(title: taken.step.chinese, text: "\(taken.heldOn.chinese)\(taken.assembly?.chinese ?? "")\(vote)，\(taken.passed ? "通过" : "未通过")。"))
        }
        items.append(.init(title: step.step == .resolutionPublished ? "决议内容" : "实施结果", text: step.text))
        let publication = PublicationModel()
        publication.organizationID = model.organizationID
        publication.path = model.path
        publication.seriesID = 0
        publication.version = 1
        publication.kind = .affairs
        publication.periodStart = step.heldOn
        publication.periodEnd = step.heldOn
        publication.title = String("\(model.title)\(step.step == .resolutionPublished ? "决议" : "实施结果")公开".prefix(60))
        try publication.setContent(items: items, account: nil)
        publication.state = .published
        publication.authorID = actor.accountID
        publication.reviewNote = "经村民会议（村民代表会议）决议，依四议两公开程序公开"
        publication.publishedOn = request.today
        publication.createdAt = request.now.timeIntervalSince1970
        publication.updatedAt = publication.createdAt
        return publication
    }

    // MARK: - Reading

    static func find(_ id: Int?, on request: Request) async throws -> DeliberationModel {
        guard let id, let model = try await DeliberationModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到这项议事") }
        guard try request.policy.allows(.publicityWrite, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("deliberation.read", target: "deliberation", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到这项议事")
        }
        return model
    }

    static func view(_ model: DeliberationModel, on database: any Database) async throws -> View {
        let id = try model.requireID()
        let steps = try await DeliberationStepModel.query(on: database).filter(\.$deliberationID == id).all().sorted { $0.step.order < $1.step.order }
        let flow = flow(of: steps)
        let name = try await OrganizationModel.find(model.organizationID, on: database)?.name ?? ""
        return View(
            id: id, organizationID: model.organizationID, organizationName: name, title: model.title, summary: model.summary, demandID: model.demandID,
            state: flow.state, stateLabel: flow.state.chinese,
            steps: steps.map { step in
                let outcome = step.assembly.flatMap { assembly in step.vote.flatMap { try? assembly.evaluate($0) } }
                return StepView(step: step.step, stepLabel: step.step.chinese, heldOn: step.heldOn.description, assemblyLabel: step.assembly?.chinese,
                                vote: step.vote, passed: step.passed, reasons: outcome?.reasons ?? [], text: step.text, publicationID: step.publicationID)
            },
            next: flow.next, nextLabel: flow.next?.chinese, nextAssemblies: flow.next?.assemblies ?? [],
            knownRoll: try await knownRoll(for: flow.next, model, on: database))
    }

    static func summaries(_ models: [DeliberationModel], on database: any Database) async throws -> [Summary] {
        let ids = models.compactMap(\.id)
        var steps: [Int: [DeliberationStepModel]] = [:]
        for chunk in ids.chunked(into: 1000) {
            for step in try await DeliberationStepModel.query(on: database).filter(\.$deliberationID ~~ Array(chunk)).all() {
                steps[step.deliberationID, default: []].append(step)
            }
        }
        let names = try await PublicView.organizationNames(Set(models.map(\.organizationID)), on: database)
        return models.compactMap { model in
            guard let id = model.id else { return nil }
            let taken = steps[id] ?? []
            let flow = flow(of: taken)
            let last = taken.max { $0.step.order < $1.step.order }
            let progress = flow.next.map { "第 \(taken.count)/\(DeliberationStep.allCases.count) 步，下一步：\($0.chinese)" }
                ?? (flow.state == .rejected ? "\(last?.step.chinese ?? "")未通过" : "六个环节已全部完成")
            return Summary(id: id, title: model.title, organizationName: names[model.organizationID] ?? "", stateLabel: flow.state.chinese,
                           progress: progress, lastOn: last?.heldOn.description ?? "")
        }
    }

    static func list(on request: Request) async throws -> [Summary] {
        var models: [DeliberationModel] = []
        for scope in try request.policy.scopes(for: .publicityWrite) {
            models += try await DeliberationModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .sort(\.$id, .descending).limit(200).all()
        }
        return try await summaries(models, on: request.db)
    }

    /// What anyone may read: a village's decisions and where each stands.
    static func publicList(organizationID: Int, on database: any Database) async throws -> [Summary] {
        try await summaries(try await DeliberationModel.query(on: database).filter(\.$organizationID == organizationID).sort(\.$id, .descending)
            .limit(30).all(), on: database)
    }

    static func findPublic(_ id: Int?, on database: any Database) async throws -> DeliberationModel {
        guard let id, let model = try await DeliberationModel.find(id, on: database) else { throw Abort(.notFound, reason: "没有找到这项议事") }
        return model
    }
}

extension DeliberationStep {
    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
