import DangjianCore
import DangjianDocuments
import Foundation
import Vapor

/// The generated activity report as the page and the API show it, and as a .docx file.
struct ActivityReportView: Content {
    struct Section: Content {
        let title: String
        let paragraphs: [String]
    }

    let title: String
    let sections: [Section]

    static func build(_ model: ActivityModel, on request: Request) async throws -> ActivityReportView {
        let detail = try await ActivityViews.detail(model, on: request)
        let report = ActivityReport(ActivityViews.reportFacts(model, detail: detail), today: request.today)
        return ActivityReportView(title: report.title, sections: report.sections.map { Section(title: $0.title, paragraphs: $0.paragraphs) })
    }

    static func document(_ model: ActivityModel, on request: Request) async throws -> Response {
        let report = try await build(model, on: request)
        var document = DOCXDocument([.title(report.title)])
        for section in report.sections {
            document.append(.heading(section.title))
            for paragraph in section.paragraphs { document.append(.paragraph(paragraph)) }
        }
        let url = try Downloads.temporaryFile("docx", request.services)
        let finished = document
        try await request.application.threadPool.runIfActive { try finished.write(to: url) }
        try await request.write { _ in ((), AuditEvent("activity.report", target: "activity", id: model.id, organization: model.organizationID,
                                                      detail: "下载活动总结报告：\(model.topic)")) }
        return try await Downloads.respond(url, name: "\(report.title)-\(model.onDate).docx", fallback: "report.docx", type: Downloads.docx, on: request)
    }
}
