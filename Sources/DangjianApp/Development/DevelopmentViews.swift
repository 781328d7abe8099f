import DangjianCore
import Fluent
import SQLKit
import Vapor

/// One person in development as lists show it.
struct DevelopmentSummary: Content {
    let id: Int
    let name: String
    let genderLabel: String
    let organizationID: Int
    let organizationName: String
    let stage: Int
    let stageLabel: String
    let nextStep: Int?
    let nextStepLabel: String?
    let stageSince: CalendarDate
    let daysAtStage: Int
    let closed: Bool
}

/// The funnel of a subtree: people at each stage, and how many of them have an overdue to-do.
struct DevelopmentFunnel: Content {
    struct Stage: Content {
        let stage: Int
        let label: String
        let people: Int
        let overdue: Int
    }

    let stages: [Stage]
    let people: [DevelopmentSummary]
}

/// One person's development: the timeline, what is due, and what comes next.
struct DevelopmentDetail: Content {
    struct Event: Content {
        let step: Int?
        let stepLabel: String?
        let date: CalendarDate
        let summary: String
        let rule: String?
        let recordedBy: String
    }

    struct Due: Content {
        let title: String
        let due: CalendarDate
        let overdue: Bool
        let rule: String
    }

    let summary: DevelopmentSummary
    let idNumber: String
    let phone: String?
    /// `1997-02-15` with the reveal permission, `1997-02` without (`Masking.birthMonth`).
    let birthDate: String
    let probationEnds: CalendarDate?
    let memberID: Int?
    /// 预计离开本单位的日期, when recorded.
    let leavingOn: CalendarDate?
    let timeline: [Event]
    let todos: [Due]
    let attachments: [AttachmentView]
    let notices: [NoticeView]
}

enum DevelopmentViews {
    static func summaries(_ models: [DevelopmentCaseModel], today: CalendarDate, on database: any Database) async throws -> [DevelopmentSummary] {
        let organizationIDs = Array(Set(models.map(\.organizationID)))
        let organizations = organizationIDs.isEmpty ? [] : try await OrganizationModel.query(on: database).filter(\.$id ~~ organizationIDs).all()
        let names = Dictionary(organizations.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        return models.map { model in
            let stage = DevelopmentStage(rawValue: model.stage) ?? .application
            let next = model.nextStep.flatMap(DevelopmentStep.init(rawValue:))
            return DevelopmentSummary(id: model.id!, name: model.name, genderLabel: model.gender.chinese, organizationID: model.organizationID,
                                      organizationName: names[model.organizationID] ?? "", stage: stage.rawValue,
                                      stageLabel: model.closed ? "已终止" : (next == nil ? "已转正" : stage.short),
                                      nextStep: next?.rawValue, nextStepLabel: next.map { "第 \($0.rawValue) 步 \($0.chinese)" },
                                      stageSince: model.stageSince, daysAtStage: model.stageSince.days(until: today), closed: model.closed)
        }
    }

    static func inScope(_ request: Request, organization: Int?, stage: Int?) async throws -> [DevelopmentCaseModel] {
        var scopes = try request.policy.scopes(for: .memberRead)
        if let organization { scopes = [try await OrganizationStore.find(organization, for: .memberRead, on: request).orgPath] }
        var found: [DevelopmentCaseModel] = []
        for scope in scopes {
            var query = DevelopmentCaseModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
            if let stage { query = query.filter(\.$stage == stage).filter(\.$closed == false) }
            found += try await query.sort(\.$path).sort(\.$id).limit(5000).all()
        }
        return found
    }

    static func funnel(_ request: Request, organization: Int?, stage: Int?) async throws -> DevelopmentFunnel {
        let all = try await inScope(request, organization: organization, stage: nil)
        let today = request.today
        let todoRule = DevelopmentToDos(rules: request.services.rules)
        let open = all.filter { !$0.closed && $0.nextStep != nil }
        let stages = DevelopmentStage.allCases.map { stage in
            let people = open.filter { $0.stage == stage.rawValue }
            let overdue = people.filter { model in
                todoRule.todos(for: .init(caseID: model.id!, name: model.name, development: model.development), today: today)
                    .contains { $0.isOverdue(on: today) }
            }
            return DevelopmentFunnel.Stage(stage: stage.rawValue, label: stage.short, people: people.count, overdue: overdue.count)
        }
        let listed = stage.map { wanted in open.filter { $0.stage == wanted } } ?? all
        return DevelopmentFunnel(stages: stages, people: try await summaries(listed, today: today, on: request.db))
    }

    static func detail(_ model: DevelopmentCaseModel, on request: Request) async throws -> DevelopmentDetail {
        let events = try await DevelopmentEventModel.query(on: request.db).filter(\.$caseID == model.id!).sort(\.$onDate).sort(\.$id).all()
        let today = request.today
        let development = model.development
        let todos = DevelopmentToDos(rules: request.services.rules)
            .todos(for: .init(caseID: model.id!, name: model.name, development: development), today: today)
        let attachments = try await AttachmentModel.query(on: request.db).filter(\.$ownerType == "development")
            .filter(\.$ownerID == model.id!).sort(\.$id).all()
        let notices = try await DevelopmentNoticeModel.query(on: request.db).filter(\.$caseID == model.id!).sort(\.$id, .descending).all()
        return DevelopmentDetail(
            summary: try await summaries([model], today: today, on: request.db)[0], idNumber: model.idMask, phone: model.phoneMask,
            birthDate: try request.policy.reveals(at: OrgPath(stored: model.path)) ? model.birthDate.description : Masking.birthMonth(model.birthDate),
            probationEnds: DevelopmentRules(rules: request.services.rules).probationEnds(development),
            memberID: model.memberID, leavingOn: development.leavingOn,
            timeline: events.map { event in
                DevelopmentDetail.Event(step: event.step, stepLabel: event.step.flatMap(DevelopmentStep.init(rawValue:))?.chinese,
                                        date: event.onDate, summary: event.summary, rule: event.rule, recordedBy: event.actorName)
            },
            todos: ToDoList.ordered(todos).map { DevelopmentDetail.Due(title: $0.title, due: $0.due, overdue: $0.isOverdue(on: today), rule: $0.rule.citation) },
            attachments: attachments.map { AttachmentView($0) }, notices: try await DevelopmentNotices.views(notices, on: request))
    }
}

/// Everyone's to-dos across their scope, from every module's rules.
enum ToDoService {
    struct Item: Content {
        let kind: String
        let title: String
        let subject: String
        let due: CalendarDate
        let overdue: Bool
        let rule: String
        let link: String
    }

    /// The caller's to-dos. They depend on the grants alone (role and place), so everyone with the same grants shares
    /// them for the day until this process writes or a minute passes (a county's took a few milliseconds a visit, most
    /// of the home page's cost in `scripts/bench`).
    static func todos(on request: Request) async throws -> [Item] {
        let key = grantsKey(try request.requireActor()) + "#" + request.today.description
        return try await request.services.homeCache.todos(for: key, now: request.now, lifetime: HomeSummary.cacheLifetime) {
            let start = ContinuousClock.now
            let items = try await compute(on: request)
            request.services.metrics.todos(ContinuousClock.now - start)
            return items
        }
    }

    /// What the to-dos and the home page's entries depend on: the grants, each role at its place.
    static func grantsKey(_ actor: Actor) -> String {
        actor.grants.map { "\($0.role.rawValue)@\($0.scope?.value ?? "*")" }.sorted().joined(separator: ",")
    }

    static func compute(on request: Request) async throws -> [Item] {
        let policy = try request.policy
        let today = request.today
        let rules = request.services.rules
        var all: [ToDo] = []
        if policy.holds(.memberRead) {
            let engine = DevelopmentToDos(rules: rules)
            let cases = try await DevelopmentViews.inScope(request, organization: nil, stage: nil).filter { !$0.closed }
            let chains = try await OrganizationStore.chains(cases.map { OrgPath(stored: $0.path) }, on: request.db)
            for model in cases {
                let committee = chains[OrgPath(stored: model.path)].flatMap(LevelAbove.committee)
                // The 上级党委's approvals are its to-dos, not the branch's, which cannot record them.
                all += engine.todos(for: .init(caseID: model.id!, name: model.name, development: model.development), today: today).filter {
                    !DevelopmentToDos.forTheCommitteeAbove.contains($0.kind) || committee.map { policy.allows(.memberWrite, at: $0) } == true
                }
            }
        }
        if policy.holds(.memberWrite) {
            let engine = DisciplineToDos(rules: rules)
            for scope in policy.scopes(for: .memberWrite) {
                let members = try await MemberModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                    .filter(\.$disciplineFrom != nil).filter(\.$rightsRestoredOn == nil).limit(5000).all()
                for member in members where member.status.isInRegister {
                    guard let probation = member.disciplinaryProbation else { continue }
                    all += engine.todos(for: .init(memberID: member.id!, name: member.name, probation: probation), today: today)
                }
            }
        }
        all += try await ComplianceService.todos(on: request)
        for scope in policy.scopes(for: .duesWrite) {
            all += try await DuesToDoService.todos(under: scope, today: today, rules: rules, on: request.db)
        }
        if policy.holds(.committeeWrite) {
            let terms = TermToDos(rules: rules)
            for scope in policy.scopes(for: .committeeWrite) {
                for facts in try await termsComingDue(under: scope, today: today, rules: rules, on: request.db) {
                    all += terms.todos(for: facts, today: today)
                }
            }
        }
        all += try await BackupRuns.todos(on: request)
        all += try await DemandWork.todos(on: request)
        all += try await PublicityViews.todos(on: request)
        all += try await StudyAssignments.todos(on: request)
        return ToDoList.ordered(all).map {
            Item(kind: $0.kind, title: $0.title, subject: $0.subjectName, due: $0.due, overdue: $0.isOverdue(on: today),
                 rule: $0.rule.citation, link: $0.link)
        }
    }

    /// The organizations under `scope` whose latest term may be near its end: terms elected long enough ago to be
    /// within the warning period of the shortest term are read first, then each candidate's latest term.
    static func termsComingDue(under scope: OrgPath, today: CalendarDate, rules: RuleBook, on database: any Database) async throws -> [TermToDos.Facts] {
        struct Row: Decodable { let organization_id: Int }
        let shortest = [rules.value(.branchTermYears), rules.value(.basicCommitteeTermYears), rules.value(.villageCommunityTermYears)].min() ?? 1
        let electedBefore = today.adding(years: -shortest).adding(days: rules.value(.termWarningDays))
        let candidates = try await database.sql.select().distinct().column(SQLColumn("organization_id", table: "t"))
            .from(SQLAlias(SQLIdentifier(CommitteeTermModel.schema), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier(OrganizationModel.schema), as: SQLIdentifier("o")),
                  on: SQLColumn("organization_id", table: "t"), .equal, SQLColumn("id", table: "o"))
            .where(SQLColumn("path", table: "o"), .greaterThanOrEqual, SQLBind(scope.value))
            .where(SQLColumn("path", table: "o"), .lessThan, SQLBind(scope.upperBound))
            .where(SQLColumn("elected_on", table: "t"), .lessThanOrEqual, SQLBind(electedBefore.description))
            .limit(20_000).all(decoding: Row.self).map(\.organization_id)
        guard !candidates.isEmpty else { return [] }
        let latest = try await latestTerms(candidates, on: database)
        var organizations: [OrganizationModel] = []
        for chunk in candidates.chunked(into: 5000) {
            organizations += try await OrganizationModel.query(on: database).filter(\.$id ~~ Array(chunk)).all()
        }
        return organizations.map {
            TermToDos.Facts(organizationID: $0.id!, name: $0.name, kind: $0.kind, sector: $0.sector, term: latest[$0.id!])
        }
    }

    static func latestTerms(_ ids: [Int], on database: any Database) async throws -> [Int: CommitteeTerm] {
        var result: [Int: CommitteeTerm] = [:]
        for chunk in ids.chunked(into: 5000) {
            let terms = try await CommitteeTermModel.query(on: database).filter(\.$organizationID ~~ Array(chunk)).all()
            for term in terms where result[term.organizationID].map({ term.electedOn > $0.electedOn }) ?? true {
                result[term.organizationID] = CommitteeTerm(electedOn: term.electedOn, years: term.years)
            }
        }
        return result
    }
}
