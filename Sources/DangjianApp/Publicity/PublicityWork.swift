import DangjianCore
import Fluent
import Foundation
import Vapor

/// 三务公开: drafting, the committee's review, publishing, corrections as new versions, and the questions people ask
/// on what was published (RULES.md §10). Reading and the schedule are in `PublicityViews`.
enum PublicityWork {
    static let maximumItems = 20
    static let maximumLines = 60

    struct Item: Content, Equatable {
        var title: String?
        var text: String?
    }

    struct Line: Content, Equatable {
        /// `income` / `spending` or 收入 / 支出.
        var direction: String?
        var subject: String?
        /// Yuan with at most two decimals: `1200`, `3500.50`.
        var amount: String?
    }

    /// A draft as typed: the JSON body, or the form's parallel fields turned into it (`FormInput`).
    struct Input: Content {
        var organizationID: Int?
        /// `party`, `affairs`, `finance` or 党务公开 / 村务公开 / 财务公开.
        var kind: String?
        /// `2026-11`, `2026-Q4`, `2026` or one day `2026-11-20` for a 专项公开.
        var period: String?
        var title: String?
        var items: [Item]?
        /// 财务公开: balance brought forward and carried, in yuan.
        var opening: String?
        var closing: String?
        var lines: [Line]?
    }

    /// The form posts items and lines as parallel lists, blank rows included.
    struct FormInput: Content {
        var organizationID: Int?
        var kind: String?
        var period: String?
        var title: String?
        var itemTitle: [String]?
        var itemText: [String]?
        var opening: String?
        var closing: String?
        var lineDirection: [String]?
        var lineSubject: [String]?
        var lineAmount: [String]?

        var input: Input {
            let titles = itemTitle ?? [], texts = itemText ?? []
            let items = (0..<max(titles.count, texts.count)).map { index in
                Item(title: index < titles.count ? titles[index] : nil, text: index < texts.count ? texts[index] : nil)
            }
            let directions = lineDirection ?? [], subjects = lineSubject ?? [], amounts = lineAmount ?? []
            let lines = (0..<max(directions.count, subjects.count, amounts.count)).map { index in
                Line(direction: index < directions.count ? directions[index] : nil, subject: index < subjects.count ? subjects[index] : nil,
                     amount: index < amounts.count ? amounts[index] : nil)
            }
            return Input(organizationID: organizationID, kind: kind, period: period, title: title, items: items, opening: opening, closing: closing,
                         lines: lines)
        }
    }

    struct StoredItem: Codable, Equatable {
        let title: String
        let text: String
    }

    /// What a checked input becomes.
    struct Checked {
        let kind: PublicityKind
        let period: PublicityPeriod
        let title: String
        let items: [StoredItem]
        let account: FinanceAccount?
    }

    /// Checks an input against the organization it is for; every problem at once, each at its field.
    static func check(_ input: Input, organization: OrganizationModel, today: CalendarDate) throws -> Checked {
        var problems: [FieldError] = []
        let kind = input.kind.flatMap(PublicityKind.init(label:))
        if kind == nil { problems.append(FieldError(field: "kind", message: "请选择党务公开、村（居）务公开或财务公开")) }
        if let kind, kind != .party, organization.sector != .village, organization.sector != .community {
            problems.append(FieldError(field: "kind", message: "村（居）务和财务公开由村、社区党组织发布；\(organization.name)只发布党务公开"))
        }
        let period = input.period.flatMap(PublicityPeriod.init(typed:))
        if period == nil {
            problems.append(FieldError(field: "period", message: "公开期间写成 2026-11（月）、2026-Q4（季度）、2026（年度），专项公开写日期 2026-11-20"))
        } else if let period, period.start > today {
            problems.append(FieldError(field: "period", message: "公开期间不能晚于今天（\(today)）"))
        }
        let typedTitle = input.title?.trimmed ?? ""
        if typedTitle.count > 60 { problems.append(FieldError(field: "title", message: "标题不超过 60 个字")) }
        var items: [StoredItem] = []
        for (index, item) in (input.items ?? []).enumerated() {
            let title = item.title?.trimmed ?? ""
            let text = item.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if title.isEmpty && text.isEmpty { continue }
            if title.isEmpty || title.count > 40 {
                problems.append(FieldError(field: "items", message: "第 \(index + 1) 项：请写事项名称（不超过 40 字）"))
            } else if text.count > 2000 {
                problems.append(FieldError(field: "items", message: "第 \(index + 1) 项：内容不超过 2000 字"))
            } else {
                items.append(StoredItem(title: title, text: text))
            }
        }
        if items.count > maximumItems { problems.append(FieldError(field: "items", message: "一份公开最多 \(maximumItems) 项")) }
        var account: FinanceAccount?
        if kind == .finance {
            var lines: [FinanceLine] = []
            for (index, line) in (input.lines ?? []).enumerated() {
                let subject = line.subject?.trimmed ?? "", amount = line.amount?.trimmed ?? ""
                if subject.isEmpty && amount.isEmpty { continue }
                guard let direction = line.direction.flatMap(FinanceLine.Direction.init(label:)) else {
                    problems.append(FieldError(field: "lines", message: "第 \(index + 1) 行：请选择收入或支出")); continue
                }
                guard (1...40).contains(subject.count) else {
                    problems.append(FieldError(field: "lines", message: "第 \(index + 1) 行：请写收支项目（不超过 40 字）")); continue
                }
                guard let fen = Fen(yuan: amount), fen.value > 0 else {
                    problems.append(FieldError(field: "lines", message: "第 \(index + 1) 行：金额写成 1200 或 3500.50（元，大于 0）")); continue
                }
                lines.append(FinanceLine(direction: direction, subject: subject, amount: fen))
            }
            if lines.isEmpty { problems.append(FieldError(field: "lines", message: "财务公开请至少填写一行收入或支出")) }
            if lines.count > maximumLines { problems.append(FieldError(field: "lines", message: "一份财务公开最多 \(maximumLines) 行，可分期公开")) }
            let opening = Fen(yuan: input.opening ?? ""), closing = Fen(yuan: input.closing ?? "")
            if opening == nil { problems.append(FieldError(field: "opening", message: "请填写上期结余（元），没有结余填 0")) }
            if closing == nil { problems.append(FieldError(field: "closing", message: "请填写本期结余（元）")) }
            if let opening, let closing, !lines.isEmpty {
                let checked = FinanceAccount(opening: opening, lines: lines, closing: closing)
                if !checked.addsUp {
                    problems.append(FieldError(field: "closing", message: PublicationRefusal.accountsDoNotAddUp(expected: checked.expectedClosing, stated: closing).message))
                }
                account = checked
            }
        } else if items.isEmpty {
            problems.append(FieldError(field: "items", message: PublicationRefusal.noContent.message))
        }
        guard problems.isEmpty, let kind, let period else { throw FormProblems(problems) }
        let title = typedTitle.isEmpty ? "\(period.chinese)\(kind.chinese(in: organization.sector))" : typedTitle
        return Checked(kind: kind, period: period, title: title, items: items, account: account)
    }

    private static func store(_ checked: Checked, in model: PublicationModel) throws {
        model.kind = checked.kind
        model.periodStart = checked.period.start
        model.periodEnd = checked.period.end
        model.title = checked.title
        try model.setContent(items: checked.items, account: checked.account)
    }

    // MARK: - Drafting and publishing

    static func create(_ input: Input, on request: Request) async throws -> PublicationModel {
        let actor = try request.requireActor()
        let organization = try await OrganizationStore.find(input.organizationID, for: .publicityWrite, on: request)
        let organizationID = try organization.requireID()
        let checked = try check(input, organization: organization, today: request.today)
        let now = request.now.timeIntervalSince1970
        let model = PublicationModel()
        model.organizationID = organizationID
        model.path = organization.path
        model.seriesID = 0
        model.version = 1
        model.apply(.drafted(by: actor.accountID))
        model.authorID = actor.accountID
        model.createdAt = now
        model.updatedAt = now
        try store(checked, in: model)
        return try await request.write { database in
            try await model.create(on: database)
            model.seriesID = try model.requireID()
            try await model.update(on: database)
            return (model, AuditEvent("publicity.draft", target: "publication", id: model.id, organization: organizationID,
                                      detail: "起草\(checked.title)"))
        }
    }

    static func edit(_ model: PublicationModel, _ input: Input, on request: Request) async throws {
        var flow = model.flow
        do { try flow.edit() } catch { throw FormProblems(field: "state", error.message) }
        guard let organization = try await OrganizationModel.find(model.organizationID, on: request.db) else { throw Abort(.notFound) }
        var typed = input
        typed.organizationID = model.organizationID
        let checked = try check(typed, organization: organization, today: request.today)
        let undoesReview = model.state == .reviewed
        try store(checked, in: model)
        model.apply(flow)
        model.reviewNote = nil
        model.updatedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("publicity.edit", target: "publication", id: model.id, organization: model.organizationID,
                                   detail: "修改\(checked.title)" + (undoesReview ? "（原审核作废，须重新审核）" : "")))
        }
    }

    struct ReviewInput: Content {
        /// How the committee reviewed it: `12月2日村两委会议审核`.
        var note: String?
    }

    static func review(_ model: PublicationModel, _ input: ReviewInput, on request: Request) async throws {
        let actor = try request.requireActor()
        let note = input.note?.trimmed ?? ""
        guard (2...100).contains(note.count) else {
            throw FormProblems(field: "note", "请写明审核情况（2–100 字），如“12月2日村两委会议审核”，会与公开内容一同显示")
        }
        var flow = model.flow
        do { try flow.review(by: actor.accountID) } catch { throw FormProblems(field: "note", error.message) }
        model.apply(flow)
        model.reviewNote = note
        model.updatedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("publicity.review", target: "publication", id: model.id, organization: model.organizationID,
                                   detail: "审核\(model.title)：\(note)"))
        }
    }

    static func publish(_ model: PublicationModel, on request: Request) async throws {
        var flow = model.flow
        do { try flow.publish() } catch { throw FormProblems(field: "state", error.message) }
        let today = request.today
        let replaced = model.version > 1
            ? try await PublicationModel.query(on: request.db).filter(\.$seriesID == model.seriesID).filter(\.$state == .published).all() : []
        model.apply(flow)
        model.publishedOn = today
        model.updatedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            for old in replaced {
                var oldFlow = old.flow
                try oldFlow.supersede()
                old.apply(oldFlow)
                old.updatedAt = model.updatedAt
                try await old.update(on: database)
            }
            try await model.update(on: database)
            return ((), AuditEvent("publicity.publish", target: "publication", id: model.id, organization: model.organizationID,
                                   detail: "公开\(model.title)" + (replaced.isEmpty ? "" : "（第 \(model.version) 版，更正原版本）")))
        }
    }

    struct CorrectInput: Content {
        var reason: String?
    }

    /// A new draft version of a published publication, with the reason shown beside both versions once it is published.
    static func correct(_ model: PublicationModel, _ input: CorrectInput, on request: Request) async throws -> PublicationModel {
        let actor = try request.requireActor()
        guard model.state == .published else { throw FormProblems(field: "reason", PublicationRefusal.notPublished.message) }
        let reason = input.reason?.trimmed ?? ""
        guard (2...200).contains(reason.count) else { throw FormProblems(field: "reason", "请写明更正的原因（2–200 字），会与新旧两个版本一同公开") }
        let pending = try await PublicationModel.query(on: request.db).filter(\.$seriesID == model.seriesID)
            .filter(\.$state ~~ [PublicationState.draft, .reviewed]).count()
        guard pending == 0 else { throw FormProblems(field: "reason", PublicationRefusal.correctionPending.message) }
        let latest = try await PublicationModel.query(on: request.db).filter(\.$seriesID == model.seriesID).sort(\.$version, .descending).first()
        let now = request.now.timeIntervalSince1970
        let copy = PublicationModel()
        copy.organizationID = model.organizationID
        copy.seriesID = model.seriesID
        copy.path = model.path
        copy.version = (latest?.version ?? model.version) + 1
        copy.kind = model.kind
        copy.periodStart = model.periodStart
        copy.periodEnd = model.periodEnd
        copy.title = model.title
        copy.items = model.items
        copy.lines = model.lines
        copy.openingFen = model.openingFen
        copy.closingFen = model.closingFen
        copy.apply(.drafted(by: actor.accountID))
        copy.authorID = actor.accountID
        copy.correctionReason = reason
        copy.createdAt = now
        copy.updatedAt = now
        return try await request.write { database in
            try await copy.create(on: database)
            try await PublicityFiles.copy(from: try model.requireID(), to: copy, on: database)
            return (copy, AuditEvent("publicity.correct", target: "publication", id: copy.id, organization: copy.organizationID,
                                     detail: "更正\(model.title)（第 \(copy.version) 版草稿）：\(reason)"))
        }
    }

    // MARK: - Questions

    struct QuestionInput: Content {
        var text: String?
    }

    struct AnswerInput: Content {
        var answer: String?
    }

    /// Questions one account may leave unanswered on one publication.
    static let openQuestionsPerAsker = 3

    /// A resident's or member's question on a published publication of their own village or community (or one above).
    static func ask(_ model: PublicationModel, _ input: QuestionInput, on request: Request) async throws -> PublicityQuestionModel {
        let actor = try request.requireActor()
        let text = input.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (5...500).contains(text.count) else { throw FormProblems(field: "text", "请把问题写清楚（5–500 字）；问题和答复会公开，不要写他人的电话和住址") }
        guard model.state == .published else { throw FormProblems(field: "text", "这份公开已被更正，请对最新版本提问") }
        guard let home = try await DemandWork.home(of: actor, on: request.db), home.orgPath.contains(OrgPath(stored: model.path))
            || OrgPath(stored: model.path).contains(home.orgPath) else {
            throw FormProblems(field: "text", "只有本村（社区）的群众和党员可以对这份公开提问")
        }
        let publicationID = try model.requireID()
        let open = try await PublicityQuestionModel.query(on: request.db).filter(\.$publicationID == publicationID)
            .filter(\.$accountID == actor.accountID).filter(\.$answer == nil).count()
        guard open < openQuestionsPerAsker else { throw FormProblems(field: "text", "您在这份公开上已有 \(open) 个问题等待答复，请等答复后再问") }
        let question = PublicityQuestionModel()
        question.publicationID = publicationID
        question.accountID = actor.accountID
        question.asker = actor.isResident ? "群众" : "党员"
        question.text = text
        question.askedOn = request.today
        question.askedAt = request.now.timeIntervalSince1970
        let handlers = try await Messages.holders(of: .publicityWrite, at: model.organizationID, on: request.db)
        return try await request.write { database in
            try await question.create(on: database)
            try await Messages.send(to: handlers, path: model.path, kind: "publicity.asked", title: "群众对“\(model.title)”提问，请答复",
                                    link: "/publicity/\(publicationID)", at: question.askedAt, on: database)
            return (question, AuditEvent("publicity.ask", target: "publication", id: publicationID, organization: model.organizationID,
                                         detail: "\(question.asker)对\(model.title)提问"))
        }
    }

    static func answer(_ questionID: Int?, _ input: AnswerInput, on request: Request) async throws -> PublicationModel {
        let actor = try request.requireActor()
        guard let questionID, let question = try await PublicityQuestionModel.find(questionID, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到这个提问")
        }
        let model = try await PublicityViews.find(question.publicationID, on: request)
        let text = input.answer?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (2...1000).contains(text.count) else { throw FormProblems(field: "answer", "请写明答复（2–1000 字）；答复会公开") }
        guard question.answer == nil else { throw FormProblems(field: "answer", "这个问题已经答复过了") }
        question.answer = text
        question.answeredOn = request.today
        question.answeredBy = actor.accountID
        let publicationID = question.publicationID
        try await request.write { database in
            try await question.update(on: database)
            try await Messages.send(to: [question.accountID], path: model.path, kind: "publicity.answered", title: "您对“\(model.title)”的提问已答复",
                                    link: "/public/publicity/\(publicationID)", at: request.now.timeIntervalSince1970, on: database)
            return ((), AuditEvent("publicity.answer", target: "publication", id: publicationID, organization: model.organizationID,
                                   detail: "答复\(question.asker)对\(model.title)的提问"))
        }
        return model
    }
}
