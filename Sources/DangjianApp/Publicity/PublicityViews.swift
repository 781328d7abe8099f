import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Reading 三务公开: one publication with its versions and questions, the committee's list and schedule, the public
/// page's list, and the to-dos of what is owed and what was asked.
enum PublicityViews {
    struct Finance: Content {
        let opening: String
        let income: String
        let spending: String
        let closing: String
        let lines: [FinanceLineView]
    }

    struct FinanceLineView: Content {
        let direction: FinanceLine.Direction
        let directionLabel: String
        let subject: String
        let amount: String
    }

    struct Version: Content {
        let id: Int
        let version: Int
        let stateLabel: String
        let publishedOn: String?
        let correctionReason: String?
    }

    struct Question: Content {
        let id: Int
        /// 群众 or 党员: never who.
        let asker: String
        let text: String
        let askedOn: String
        let answer: String?
        let answeredOn: String?
        /// The committee's view only: by when to answer.
        let answerBy: String?
    }

    struct View: Content {
        let id: Int
        let seriesID: Int
        let version: Int
        let organizationID: Int
        let organizationName: String
        let kind: PublicityKind
        let kindLabel: String
        let period: String
        let periodLabel: String
        let title: String
        let items: [PublicityWork.StoredItem]
        let finance: Finance?
        /// Photos and PDFs: by the file route for the committee, by the public page's own route once published.
        let attachments: [AttachmentView]
        let state: PublicationState
        let stateLabel: String
        let reviewNote: String?
        let publishedOn: String?
        let correctionReason: String?
        let versions: [Version]
        let questions: [Question]
        let canEdit: Bool
        let canReview: Bool
        let canPublish: Bool
        let canCorrect: Bool
    }

    struct Summary: Content {
        let id: Int
        let title: String
        let kindLabel: String
        let periodLabel: String
        let organizationName: String
        let stateLabel: String
        let version: Int
        let publishedOn: String?
        let openQuestions: Int
    }

    // MARK: - Finding

    /// A publication the caller keeps (its organization in their `publicityWrite` scope), or 404 like a missing one.
    static func find(_ id: Int?, on request: Request) async throws -> PublicationModel {
        guard let id, let model = try await PublicationModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到这份公开") }
        guard try request.policy.allows(.publicityWrite, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("publicity.read", target: "publication", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到这份公开")
        }
        return model
    }

    /// A published (or corrected) publication, for anyone; a draft answers 404 like a missing one.
    static func findPublic(_ id: Int?, on database: any Database) async throws -> PublicationModel {
        guard let id, let model = try await PublicationModel.find(id, on: database), model.state == .published || model.state == .superseded else {
            throw Abort(.notFound, reason: "没有找到这份公开")
        }
        return model
    }

    // MARK: - One publication

    /// `prefix` is `/api/v1` for the API's answers (the committee's file addresses).
    static func view(_ model: PublicationModel, keeper: Bool, prefix: String = "", on request: Request) async throws -> View {
        let id = try model.requireID()
        let files = try await PublicityFiles.list(id, on: request.db).map { file in
            var view = AttachmentView(file, prefix: prefix)
            if !keeper { view.url = "/public/publicity/\(id)/files/\(file.id ?? 0)" }
            return view
        }
        let organization = try await OrganizationModel.find(model.organizationID, on: request.db)
        let sector = organization?.sector ?? .other
        var series = try await PublicationModel.query(on: request.db).filter(\.$seriesID == model.seriesID).sort(\.$version).all()
        if !keeper { series = series.filter { $0.state == .published || $0.state == .superseded } }
        let questions = try await PublicityQuestionModel.query(on: request.db).filter(\.$publicationID ~~ series.compactMap(\.id)).sort(\.$id).all()
        let engine = PublicityToDos(rules: request.services.rules)
        let items = model.storedItems
        var finance: Finance?
        if let account = model.account {
            let lines = account.lines
            finance = Finance(opening: account.opening.description, income: account.income.description, spending: account.spending.description,
                              closing: account.closing.description,
                              lines: lines.map { FinanceLineView(direction: $0.direction, directionLabel: $0.direction.chinese, subject: $0.subject,
                                                                 amount: $0.amount.description) })
        }
        let pending = series.contains { $0.state == .draft || $0.state == .reviewed }
        let actor = request.actor
        return View(
            id: id, seriesID: model.seriesID, version: model.version, organizationID: model.organizationID, organizationName: organization?.name ?? "",
            kind: model.kind, kindLabel: model.kind.chinese(in: sector), period: model.period.typed, periodLabel: model.period.chinese, title: model.title,
            items: items, finance: finance, attachments: files, state: model.state, stateLabel: model.state.chinese, reviewNote: model.reviewNote,
            publishedOn: model.publishedOn?.description, correctionReason: model.correctionReason,
            versions: series.compactMap { version in
                version.id.map { Version(id: $0, version: version.version, stateLabel: version.state.chinese, publishedOn: version.publishedOn?.description,
                                         correctionReason: version.correctionReason) }
            },
            questions: questions.compactMap { question in
                question.id.map {
                    Question(id: $0, asker: question.asker, text: question.text, askedOn: question.askedOn.description, answer: question.answer,
                             answeredOn: question.answeredOn?.description,
                             answerBy: keeper && question.answer == nil ? engine.answerBy(askedOn: question.askedOn).description : nil)
                }
            },
            canEdit: keeper && (model.state == .draft || model.state == .reviewed),
            canReview: keeper && model.state == .draft && actor?.accountID != model.authorID,
            canPublish: keeper && model.state == .reviewed,
            canCorrect: keeper && model.state == .published && !pending)
    }

    // MARK: - The committee's list and schedule

    struct ListQuery: Content {
        var organizationID: Int?
        /// Also the periods already published (by default only what is still owed).
        var all: Bool?
    }

    /// One village's or community's publishing duties and where they stand.
    struct Duty: Content {
        let organizationID: Int
        let organizationName: String
        let kind: PublicityKind
        let kindLabel: String
        let periodLabel: String
        let period: String
        let due: String
        /// `已公开`, `待发布`, `已逾期`
        let status: String
        let overdue: Bool
        let rule: String
    }

    struct Listing: Content {
        let duties: [Duty]
        /// The periods published in time, left out of `duties` unless `all` was asked.
        let publishedCount: Int
        let publications: [Summary]
    }

    /// The organizations that publish 三务公开 within `scope`: a village's or community's top Party organization (the
    /// 村党支部, the 社区党总支), not its groups or the branches inside a community.
    static func publishers(under scope: OrgPath, on database: any Database) async throws -> [OrganizationModel] {
        let kinds: [OrganizationKind] = [.committee, .workingCommittee, .generalBranch, .branch, .jointBranch]
        let found = try await OrganizationModel.query(on: database).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
            .filter(\.$sector ~~ [UnitSector.village, .community]).filter(\.$kind ~~ kinds).sort(\.$path).limit(2000).all()
        let parentIDs = Set(found.compactMap { $0.orgPath.parent?.lastID })
        var sectors: [Int: UnitSector] = [:]
        for chunk in Array(parentIDs).chunked(into: 2000) {
            for parent in try await OrganizationModel.query(on: database).filter(\.$id ~~ Array(chunk)).all() {
                if let id = parent.id { sectors[id] = parent.sector }
            }
        }
        return found.filter { organization in
            guard let parentID = organization.orgPath.parent?.lastID else { return true }
            return sectors[parentID] != organization.sector
        }
    }

    /// The regular periods each organization has published, per kind, over the last fifteen months.
    static func published(_ organizationIDs: [Int], today: CalendarDate, on database: any Database) async throws -> [Int: [PublicityKind: [PublicityPeriod]]] {
        struct Row: Decodable { let organization_id: Int, kind: String, period_start: String, period_end: String }
        var result: [Int: [PublicityKind: [PublicityPeriod]]] = [:]
        for chunk in organizationIDs.chunked(into: 2000) {
            let rows = try await database.sql.select().columns("organization_id", "kind", "period_start", "period_end").from(PublicationModel.schema)
                .where("organization_id", .in, SQLBind.group(Array(chunk)))
                .where("state", .in, SQLBind.group([PublicationState.published.rawValue, PublicationState.superseded.rawValue]))
                .where("period_end", .greaterThanOrEqual, SQLBind(today.adding(months: -15).description)).all(decoding: Row.self)
            for row in rows {
                guard let kind = PublicityKind(rawValue: row.kind), let start = CalendarDate(parsing: row.period_start),
                      let end = CalendarDate(parsing: row.period_end) else { continue }
                result[row.organization_id, default: [:]][kind, default: []].append(PublicityPeriod(start: start, end: end))
            }
        }
        return result
    }

    static func listing(_ query: ListQuery, on request: Request) async throws -> Listing {
        let scopes: [OrgPath]
        if let id = query.organizationID {
            scopes = [try await OrganizationStore.find(id, for: .publicityWrite, on: request).orgPath]
        } else {
            scopes = try request.policy.scopes(for: .publicityWrite)
        }
        let today = request.today
        let schedule = PublicitySchedule(rules: request.services.rules)
        var duties: [Duty] = []
        var summaries: [Summary] = []
        for scope in scopes {
            let publishers = try await publishers(under: scope, on: request.db)
            let published = try await published(publishers.compactMap(\.id), today: today, on: request.db)
            for organization in publishers {
                guard let id = organization.id else { continue }
                for duty in schedule.duties(sector: organization.sector, published: published[id] ?? [:], today: today) {
                    let overdue = !duty.covered && duty.due < today
                    duties.append(Duty(organizationID: id, organizationName: organization.name, kind: duty.kind,
                                       kindLabel: duty.kind.chinese(in: organization.sector), periodLabel: duty.period.chinese, period: duty.period.typed,
                                       due: duty.due.description, status: duty.covered ? "已公开" : overdue ? "已逾期" : "待发布", overdue: overdue,
                                       rule: duty.rule.citation))
                }
            }
            summaries += try await publications(under: scope, on: request)
        }
        let published = duties.filter { $0.status == "已公开" }.count
        let shown = query.all == true ? duties : duties.filter { $0.status != "已公开" }
        return Listing(duties: shown.sorted { ($0.overdue ? 0 : 1, $0.status == "已公开" ? 1 : 0) < ($1.overdue ? 0 : 1, $1.status == "已公开" ? 1 : 0) },
                       publishedCount: published, publications: summaries)
    }

    private static func publications(under scope: OrgPath, on request: Request) async throws -> [Summary] {
        let models = try await PublicationModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
            .filter(\.$state != .superseded).sort(\.$id, .descending).limit(200).all()
        let names = try await PublicView.organizationNames(Set(models.map(\.organizationID)), on: request.db)
        let ids = models.compactMap(\.id)
        var open: [Int: Int] = [:]
        for question in try await PublicityQuestionModel.query(on: request.db).filter(\.$publicationID ~~ ids).filter(\.$answer == nil).all() {
            open[question.publicationID, default: 0] += 1
        }
        return models.compactMap { model in
            model.id.map {
                Summary(id: $0, title: model.title, kindLabel: model.kind.chinese, periodLabel: model.period.chinese,
                        organizationName: names[model.organizationID] ?? "", stateLabel: model.state.chinese, version: model.version,
                        publishedOn: model.publishedOn?.description, openQuestions: open[$0] ?? 0)
            }
        }
    }

    // MARK: - The public page

    /// What an organization has published, newest first: the versions in force (a corrected one says so).
    static func publicList(organizationID: Int, on database: any Database) async throws -> [Summary] {
        let models = try await PublicationModel.query(on: database).filter(\.$organizationID == organizationID).filter(\.$state == .published)
            .sort(\.$periodEnd, .descending).sort(\.$id, .descending).limit(60).all()
        let names = try await PublicView.organizationNames([organizationID], on: database)
        return models.compactMap { model in
            model.id.map {
                Summary(id: $0, title: model.title, kindLabel: model.kind.chinese, periodLabel: model.period.chinese,
                        organizationName: names[organizationID] ?? "", stateLabel: model.version > 1 ? "已更正（第 \(model.version) 版）" : "已公开",
                        version: model.version, publishedOn: model.publishedOn?.description, openQuestions: 0)
            }
        }
    }

    // MARK: - To-dos

    /// For the publishing organization (a grant of `publicityWrite` at it): what is owed and the questions to answer; for
    /// the levels above: 督促 of what is overdue.
    static func todos(on request: Request) async throws -> [ToDo] {
        let actor = try request.requireActor()
        let policy = try request.policy
        guard policy.holds(.publicityWrite) else { return [] }
        let responsibleAt = Set(actor.grants.filter { $0.role.permissions.contains(.publicityWrite) }.compactMap(\.scope))
        let today = request.today
        let schedule = PublicitySchedule(rules: request.services.rules)
        let engine = PublicityToDos(rules: request.services.rules)
        var result: [ToDo] = []
        for scope in policy.scopes(for: .publicityWrite) {
            let publishers = try await publishers(under: scope, on: request.db)
            let published = try await published(publishers.compactMap(\.id), today: today, on: request.db)
            let own = publishers.filter { responsibleAt.contains($0.orgPath) }.compactMap(\.id)
            var questions: [Int: [(publicationID: Int, title: String, askedOn: CalendarDate)]] = [:]
            if !own.isEmpty {
                let models = try await PublicationModel.query(on: request.db).filter(\.$organizationID ~~ own).filter(\.$state == .published).all()
                let byID = Dictionary(uniqueKeysWithValues: models.compactMap { model in model.id.map { ($0, model) } })
                for question in try await PublicityQuestionModel.query(on: request.db).filter(\.$publicationID ~~ Array(byID.keys))
                    .filter(\.$answer == nil).all() {
                    guard let model = byID[question.publicationID] else { continue }
                    questions[model.organizationID, default: []].append((question.publicationID, model.title, question.askedOn))
                }
            }
            // The level directly above a village (its town) is reminded of each late publication; levels further up (the
            // county) get one reminder for all of theirs, with the list one click away — not a to-do per village.
            var further: [ToDo] = []
            for organization in publishers {
                guard let id = organization.id else { continue }
                let supervising = !responsibleAt.contains(organization.orgPath)
                let todos = engine.todos(for: .init(organizationID: id, organizationName: organization.name, sector: organization.sector,
                                                    duties: schedule.duties(sector: organization.sector, published: published[id] ?? [:], today: today),
                                                    questions: questions[id] ?? [], supervising: supervising), today: today)
                if supervising, let parent = organization.orgPath.parent, !responsibleAt.contains(parent) {
                    further += todos
                } else {
                    result += todos
                }
            }
            if let earliest = further.min(by: { $0.due < $1.due }), let scopeID = scope.lastID {
                let villages = Set(further.map(\.subjectName)).count
                let name = try await OrganizationModel.find(scopeID, on: request.db)?.name ?? ""
                result.append(ToDo(kind: "publicity.supervise-all", title: "督促逾期的三务公开：\(further.count) 项，涉及 \(villages) 个村（社区）",
                                   subject: .organization(id: scopeID, name: name), due: earliest.due, rule: earliest.rule, link: "/publicity"))
            }
        }
        return result
    }
}
