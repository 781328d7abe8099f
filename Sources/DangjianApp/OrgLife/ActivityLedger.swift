import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import Vapor

/// 三会一课台账 — a branch's activities of one year, from the records (never typed again), as .xlsx or .docx.
enum ActivityLedger {
    struct Query: Content, APISchemaHints {
        var organizationID: LenientID?
        var year: Int?
        var format: String?
        static var schemaHints: [String: Schema] { ["year": .yearHint, "format": .strings(["xlsx", "docx"])] }
    }

    static let headers = ["日期", "类型", "主题", "地点", "主持人", "应到", "实到", "缺席人员及原因", "决议事项", "整改事项"]

    static func rows(for organization: OrganizationModel, year: Int, on database: any Database) async throws -> [[String]] {
        let path = organization.orgPath
        let activities = try await ActivityModel.query(on: database).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .filter(\.$state == .held).filter(\.$onDate >= CalendarDate.firstDay(ofYear: year))
            .filter(\.$onDate <= CalendarDate.lastDay(ofYear: year)).sort(\.$onDate).sort(\.$id).limit(5000).all()
        let ids = activities.map { $0.id! }
        var attendance: [AttendanceModel] = []
        var followUps: [FollowUpModel] = []
        for chunk in ids.chunked(into: 1000) {
            attendance += try await AttendanceModel.query(on: database).filter(\.$activityID ~~ Array(chunk)).all()
            followUps += try await FollowUpModel.query(on: database).filter(\.$activityID ~~ Array(chunk)).all()
        }
        let byActivity = Dictionary(grouping: attendance, by: \.activityID)
        let items = Dictionary(grouping: followUps, by: \.activityID)
        return activities.map { activity in
            let people = byActivity[activity.id!] ?? []
            let absent = people.filter { $0.status != .present }.map { "\($0.name)（\($0.status.chinese)\($0.reason.map { "，\($0)" } ?? "")）" }
            return [activity.onDate.description, activity.kind.chinese, activity.topic, activity.place, activity.hostName ?? "",
                    "\(people.count)", "\(people.count { $0.status == .present })", absent.joined(separator: "、"),
                    ActivityModel.list(activity.decisions).joined(separator: "；"),
                    (items[activity.id!] ?? []).map { "\($0.problem)（\($0.ownerName)，\($0.closedOn.map { "已于 \($0) 整改" } ?? "\($0.dueOn) 前")）" }.joined(separator: "；")]
        }
    }

    static func respond(_ query: Query, on request: Request) async throws -> Response {
        guard let id = query.organizationID?.value else { throw FormProblems(field: "organizationID", "请指定党组织（organizationID）") }
        let organization = try await OrganizationStore.find(id, for: .activityRead, on: request)
        let year = try request.year(query.year)
        let format = query.format ?? "xlsx"
        guard format == "xlsx" || format == "docx" else { throw FormProblems(field: "format", "format 只能是 xlsx 或 docx") }
        let rows = try await rows(for: organization, year: year, on: request.db)
        let url = try Downloads.temporaryFile(format, request.services)
        let title = "\(organization.name)\(year)年“三会一课”台账"
        try await request.application.threadPool.runIfActive {
            if format == "xlsx" {
                let writer = try XLSXWriter(url: url, sheetName: "\(year)年台账", widths: [11, 12, 30, 16, 8, 6, 6, 40, 30, 30])
                try writer.write(headers)
                for row in rows { try writer.write(row) }
                try writer.finish()
            } else {
                try DOCXDocument([.title(title), .paragraph("共开展活动 \(rows.count) 次。"), .table([headers] + rows)]).write(to: url)
            }
        }
        try await request.write { _ in ((), AuditEvent("activity.ledger", target: "organization", id: organization.id, organization: organization.id,
                                                      detail: "下载台账：\(title)（\(rows.count) 条，\(format)）")) }
        return try await Downloads.respond(url, name: "\(title).\(format)", fallback: "ledger.\(format)",
                                           type: format == "xlsx" ? Downloads.xlsx : Downloads.docx, on: request)
    }
}
