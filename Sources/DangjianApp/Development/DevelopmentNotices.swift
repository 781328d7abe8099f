import DangjianCore
import Fluent
import Vapor

/// 公示 — a published notice about a person in development, with its period. Members of the branch see it on the
/// notice board; secretaries print it for the notice wall.
final class DevelopmentNoticeModel: Model, @unchecked Sendable {
    static let schema = "development_notices"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "case_id") var caseID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "step") var step: Int
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "starts_on") var startsOn: CalendarDate
    @Field(key: "ends_on") var endsOn: CalendarDate
    @Field(key: "withdrawn") var withdrawn: Bool
    @OptionalField(key: "account_id") var accountID: Int?
    @Field(key: "actor_name") var actorName: String
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}

struct NoticeView: Content {
    let id: Int
    let caseID: Int
    let organizationName: String
    let title: String
    let body: String
    let startsOn: CalendarDate
    let endsOn: CalendarDate
    let state: String
    let stateLabel: String
    let publishedBy: String
}

enum DevelopmentNotices {
    struct Input: Content {
        var startsOn: String?
        var body: String?
    }

    /// The notice due now: the latest step recorded that calls for one.
    static func step(for development: DevelopmentCase) -> DevelopmentStep? {
        development.records.map(\.step).last(where: \.needsPublicNotice)
    }

    static func draft(for model: DevelopmentCaseModel, organizationName: String, startsOn: CalendarDate, rules: RuleBook) -> (DevelopmentStep, String, String, CalendarDate)? {
        guard let step = step(for: model.development), let title = step.publicNoticeTitle else { return nil }
        let endsOn = startsOn.endOfWorkingDays(rules.value(.publicNoticeWorkingDays))
        let phrase: String
        switch step {
        case .activistRecommendation: phrase = "确定为入党积极分子"
        case .candidateDetermination: phrase = "拟确定为发展对象"
        case .preReview: phrase = "拟接收为预备党员"
        default: phrase = "拟按期转为正式党员"
        }
        let body = "经\(organizationName)研究，\(model.name)同志（\(model.gender.chinese)，\(Masking.birthMonthChinese(model.birthDate))出生）\(phrase)，现予以公示。"
            + "公示时间：\(startsOn.chinese)至\(endsOn.chinese)。公示期间，党员和群众可以通过来信、来电、来访等方式向党支部或上级党委组织部门反映情况。"
        return (step, title, body, endsOn)
    }

    static func publish(_ input: Input, for model: DevelopmentCaseModel, on request: Request) async throws -> DevelopmentNoticeModel {
        var errors: [FieldError] = []
        let today = request.today
        let startsOn: CalendarDate?
        if let text = input.startsOn, !text.isEmpty {
            startsOn = CalendarDate(parsing: text)
            if startsOn == nil { errors.append(FieldError(field: "startsOn", message: "公示开始日期格式应为 2026-01-31")) }
        } else {
            startsOn = today
        }
        if let startsOn, startsOn < today.adding(days: -30) {
            errors.append(FieldError(field: "startsOn", message: "公示开始日期不能早于 30 天前"))
        }
        guard errors.isEmpty, let startsOn else { throw FormProblems(errors) }
        guard !model.closed else { throw FormProblems(field: "startsOn", "该发展档案已终止，不再公示") }
        let organization = try await OrganizationModel.find(model.organizationID, on: request.db)
        guard let (step, title, generated, endsOn) = draft(for: model, organizationName: organization?.name ?? "", startsOn: startsOn,
                                                           rules: request.services.rules) else {
            throw FormProblems(field: "startsOn", "目前没有需要公示的环节（确定入党积极分子、发展对象，接收预备党员和转正前公示）")
        }
        let body = input.body?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? generated
        guard body.count <= 1000 else { throw FormProblems(field: "body", "公示内容不能超过 1000 字") }
        let actor = try request.requireActor()
        let notice = DevelopmentNoticeModel()
        notice.caseID = model.id!
        notice.organizationID = model.organizationID
        notice.path = model.path
        notice.step = step.rawValue
        notice.title = title
        notice.body = body
        notice.startsOn = startsOn
        notice.endsOn = endsOn
        notice.withdrawn = false
        notice.accountID = actor.accountID
        notice.actorName = actor.displayName
        let rule = request.services.rules[.publicNoticeWorkingDays].citation
        return try await request.write { database in
            try await notice.create(on: database)
            try await DevelopmentEventModel(caseID: model.id!, step: nil, action: "notice", onDate: startsOn,
                                            summary: "发布\(title)，\(startsOn) 至 \(endsOn)", rule: rule,
                                            accountID: actor.accountID, actorName: actor.displayName).create(on: database)
            return (notice, AuditEvent("development.notice", target: "development", id: model.id, organization: model.organizationID,
                                       detail: "\(model.name)：\(title)，\(startsOn) 至 \(endsOn)"))
        }
    }

    struct WithdrawInput: Content {
        var reason: String?
    }

    static func withdraw(_ notice: DevelopmentNoticeModel, _ input: WithdrawInput, on request: Request) async throws {
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (2...200).contains(reason.count) else { throw FormProblems(field: "reason", "请写明撤回原因（2–200 字）") }
        guard !notice.withdrawn else { throw FormProblems(field: "reason", "该公示已撤回") }
        notice.withdrawn = true
        let actor = try request.requireActor()
        let today = request.today
        try await request.write { database in
            try await notice.update(on: database)
            try await DevelopmentEventModel(caseID: notice.caseID, step: nil, action: "notice", onDate: today,
                                            summary: "撤回\(notice.title)：\(reason)", rule: nil,
                                            accountID: actor.accountID, actorName: actor.displayName).create(on: database)
            return ((), AuditEvent("development.notice.withdraw", target: "notice", id: notice.id, organization: notice.organizationID,
                                   detail: "\(notice.title)：\(reason)"))
        }
    }

    /// Who may see a notice: whoever reads members there, and the members of the branch that published it.
    static func visible(_ notice: DevelopmentNoticeModel, on request: Request) async throws -> Bool {
        if try request.policy.allows(.memberRead, at: OrgPath(stored: notice.path)) { return true }
        return try await ownPath(on: request) == notice.path
    }

    static func ownPath(on request: Request) async throws -> String? {
        guard let memberID = try request.requireActor().memberID else { return nil }
        return try await MemberModel.find(memberID, on: request.db)?.path
    }

    static func find(_ id: Int?, on request: Request) async throws -> DevelopmentNoticeModel {
        guard let id, let notice = try await DevelopmentNoticeModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该公示")
        }
        guard try await visible(notice, on: request) else {
            await request.auditDenied("notice.read", target: "notice", id: id, detail: "超出范围")
            throw Abort(.notFound, reason: "没有找到该公示")
        }
        return notice
    }

    /// Notices in force or ended within the last 90 days, for the board.
    static func board(on request: Request) async throws -> [NoticeView] {
        let since = request.today.adding(days: -90)
        var found: [DevelopmentNoticeModel] = []
        for scope in try request.policy.scopes(for: .memberRead) {
            found += try await DevelopmentNoticeModel.query(on: request.db)
                .filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .filter(\.$endsOn >= since).sort(\.$startsOn, .descending).limit(500).all()
        }
        if let own = try await ownPath(on: request) {
            found += try await DevelopmentNoticeModel.query(on: request.db).filter(\.$path == own)
                .filter(\.$endsOn >= since).sort(\.$startsOn, .descending).limit(100).all()
        }
        var seen = Set<Int>()
        let unique = found.filter { seen.insert($0.id!).inserted }.sorted { ($0.startsOn, $0.id!) > ($1.startsOn, $1.id!) }
        return try await views(unique, on: request)
    }

    static func views(_ notices: [DevelopmentNoticeModel], on request: Request) async throws -> [NoticeView] {
        let ids = Array(Set(notices.map(\.organizationID)))
        let organizations = ids.isEmpty ? [] : try await OrganizationModel.query(on: request.db).filter(\.$id ~~ ids).all()
        let names = Dictionary(organizations.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        let today = request.today
        return notices.map { notice in
            let (state, label) = notice.withdrawn ? ("withdrawn", "已撤回")
                : today < notice.startsOn ? ("upcoming", "未开始") : today > notice.endsOn ? ("ended", "已结束") : ("open", "公示中")
            return NoticeView(id: notice.id!, caseID: notice.caseID, organizationName: names[notice.organizationID] ?? "", title: notice.title,
                              body: notice.body, startsOn: notice.startsOn, endsOn: notice.endsOn, state: state, stateLabel: label,
                              publishedBy: notice.actorName)
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
