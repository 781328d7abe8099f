import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import Vapor

/// 题库 kept by an organization: questions added one at a time or from an .xlsx (or CSV) of the template, each row
/// checked like a form with its problems reported by row; exported in the same template.
enum QuestionBankWork {
    static let maximumImportBytes = 5 * 1_048_576

    struct Input: Content {
        var organizationID: Int?
        var topicID: Int?
        var kind: String?
        var difficulty: String?
        var stem: String?
        var options: [String]?
        var answer: String?
        var explanation: String?
        var source: String?
    }

    /// The row of a checked question, filed at an organization (its id and path).
    static func model(_ draft: QuestionDraft, topic: Int, source: String, organization: Int, path: String, lesson: Int? = nil,
                      now: Double) throws -> QuestionModel {
        let question = QuestionModel()
        question.organizationID = organization
        question.path = path
        question.lessonID = lesson
        question.topicID = topic
        question.kind = draft.kind
        question.difficulty = draft.difficulty
        question.stem = draft.stem
        question.options = String(decoding: try JSONEncoder().encode(draft.options), as: UTF8.self)
        question.answer = draft.answer
        question.explanation = draft.explanation
        question.source = String(source.prefix(100))
        question.createdAt = now
        return question
    }

    static func create(_ input: Input, on request: Request) async throws -> QuestionModel {
        let organization = try await OrganizationStore.find(input.organizationID, for: .learningWrite, on: request)
        var problems: [FieldError] = []
        var topic: LearningTopicModel?
        if let id = input.topicID { topic = try await LearningTopicModel.find(id, on: request.db) }
        if topic == nil { problems.append(FieldError(field: "topicID", message: "请选择专题")) }
        var draft: QuestionDraft?
        switch QuestionDraft.check(kind: input.kind, difficulty: input.difficulty, stem: input.stem, options: input.options, answer: input.answer,
                                   explanation: input.explanation) {
        case .success(let checked): draft = checked
        case .failure(let found): problems += found.errors
        }
        guard problems.isEmpty, let draft, let topicID = topic?.id else { throw FormProblems(problems) }
        let question = try model(draft, topic: topicID, source: input.source?.trimmed ?? "", organization: try organization.requireID(), path: organization.path,
                                 now: request.now.timeIntervalSince1970)
        return try await request.write { database in
            try await question.create(on: database)
            return (question, AuditEvent("learning.question.create", target: "question", id: question.id, organization: question.organizationID,
                                         detail: "题库添加\(draft.kind.chinese)“\(String(draft.stem.prefix(30)))”"))
        }
    }

    struct Problem: Content {
        let row: Int
        let message: String
    }

    struct ImportReport: Content {
        let imported: Int
        let skipped: Int
        let problems: [Problem]
    }

    /// Reads the uploaded template: valid rows are added (a question already in the bank with the same text is
    /// skipped), the others are reported by row; nothing is added when the file itself cannot be read.
    static func importFile(_ file: File, organizationID: Int?, on request: Request) async throws -> ImportReport {
        let organization = try await OrganizationStore.find(organizationID, for: .learningWrite, on: request)
        guard file.data.readableBytes > 0 else { throw FormProblems(field: "file", "请选择题库文件（.xlsx 或 CSV）") }
        guard file.data.readableBytes <= maximumImportBytes else { throw FormProblems(field: "file", "题库文件不超过 5 MB") }
        let url = try Downloads.temporaryFile("upload", request.services)
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(buffer: file.data).write(to: url)
        let topics = Dictionary(try await LearningTopicModel.query(on: request.db).all().compactMap { topic in topic.id.map { (topic.name, $0) } },
                                uniquingKeysWith: { first, _ in first })
        let existing = Set(try await QuestionModel.query(on: request.db).filter(\.$path == organization.path).all().map(\.stem))
        var header: [String] = []
        var problems: [Problem] = []
        var drafts: [(QuestionDraft, Int, String)] = []
        var skipped = 0
        do {
            let source: any RowSource = try SpreadsheetFormat.detect(url) == .xlsx ? try XLSXReader(url: url) : try CSVReader(url: url)
            try source.forEachRow { number, cells in
                if header.isEmpty {
                    header = cells
                    guard cells.contains("题目") && cells.contains("答案") else {
                        throw FormProblems(field: "file", "第一行应为表头（\(QuestionDraft.headers.joined(separator: "、"))），请使用导出的模板")
                    }
                    return
                }
                guard cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
                guard drafts.count + problems.count < 5000 else { throw FormProblems(field: "file", "一次最多导入 5000 题") }
                switch QuestionDraft.row(cells, header: header) {
                case .success(let row):
                    guard let topic = topics[row.topic] else {
                        problems.append(Problem(row: number, message: "专题“\(row.topic)”不存在（现有：\(topics.keys.sorted().joined(separator: "、"))）"))
                        return
                    }
                    if existing.contains(row.draft.stem) || drafts.contains(where: { $0.0.stem == row.draft.stem }) { skipped += 1; return }
                    drafts.append((row.draft, topic, row.source))
                case .failure(let found):
                    problems.append(Problem(row: number, message: found.errors.map(\.message).joined(separator: "；")))
                }
            }
        } catch let error as SpreadsheetError {
            throw FormProblems(field: "file", error.description)
        }
        let now = request.now.timeIntervalSince1970
        let models = try drafts.map { try model($0.0, topic: $0.1, source: $0.2, organization: try organization.requireID(), path: organization.path, now: now) }
        let problemCount = problems.count
        if !models.isEmpty {
            try await request.write { database in
                for model in models { try await model.create(on: database) }
                return ((), AuditEvent("learning.question.import", target: "question", id: nil, organization: organization.id,
                                       detail: "导入题库“\(file.filename)”：\(models.count) 题" + (problemCount == 0 ? "" : "，\(problemCount) 行有误未导入")))
            }
        }
        return ImportReport(imported: models.count, skipped: skipped, problems: problems)
    }

    /// The bank filed in the caller's scopes, as the template (the template alone when empty).
    static func export(topic: Int?, on request: Request) async throws -> Response {
        let names = Dictionary(try await LearningTopicModel.query(on: request.db).all().compactMap { topic in topic.id.map { ($0, topic.name) } },
                               uniquingKeysWith: { first, _ in first })
        let url = try Downloads.temporaryFile("xlsx", request.services)
        let sink = try XLSXWriter(url: url, sheetName: "题库", widths: [10, 8, 6, 40] + Array(repeating: 14, count: 8) + [8, 30, 16])
        try sink.write(QuestionDraft.headers)
        for scope in try request.policy.scopes(for: .learningWrite) {
            var query = QuestionModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound).filter(\.$lessonID == nil)
            if let topic { query = query.filter(\.$topicID == topic) }
            for question in try await query.sort(\.$topicID).sort(\.$id).limit(20_000).all() {
                let draft = QuestionDraft(kind: question.kind, difficulty: question.difficulty, stem: question.stem, options: question.choices,
                                          answer: question.answer, explanation: question.explanation)
                try sink.write(draft.cells(topic: names[question.topicID] ?? "", source: question.source))
            }
        }
        try sink.finish()
        return try await Downloads.respond(url, name: "题库.xlsx", fallback: "questions.xlsx", type: Downloads.xlsx, on: request)
    }
}
