import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 诉求与意见建议: submitted by a member or resident with photos, routed to their organization, accepted or passed on,
/// answered publicly, rated by the submitter; an unsatisfied verdict sends it once to the level above (`DemandFlow`).
enum DemandWork {
    static let maximumPhotoBytes = 10 * 1_048_576
    static let maximumPhotos = 3
    static let attachmentOwner = "demand"

    struct SubmitInput: Content {
        var kind: String?
        var category: String?
        /// The organization asked; by default the submitter's own (a resident's village, a member's branch).
        var organizationID: Int?
        var place: String?
        var text: String?
    }

    /// What the submitter and the organization see of a request.
    struct View: Content {
        let id: Int
        /// Shown to the submitter only.
        let trackingCode: String?
        let kind: DemandKind
        let kindLabel: String
        let category: DemandCategory
        let categoryLabel: String
        let place: String
        let text: String
        let state: DemandState
        let stateLabel: String
        let round: Int
        let organizationID: Int
        let organizationName: String
        let submittedOn: String
        let acknowledgeBy: String
        let answerBy: String
        /// `应于 … 前答复，已逾期`, when a limit has passed.
        let overdue: String?
        let answer: String?
        let answeredOn: String?
        let verdict: DemandVerdict?
        let verdictLabel: String?
        let verdictReason: String?
        /// The submitter as the organization sees them: name and masked phone (a resident) or name (a member).
        let submitter: String?
        let photos: [AttachmentView]
        let history: [Event]
        let canAccept: Bool
        let canPassOn: Bool
        let canAnswer: Bool
        let canRate: Bool
    }

    struct Event: Content {
        let step: DemandStep
        let stepLabel: String
        let organizationName: String
        let note: String?
        let at: String
    }

    /// A row of a list.
    struct Summary: Content {
        let id: Int
        let kindLabel: String
        let categoryLabel: String
        let place: String
        let excerpt: String
        let state: DemandState
        let stateLabel: String
        let organizationName: String
        let submittedOn: String
        let overdue: String?
    }

    // MARK: - Submitting

    /// The organization a submitter belongs to: a resident's registered village, a member's branch.
    static func home(of actor: Actor, on database: any Database) async throws -> OrganizationModel? {
        if let grant = actor.grants.first(where: { $0.role == .resident }), let scope = grant.scope {
            return try await OrganizationModel.find(scope.lastID, on: database)
        }
        if let memberID = actor.memberID, let member = try await MemberModel.find(memberID, on: database) {
            return try await OrganizationModel.find(member.organizationID, on: database)
        }
        return nil
    }

    /// The organizations a submitter may address: their own and those above it.
    static func addressable(by actor: Actor, on database: any Database) async throws -> [OrganizationModel] {
        guard let home = try await home(of: actor, on: database) else { return [] }
        let ids = home.orgPath.ids
        let found = try await OrganizationModel.query(on: database).filter(\.$id ~~ ids).all()
        return ids.reversed().compactMap { id in found.first { $0.id == id } }
    }

    /// Checks and stores a request with its photos; answers the model and its tracking code.
    /// `addressedTo`: a concern a cadre took down for someone else (干部群众面对面) goes to the organization the caller
    /// names, already checked against the caller's scope, instead of one of the caller's own.
    static func submit(_ input: SubmitInput, photos: [File], addressedTo fixed: OrganizationModel? = nil, on request: Request) async throws -> (DemandModel, TrackingCode) {
        let actor = try request.requireActor()
        var problems: [FieldError] = []
        let kind = input.kind.flatMap(DemandKind.init(label:))
        if kind == nil { problems.append(FieldError(field: "kind", message: "请选择是意见建议还是诉求")) }
        let category = input.category.flatMap(DemandCategory.init(label:))
        if category == nil { problems.append(FieldError(field: "category", message: "请选择类别")) }
        let place = input.place?.trimmed ?? ""
        if place.count > 60 { problems.append(FieldError(field: "place", message: "地点不超过 60 个字")) }
        let text = input.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !(5...2000).contains(text.count) { problems.append(FieldError(field: "text", message: "请把事情写清楚（5–2000 字）")) }
        let chosen = photos.filter { $0.data.readableBytes > 0 }
        if chosen.count > maximumPhotos { problems.append(FieldError(field: "photos", message: "照片最多 \(maximumPhotos) 张")) }
        let addressable = try await addressable(by: actor, on: request.db)
        let organization = fixed ?? input.organizationID.map { id in addressable.first { $0.id == id } } ?? addressable.first
        if organization == nil {
            problems.append(FieldError(field: "organizationID", message: addressable.isEmpty
                ? "您的账号没有所属的村（社区）或党组织，无法提交；请联系村（社区）办公室" : "只能向本村（社区）或其上级党组织提出"))
        }
        guard problems.isEmpty, let kind, let category, let organization, let organizationID = organization.id else { throw FormProblems(problems) }
        let cipher = request.services.cipher
        var generator = SystemRandomNumberGenerator()
        let code = TrackingCode(using: &generator)
        let trackingHash = cipher.lookupHash("tracking:" + code.value)
        let now = request.now.timeIntervalSince1970
        let model = DemandModel()
        model.organizationID = organizationID
        model.path = organization.path
        model.originOrganizationID = organizationID
        model.kind = kind
        model.category = category
        model.place = place
        model.text = text
        model.accountID = actor.accountID
        model.trackingHash = trackingHash
        model.trackingCipher = try cipher.seal(code.value, for: .trackingCode(hash: trackingHash))
        model.apply(DemandFlow(submittedOn: request.today))
        model.submittedAt = now
        model.updatedAt = now
        // Photos are checked (kind by content, size) and written before the rows that point to them.
        var kept: [AttachmentModel] = []
        for (index, photo) in chosen.enumerated() {
            do {
                kept.append(try await request.services.attachments.keep(
                    photo, caption: nil, accepted: FileKind.images, maximumBytes: maximumPhotoBytes,
                    owner: .init(type: attachmentOwner, id: 0, organizationID: organizationID, path: organization.path, permission: .requestHandle),
                    accountID: actor.accountID, on: request))
            } catch let problem as FormProblems {
                throw FormProblems(problem.errors.map { FieldError(field: "photos", message: "第 \(index + 1) 张照片：\($0.message)") })
            }
        }
        let photos = kept
        try await request.write { database in
            try await model.create(on: database)
            let id = try model.requireID()
            for attachment in photos {
                attachment.ownerID = id
                try await attachment.create(on: database)
            }
            try await DemandEventModel(demandID: id, step: .submitted, organizationID: organizationID, accountID: actor.accountID, note: nil, at: now)
                .create(on: database)
            try await Messages.send(to: try await Messages.holders(of: .requestHandle, at: organizationID, on: database), path: organization.path,
                                    kind: "demand.submitted", title: "新的\(kind.chinese)：\(category.chinese)\(place.isEmpty ? "" : " · " + place)",
                                    link: "/demands/\(id)", at: now, on: database)
            return ((), AuditEvent("demand.submit", target: "demand", id: id, organization: organizationID,
                                   detail: "提交\(kind.chinese)（\(category.chinese)）\(photos.isEmpty ? "" : "，照片 \(photos.count) 张")"))
        }
        return (model, code)
    }

    /// A photo added afterwards (the API sends the request first, then each photo), while the request waits for acceptance.
    static func addPhoto(_ request: Request, to model: DemandModel) async throws -> AttachmentModel {
        try AttachmentStore.refuseOversized(request, maximumBytes: maximumPhotoBytes)
        let input = try request.content.decode(DevelopmentWork.AttachmentInput.self)
        guard let file = input.file else { throw FormProblems(field: "file", "请选择要上传的照片") }
        guard model.state == .submitted else { throw FormProblems(field: "file", "诉求已受理，不能再补充照片；有新情况请在评价或新的诉求里说明") }
        let id = try model.requireID()
        let count = try await AttachmentModel.query(on: request.db).filter(\.$ownerType == attachmentOwner).filter(\.$ownerID == id).count()
        guard count < maximumPhotos else { throw FormProblems(field: "file", "照片最多 \(maximumPhotos) 张") }
        let actor = try request.requireActor()
        let attachment = try await request.services.attachments.keep(
            file, caption: nil, accepted: FileKind.images, maximumBytes: maximumPhotoBytes,
            owner: .init(type: attachmentOwner, id: id, organizationID: model.organizationID, path: model.path, permission: .requestHandle),
            accountID: actor.accountID, on: request)
        return try await request.write { database in
            try await attachment.create(on: database)
            return (attachment, AuditEvent("demand.photo", target: "demand", id: id, organization: model.organizationID,
                                           detail: "补充照片（\(AttachmentView.readable(attachment.size))）"))
        }
    }

    /// The organizations the caller handles requests for, in tree order, for a choice: villages and communities are
    /// the branches of a county; a province's list stops at the first 1,000 of each scope.
    static func handledOrganizations(on request: Request) async throws -> [OrganizationModel] {
        var organizations: [OrganizationModel] = []
        for scope in try request.policy.scopes(for: .requestHandle) {
            organizations += try await OrganizationModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .sort(\.$path).limit(1000).all()
        }
        return organizations
    }

    // MARK: - Finding

    /// The caller's own request, or 404 exactly like a missing one.
    static func findOwn(_ id: Int?, on request: Request) async throws -> DemandModel {
        let actor = try request.requireActor()
        guard let id, let model = try await DemandModel.find(id, on: request.db), model.accountID == actor.accountID else {
            throw Abort(.notFound, reason: "没有找到这条诉求")
        }
        return try await settled(model, on: request)
    }

    /// A request the caller handles (its organization in their `requestHandle` scope), or 404 like a missing one.
    static func findHandled(_ id: Int?, on request: Request) async throws -> DemandModel {
        guard let id, let model = try await DemandModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到这条诉求") }
        guard try request.policy.allows(.requestHandle, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("demand.read", target: "demand", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到这条诉求")
        }
        return try await settled(model, on: request)
    }

    /// An answer nobody rated within the rating days is closed as 逾期未评价 when it is next read.
    static func settled(_ model: DemandModel, on request: Request) async throws -> DemandModel {
        var flow = model.flow
        guard flow.closeUnrated(today: request.today, rules: request.services.rules), let id = model.id else { return model }
        let now = request.now.timeIntervalSince1970
        model.apply(flow)
        model.updatedAt = now
        try await request.write { database in
            try await model.update(on: database)
            try await DemandEventModel(demandID: id, step: .closed, organizationID: model.organizationID, accountID: nil,
                                       note: DemandVerdict.unrated.chinese, at: now).create(on: database)
            return ((), AuditEvent("demand.close", target: "demand", id: id, organization: model.organizationID, detail: "答复后逾期未评价，自动办结"))
        }
        return model
    }

    // MARK: - Handling

    struct PassOnInput: Content {
        var organizationID: Int?
        var note: String?
    }

    struct AnswerInput: Content {
        var answer: String?
    }

    struct RateInput: Content {
        var verdict: String?
        var reason: String?
    }

    static func accept(_ model: DemandModel, on request: Request) async throws {
        try await step(model, .accepted, note: nil, on: request) { flow, today in try flow.accept(on: today) }
    }

    static func passOn(_ model: DemandModel, _ input: PassOnInput, on request: Request) async throws {
        let target = try await OrganizationStore.find(input.organizationID, for: .requestHandle, on: request)
        guard target.id != model.organizationID else { throw FormProblems(field: "organizationID", "请选择另一个党组织") }
        let note = input.note?.trimmed ?? ""
        guard (2...200).contains(note.count) else { throw FormProblems(field: "note", "请写明转交的理由（2–200 字），提交人能看到") }
        let targetID = try target.requireID()
        try await step(model, .passedOn, note: "转交\(target.name)：\(note)", to: (targetID, target.path), on: request) { flow, today in
            try flow.passOn(on: today)
        }
    }

    static func answer(_ model: DemandModel, _ input: AnswerInput, on request: Request) async throws {
        let text = input.answer?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (5...2000).contains(text.count) else { throw FormProblems(field: "answer", "请写明办理结果（5–2000 字）；答复会公开，不要写提交人的姓名和电话") }
        model.answer = text
        try await step(model, .answered, note: text, on: request) { flow, today in try flow.answer(on: today) }
    }

    /// The submitter's verdict; unsatisfied in the first round sends the request to the level above.
    static func rate(_ model: DemandModel, _ input: RateInput, on request: Request) async throws {
        guard let verdict = input.verdict.flatMap(DemandVerdict.init(label:)), verdict != .unrated else {
            throw FormProblems(field: "verdict", "请选择满意或不满意")
        }
        let reason = input.reason?.trimmed ?? ""
        if verdict == .unsatisfied && !(2...500).contains(reason.count) {
            throw FormProblems(field: "reason", "请写明不满意的原因（2–500 字），上级据此重新办理")
        }
        let chain = try await OrganizationStore.chain(OrgPath(stored: model.path), on: request.db)
        let above = LevelAbove.organization(chain)
        var aboveTarget: (Int, String)?
        if let above, let organization = try await OrganizationModel.find(above.lastID, on: request.db) {
            aboveTarget = (try organization.requireID(), organization.path)
        }
        var flow = model.flow
        let outcome: DemandFlow.Outcome
        do { outcome = try flow.rate(verdict, on: request.today, hasLevelAbove: aboveTarget != nil) } catch { throw FormProblems(field: "verdict", error.message) }
        let note = verdict == .unsatisfied ? "不满意：\(reason)" : (reason.isEmpty ? verdict.chinese : "\(verdict.chinese)：\(reason)")
        model.verdictReason = reason.isEmpty ? nil : reason
        if outcome == .reopened, let aboveTarget {
            model.verdict = nil
            try await step(model, .reopened, note: note, to: aboveTarget, on: request) { current, today in
                _ = try current.rate(verdict, on: today, hasLevelAbove: true)
            }
        } else {
            try await step(model, .rated, note: note, on: request) { current, today in
                _ = try current.rate(verdict, on: today, hasLevelAbove: aboveTarget != nil)
            }
        }
    }

    /// Applies one step to the flow, moves the request when it goes elsewhere, records the history and the audit.
    private static func step(_ model: DemandModel, _ step: DemandStep, note: String?, to target: (id: Int, path: String)? = nil,
                             on request: Request, _ change: (inout DemandFlow, CalendarDate) throws -> Void) async throws {
        let actor = try request.requireActor()
        var flow = model.flow
        do { try change(&flow, request.today) } catch let refusal as DemandRefusal { throw FormProblems(field: "state", refusal.message) }
        let id = try model.requireID()
        let now = request.now.timeIntervalSince1970
        let from = model.organizationID
        model.apply(flow)
        model.updatedAt = now
        if let target {
            model.organizationID = target.id
            model.path = target.path
        }
        let depth = request.services.configuration.countyDepth
        try await request.write { database in
            if target != nil { model.countyID = try await model.derivedCountyID(depth: depth, on: database) }
            try await model.update(on: database)
            try await DemandEventModel(demandID: id, step: step, organizationID: model.organizationID, accountID: actor.accountID, note: note, at: now)
                .create(on: database)
            let about = model.category.chinese + (model.place.isEmpty ? "" : " · \(model.place)")
            switch step {
            case .passedOn, .reopened:
                try await Messages.send(to: try await Messages.holders(of: .requestHandle, at: model.organizationID, on: database), path: model.path,
                                        kind: "demand.\(step.rawValue)",
                                        title: step == .reopened ? "群众不满意，请重新办理：\(about)" : "转来的诉求：\(about)", link: "/demands/\(id)",
                                        at: now, on: database)
            case .answered:
                try await Messages.send(to: [model.accountID], path: model.path, kind: "demand.answered", title: "您的诉求已答复，请评价：\(about)",
                                        link: "/requests/\(id)", at: now, on: database)
            default: break
            }
            if target != nil {
                // The photos follow the request to the organization that handles it now.
                try await database.sql.update(AttachmentModel.schema).set("organization_id", to: SQLBind(model.organizationID))
                    .set("path", to: SQLBind(model.path)).set("county_id", to: SQLBind(model.countyID))
                    .where("owner_type", .equal, SQLBind(attachmentOwner)).where("owner_id", .equal, SQLBind(id)).run()
            }
            return ((), AuditEvent("demand.\(step.rawValue)", target: "demand", id: id, organization: from,
                                   detail: step.chinese + (target != nil ? "，转至组织 \(model.organizationID)" : "")))
        }
    }

    // MARK: - Reading

    static func view(_ model: DemandModel, own: Bool, on request: Request) async throws -> View {
        let id = try model.requireID()
        let rules = request.services.rules
        let flow = model.flow
        let events = try await DemandEventModel.query(on: request.db).filter(\.$demandID == id).sort(\.$id).all()
        let organizationIDs = Set(events.map(\.organizationID) + [model.organizationID])
        let names = try await PublicView.organizationNames(organizationIDs, on: request.db)
        let photos = try await AttachmentModel.query(on: request.db).filter(\.$ownerType == attachmentOwner).filter(\.$ownerID == id).sort(\.$id).all()
        let policy = try request.policy
        let handles = policy.allows(.requestHandle, at: OrgPath(stored: model.path))
        var submitter: String?
        if handles, let account = try await AccountModel.find(model.accountID, on: request.db) {
            submitter = account.displayName + (account.phoneMask.map { "（\($0)）" } ?? (account.memberID != nil ? "（党员）" : ""))
        }
        let trackingCode = own ? (try? request.services.cipher.open(model.trackingCipher, for: .trackingCode(hash: model.trackingHash)))
            .flatMap(TrackingCode.init(typed:))?.description : nil
        return View(
            id: id, trackingCode: trackingCode, kind: model.kind, kindLabel: model.kind.chinese, category: model.category,
            categoryLabel: model.category.chinese, place: model.place, text: model.text, state: model.state, stateLabel: model.state.chinese,
            round: model.round, organizationID: model.organizationID, organizationName: names[model.organizationID] ?? "",
            submittedOn: CalendarDate(Date(timeIntervalSince1970: model.submittedAt)).description,
            acknowledgeBy: flow.acknowledgeBy(rules).description, answerBy: flow.answerBy(rules).description,
            overdue: flow.overdue(today: request.today, rules: rules)?.chinese, answer: model.answer, answeredOn: model.answeredOn?.description,
            verdict: model.verdict, verdictLabel: model.verdict?.chinese, verdictReason: model.verdictReason, submitter: submitter,
            photos: photos.map { AttachmentView($0, prefix: request.isAPI ? "/api/v1" : "") },
            history: events.map { event in
                Event(step: event.step, stepLabel: event.step.chinese, organizationName: names[event.organizationID] ?? "", note: event.note,
                      at: Self.localTime(event.createdAt))
            },
            canAccept: handles && model.state == .submitted, canPassOn: handles && (model.state == .submitted || model.state == .accepted),
            canAnswer: handles && model.state.awaitsOrganization, canRate: own && model.state == .answered)
    }

    static func localTime(_ seconds: Double) -> String { ChinaClock.text(seconds) }

    struct ListQuery: Content {
        var state: String?
        var organizationID: Int?
    }

    private struct Row: Decodable {
        let id: Int, kind: String, category: String, place: String, text: String, state: String, round: Int, clock_start: String
        let acknowledged_on: String?, answered_on: String?, verdict: String?, submitted_at: Double, name: String, organization_id: Int, path: String
    }

    /// A list row with what the to-dos need beside it.
    private struct Listed {
        let summary: Summary
        let flow: DemandFlow
        let about: String
        let organizationID: Int
        let path: OrgPath
    }

    /// The caller's own requests, newest first.
    static func mine(on request: Request) async throws -> [Summary] {
        let actor = try request.requireActor()
        let query = base(on: request.db).where(SQLColumn("account_id", table: "d"), .equal, SQLBind(actor.accountID))
        return try await listed(query, on: request).map(\.summary)
    }

    /// The requests the caller handles: those waiting for the organization first (overdue at the top), then the rest.
    static func handling(_ filter: ListQuery, on request: Request) async throws -> [Summary] {
        try await handled(filter, on: request).map(\.summary)
    }

    private static func handled(_ filter: ListQuery, on request: Request) async throws -> [Listed] {
        let scopes: [OrgPath]
        if let organizationID = filter.organizationID {
            scopes = [try await OrganizationStore.find(organizationID, for: .requestHandle, on: request).orgPath]
        } else {
            scopes = try request.policy.scopes(for: .requestHandle)
        }
        guard !scopes.isEmpty else { return [] }
        let query = base(on: request.db).within(scopes, path: SQLColumn("path", table: "d"))
        switch filter.state {
        case "open", nil, "": query.where(SQLColumn("state", table: "d"), .in, SQLBind.group([DemandState.submitted, .accepted, .reopened].map(\.rawValue)))
        case "answered": query.where(SQLColumn("state", table: "d"), .equal, SQLBind(DemandState.answered.rawValue))
        case "closed": query.where(SQLColumn("state", table: "d"), .equal, SQLBind(DemandState.closed.rawValue))
        case "all": break
        default: throw FormProblems(field: "state", "状态只能是 open、answered、closed 或 all")
        }
        let rows = try await listed(query, on: request)
        return rows.filter { $0.summary.overdue != nil } + rows.filter { $0.summary.overdue == nil }
    }

    private static func base(on database: any Database) -> SQLSelectBuilder {
        database.sql.select()
            .columns(["id", "kind", "category", "place", "text", "state", "round", "clock_start", "acknowledged_on", "answered_on", "verdict",
                      "submitted_at", "organization_id", "path"].map { SQLColumn($0, table: "d") })
            .column(SQLColumn("name", table: "o"))
            .from(SQLAlias(SQLIdentifier(DemandModel.schema), as: SQLIdentifier("d")))
            .join(SQLAlias(SQLIdentifier(OrganizationModel.schema), as: SQLIdentifier("o")),
                  on: SQLColumn("organization_id", table: "d"), .equal, SQLColumn("id", table: "o"))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "d"), direction: SQLDirection.descending))
            .limit(500)
    }

    private static func listed(_ query: SQLSelectBuilder, on request: Request) async throws -> [Listed] {
        let rules = request.services.rules
        return try await query.all(decoding: Row.self).compactMap { row in
            guard let kind = DemandKind(rawValue: row.kind), let category = DemandCategory(rawValue: row.category),
                  let state = DemandState(rawValue: row.state), let clockStart = CalendarDate(parsing: row.clock_start) else { return nil }
            let flow = DemandFlow(state: state, round: row.round, clockStart: clockStart, acknowledgedOn: row.acknowledged_on.flatMap(CalendarDate.init(parsing:)),
                                  answeredOn: row.answered_on.flatMap(CalendarDate.init(parsing:)), verdict: row.verdict.flatMap(DemandVerdict.init(rawValue:)))
            let summary = Summary(id: row.id, kindLabel: kind.chinese, categoryLabel: category.chinese, place: row.place, excerpt: String(row.text.prefix(40)),
                                  state: state, stateLabel: state.chinese, organizationName: row.name,
                                  submittedOn: CalendarDate(Date(timeIntervalSince1970: row.submitted_at)).description,
                                  overdue: flow.overdue(today: request.today, rules: rules)?.chinese)
            return Listed(summary: summary, flow: flow, about: category.chinese + (row.place.isEmpty ? "" : " · \(row.place)"),
                          organizationID: row.organization_id, path: OrgPath(stored: row.path))
        }
    }

    /// To-dos of the requests in the caller's `requestHandle` scope: acknowledging and answering where one of the
    /// caller's grants is at the organization responsible; 督办 of overdue ones further below.
    static func todos(on request: Request) async throws -> [ToDo] {
        let actor = try request.requireActor()
        guard AccessPolicy(actor).holds(.requestHandle) else { return [] }
        let engine = DemandToDos(rules: request.services.rules)
        let responsibleAt = Set(actor.grants.filter { $0.role.permissions.contains(.requestHandle) }.compactMap(\.scope))
        return try await handled(ListQuery(state: "open"), on: request).flatMap { row in
            engine.todos(for: .init(demandID: row.summary.id, about: row.about, organizationID: row.organizationID,
                                    organizationName: row.summary.organizationName, flow: row.flow, supervising: !responsibleAt.contains(row.path)),
                         today: request.today)
        }
    }
}
