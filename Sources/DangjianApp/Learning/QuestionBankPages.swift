import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 题库 in the browser and the API: what the caller's organizations keep, by topic; one question at a time, or an
/// .xlsx of the template in and out.
struct QuestionBankPages: RouteCollection {
    var api = false

    func boot(routes: any RoutesBuilder) throws {
        let questions = routes.grouped("learning", "questions")
        if api {
            questions.api(.GET, requires: .learningWrite, summary: "题库：负责范围内党组织的题目（可按专题）", query: ListQuery.self, use: listAPI)
            questions.api(.POST, requires: .learningWrite, summary: "给题库添加一道题", body: QuestionBankWork.Input.self, status: .created, use: createAPI)
            questions.download("export", requires: .learningWrite, summary: "导出题库（.xlsx 模板格式，可改后再导入）", query: ListQuery.self,
                               produces: [Downloads.xlsxType], use: exportAPI)
            questions.upload("import", requires: .learningWrite, summary: "从 .xlsx 或 CSV 模板导入题目：有误的行逐行说明，其余导入",
                             fields: ["organizationID"], maximumBytes: QuestionBankWork.maximumImportBytes + 1_048_576, use: importAPI)
        } else {
            questions.get(use: list).requires(.learningWrite)
            questions.post(use: create).requires(.learningWrite)
            questions.get("export", use: export).requires(.learningWrite)
            questions.on(.POST, "import", body: .collect(maxSize: "6mb"), use: importForm).requires(.learningWrite)
        }
    }

    struct ListQuery: Content {
        var topicID: Int?
    }

    struct Row: Content {
        let id: Int
        let topic: String
        let kindLabel: String
        let difficultyLabel: String
        let stem: String
        let options: [String]
        let answer: String
        let organizationName: String
        /// The lesson it checks, if any.
        let lessonID: Int?
    }

    struct Count: Content {
        let topicID: Int
        let topic: String
        let count: Int
    }

    static func rows(_ query: ListQuery, on request: Request) async throws -> [Row] {
        let names = Dictionary(try await LearningTopicModel.query(on: request.db).all().compactMap { topic in topic.id.map { ($0, topic.name) } },
                               uniquingKeysWith: { first, _ in first })
        var found: [QuestionModel] = []
        for scope in try request.policy.scopes(for: .learningWrite) {
            var builder = QuestionModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
            if let topic = query.topicID { builder = builder.filter(\.$topicID == topic) }
            found += try await builder.sort(\.$id, .descending).limit(100).all()
        }
        let organizations = try await PublicView.organizationNames(Set(found.map(\.organizationID)), on: request.db)
        return found.compactMap { question in
            question.id.map { Row(id: $0, topic: names[question.topicID] ?? "", kindLabel: question.kind.chinese, difficultyLabel: question.difficulty.chinese,
                                  stem: question.stem, options: question.choices, answer: question.answer,
                                  organizationName: organizations[question.organizationID] ?? "", lessonID: question.lessonID) }
        }
    }

    static func counts(on request: Request) async throws -> [Count] {
        var counts: [Int: Int] = [:]
        for scope in try request.policy.scopes(for: .learningWrite) {
            for question in try await QuestionModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .field(\.$id).field(\.$topicID).limit(100_000).all() {
                counts[question.topicID, default: 0] += 1
            }
        }
        return try await LibraryViews.topics(on: request.db).map { Count(topicID: $0.id, topic: $0.name, count: counts[$0.id] ?? 0) }
    }

    // MARK: - API

    @Sendable func listAPI(_ request: Request, _ query: ListQuery) async throws -> [Row] { try await Self.rows(query, on: request) }

    @Sendable func createAPI(_ request: Request, _ input: QuestionBankWork.Input) async throws -> Row {
        let question = try await QuestionBankWork.create(input, on: request)
        guard let row = try await Self.rows(ListQuery(topicID: question.topicID), on: request).first(where: { $0.id == question.id }) else {
            throw Abort(.internalServerError)
        }
        return row
    }

    @Sendable func exportAPI(_ request: Request, _ query: ListQuery) async throws -> Response {
        try await QuestionBankWork.export(topic: query.topicID, on: request)
    }

    struct ImportForm: Content {
        var file: File?
        var organizationID: LenientID?
    }

    @Sendable func importAPI(_ request: Request) async throws -> QuestionBankWork.ImportReport {
        let form = try request.content.decode(ImportForm.self)
        guard let file = form.file else { throw FormProblems(field: "file", "请选择题库文件（.xlsx 或 CSV）") }
        return try await QuestionBankWork.importFile(file, organizationID: form.organizationID?.value, on: request)
    }

    // MARK: - Pages

    struct ListPage {
        let layout: Layout
        let counts: [Count]
        let rows: [Row]
        let topicID: Int?
        let organizations: [SelectOption]
        let topics: [SelectOption]
        let typed: QuestionBankWork.Input
        let errors: [FieldError]
        let report: QuestionBankWork.ImportReport?
        let importErrors: [FieldError]
    }

    func render(_ request: Request, topic: Int?, typed: QuestionBankWork.Input = .init(), errors: [FieldError] = [],
                report: QuestionBankWork.ImportReport? = nil, importErrors: [FieldError] = []) async throws -> Page {
        let organizations = try await OrganizationStore.inScope(for: .learningWrite, on: request, limit: 500)
        let topics = try await LibraryViews.topics(on: request.db)
        return Page(ListPage(
            layout: Layout(request, title: "题库"), counts: try await Self.counts(on: request), rows: try await Self.rows(ListQuery(topicID: topic), on: request),
            topicID: topic, organizations: SelectOption.organizations(organizations, selected: typed.organizationID ?? organizations.first?.id),
            topics: SelectOption.list(topics.map { (String($0.id), $0.name) }, selected: (typed.topicID ?? topic).map(String.init)),
            typed: typed, errors: errors, report: report, importErrors: importErrors).node)
    }

    @Sendable func list(_ request: Request) async throws -> Page {
        try await render(request, topic: try request.query.decode(ListQuery.self).topicID)
    }

    struct Form: Content {
        var organizationID: LenientID?
        var topicID: LenientID?
        var kind: String?
        var difficulty: String?
        var stem: String?
        var options: String?
        var answer: String?
        var explanation: String?
        var source: String?

        var input: QuestionBankWork.Input {
            .init(organizationID: organizationID?.value, topicID: topicID?.value, kind: kind, difficulty: difficulty, stem: stem,
                  options: options.map { $0.split(whereSeparator: \.isNewline).map(String.init) }, answer: answer, explanation: explanation, source: source)
        }
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(Form.self).input
        do {
            let question = try await QuestionBankWork.create(input, on: request)
            return request.redirect(to: "/learning/questions?topicID=\(question.topicID)&notice=questionAdded")
        } catch let problems as FormProblems {
            return try await render(request, topic: input.topicID, typed: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func export(_ request: Request) async throws -> Response {
        try await QuestionBankWork.export(topic: try request.query.decode(ListQuery.self).topicID, on: request)
    }

    @Sendable func importForm(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ImportForm.self)
        do {
            guard let file = form.file, file.data.readableBytes > 0 else { throw FormProblems(field: "file", "请选择题库文件（.xlsx 或 CSV）") }
            let report = try await QuestionBankWork.importFile(file, organizationID: form.organizationID?.value, on: request)
            return try await render(request, topic: nil, report: report).encodeResponse(for: request)
        } catch let problems as FormProblems {
            return try await render(request, topic: nil, importErrors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

extension QuestionBankPages.ListPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning/manage")) { "学习资料管理" } }
            div(.class("heading")) {
                h1 { "题库" }
                div(.class("actions")) { a(.class("button"), .href("/learning/questions/export" + (topicID.map { "?topicID=\($0)" } ?? ""))) { "导出（.xlsx 模板）" } }
            }
            p(.class("muted small")) {
                "题库用于专题练习、答题闯关和知识竞赛，面向本组织及下级党员。"
                for count in counts where count.count > 0 {
                    " "
                    a(.href("/learning/questions?topicID=\(count.topicID)"), .class(count.topicID == topicID ? "tag" : "muted-tag")) { "\(count.topic) \(count.count)" }
                }
            }
            section(.class("card")) {
                h2 { "从 Excel 导入" }
                if let report {
                    p(.class("notice"), .role("status")) {
                        "已导入 \(report.imported) 题" + (report.skipped > 0 ? "，\(report.skipped) 题题库中已有，跳过" : "")
                            + (report.problems.isEmpty ? "。" : "；以下 \(report.problems.count) 行有误，未导入：")
                    }
                    if !report.problems.isEmpty {
                        ul(.class("findings")) { for problem in report.problems.prefix(200) { li { "第 \(problem.row) 行：\(problem.message)" } } }
                    }
                }
                Forms.errors(importErrors)
                form(.method("post"), .action("/learning/questions/import"), .enctype("multipart/form-data"), .class("grid-form")) {
                    Forms.csrf(layout)
                    Forms.choice("题目归属", name: "organizationID", organizations)
                    label { "文件（.xlsx 或 CSV，表头同导出的模板，最大 5 MB）"; input(.type("file"), .name("file"), .accept(".xlsx,.csv"), .required()) }
                    button(.class("primary")) { "导入" }
                }
            }
            section(.class("card")) {
                h2 { "添加一道题" }
                Forms.errors(errors)
                form(.method("post"), .action("/learning/questions"), .class("grid-form")) {
                    Forms.csrf(layout)
                    Forms.choice("题目归属", name: "organizationID", organizations)
                    Forms.choice("专题", name: "topicID", topics)
                    Forms.choice("题型", name: "kind", SelectOption.list(QuestionKind.allCases.map { ($0.rawValue, $0.chinese) }, selected: typed.kind ?? "single"))
                    Forms.choice("难度", name: "difficulty", SelectOption.list(Difficulty.allCases.map { ($0.rawValue, $0.chinese) }, selected: typed.difficulty ?? "medium"))
                    label(.class("full")) { "题目（填空题用 ____ 标出空格）"; textarea(.name("stem"), .rows("2"), .maxlength("300")) { typed.stem ?? "" } }
                    label(.class("full")) { "选项（选择题，每行一个）"; textarea(.name("options"), .rows("4")) { (typed.options ?? []).joined(separator: "\n") } }
                    label { "答案"; input(.type("text"), .name("answer"), .value(typed.answer), .maxlength("200")) }
                    label { "出处"; input(.type("text"), .name("source"), .value(typed.source), .maxlength("100")) }
                    label(.class("full")) { "解析"; textarea(.name("explanation"), .rows("2"), .maxlength("500")) { typed.explanation ?? "" } }
                    button(.class("primary")) { "添加" }
                }
            }
            section(.class("card")) {
                h2 { "题目（最近 \(rows.count) 道）" }
                table(.class("list cards")) {
                    thead { tr { th { "题目" }; th { "专题" }; th { "题型" }; th { "难度" }; th { "答案" } } }
                    tbody {
                        for row in rows {
                            tr {
                                td(Attribute("data-label", "题目")) {
                                    row.stem
                                    if !row.options.isEmpty {
                                        span(.class("muted small")) { " " + row.options.enumerated().map { "\(LibraryParts.letters[min($0.offset, 7)]). \($0.element)" }.joined(separator: "  ") }
                                    }
                                }
                                td(Attribute("data-label", "专题")) { row.topic + (row.lessonID == nil ? "" : "（课后检测）") }
                                td(Attribute("data-label", "题型")) { row.kindLabel }
                                td(Attribute("data-label", "难度")) { row.difficultyLabel }
                                td(Attribute("data-label", "答案")) { row.answer }
                            }
                        }
                    }
                }
            }
        }
    }
}
