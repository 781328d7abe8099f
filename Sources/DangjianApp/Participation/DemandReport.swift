import DangjianCore
import DangjianHTML
import Fluent
import Foundation
import SQLKit
import Vapor

/// 诉求统计: for an organization in the caller's scope and a period, the requests by the organization one level down
/// and by category — volume, answered, days to answer, open and overdue now, satisfaction.
enum DemandReport {
    struct Query: Content {
        var organizationID: Int?
        /// `yyyy-MM-dd`, submitted on or after; by default the first of January this year.
        var from: String?
        /// `yyyy-MM-dd`, submitted on or before; by default today.
        var to: String?
    }

    struct Line: Content {
        let organizationID: Int?
        let label: String
        let submitted: Int
        let answered: Int
        let averageDaysToAnswer: Double?
        let open: Int
        let overdue: Int
        let rated: Int
        let satisfactionPercent: Int?

        init(organizationID: Int? = nil, label: String, _ figures: DemandFigures) {
            self.organizationID = organizationID
            self.label = label
            submitted = figures.submitted
            answered = figures.answered
            averageDaysToAnswer = figures.averageDaysToAnswer
            open = figures.open
            overdue = figures.overdue
            rated = figures.rated
            satisfactionPercent = figures.satisfactionPercent
        }
    }

    struct Report: Content {
        let organizationID: Int
        let organizationName: String
        let from: String
        let to: String
        let total: Line
        let byOrganization: [Line]
        let byCategory: [Line]
        /// 逾期 now: the requests under the organization whose acknowledging or answering limit has passed, the longest
        /// overdue first (at most 100), whatever the period — the county's board of what to 督办.
        let overdue: [DemandWork.Summary]
    }

    /// Rows read for one report at most: a county's requests of a year are far fewer.
    static let rowLimit = 200_000

    static func load(_ query: Query, on request: Request) async throws -> Report {
        let scopes = try request.policy.scopes(for: .requestHandle)
        let organization: OrganizationModel
        if let id = query.organizationID {
            organization = try await OrganizationStore.find(id, for: .requestHandle, on: request)
        } else {
            guard let first = scopes.first, let id = first.lastID else { throw Abort(.notFound, reason: "您没有负责办理诉求的党组织") }
            organization = try await OrganizationStore.find(id, for: .requestHandle, on: request)
        }
        var problems: [FieldError] = []
        let from = query.from.flatMap { $0.isEmpty ? nil : $0 }.map { CalendarDate(parsing: $0) } ?? CalendarDate.firstDay(ofYear: request.today.year)
        let to = query.to.flatMap { $0.isEmpty ? nil : $0 }.map { CalendarDate(parsing: $0) } ?? request.today
        if from == nil { problems.append(FieldError(field: "from", message: "开始日期格式应为 2026-01-01")) }
        if to == nil { problems.append(FieldError(field: "to", message: "结束日期格式应为 2026-12-31")) }
        guard problems.isEmpty, let from, let to else { throw FormProblems(problems) }
        guard from <= to else { throw FormProblems(field: "to", "结束日期不能早于开始日期") }
        struct Row: Decodable {
            let path: String, category: String, state: String, round: Int, clock_start: String, acknowledged_on: String?, answered_on: String?
            let verdict: String?, submitted_at: Double
        }
        let top = organization.orgPath
        // Submission times are stored in UTC; the period is of days in China.
        let start = Double(from.daysSinceEpoch) * 86_400 - 8 * 3600, end = Double(to.adding(days: 1).daysSinceEpoch) * 86_400 - 8 * 3600
        let rows = try await request.db.sql.select()
            .columns("path", "category", "state", "round", "clock_start", "acknowledged_on", "answered_on", "verdict", "submitted_at")
            .from(DemandModel.schema).within([top])
            .where("submitted_at", .greaterThanOrEqual, SQLBind(start)).where("submitted_at", .lessThan, SQLBind(end))
            .limit(rowLimit).all(decoding: Row.self)
        let items: [DemandStatistics.Item] = rows.compactMap { row in
            guard let category = DemandCategory(rawValue: row.category), let state = DemandState(rawValue: row.state),
                  let clockStart = CalendarDate(parsing: row.clock_start) else { return nil }
            let flow = DemandFlow(state: state, round: row.round, clockStart: clockStart,
                                  acknowledgedOn: row.acknowledged_on.flatMap(CalendarDate.init(parsing:)),
                                  answeredOn: row.answered_on.flatMap(CalendarDate.init(parsing:)), verdict: row.verdict.flatMap(DemandVerdict.init(rawValue:)))
            return DemandStatistics.Item(path: OrgPath(stored: row.path), category: category,
                                         submittedOn: CalendarDate(Date(timeIntervalSince1970: row.submitted_at)), flow: flow)
        }
        let tally = DemandStatistics.tally(items, under: top, today: request.today, rules: request.services.rules)
        let names = try await PublicView.organizationNames(Set(tally.byOrganization.keys), on: request.db)
        let topID = try organization.requireID()
        return Report(
            organizationID: topID, organizationName: organization.name, from: from.description, to: to.description,
            total: Line(label: "合计", tally.total),
            byOrganization: tally.byOrganization.map { id, figures in
                Line(organizationID: id, label: id == topID ? "\(organization.name)（本级）" : names[id] ?? "", figures)
            }.sorted { ($0.submitted, $1.label) > ($1.submitted, $0.label) },
            byCategory: DemandCategory.allCases.compactMap { category in tally.byCategory[category].map { Line(label: category.chinese, $0) } },
            overdue: Array(try await DemandWork.handling(DemandWork.ListQuery(state: "open", organizationID: topID), on: request)
                .filter { $0.overdue != nil }.sorted { $0.submittedOn < $1.submittedOn }.prefix(100)))
    }
}

extension DemandPages {
    struct ReportPage {
        let layout: Layout
        let query: DemandReport.Query
        let report: DemandReport.Report?
        let errors: [FieldError]
    }

    @Sendable func report(_ request: Request) async throws -> Response {
        let query = try request.query.decode(DemandReport.Query.self)
        do {
            let report = try await DemandReport.load(query, on: request)
            return try await Page(ReportPage(layout: Layout(request, title: "诉求统计"), query: query, report: report, errors: []).node)
                .encodeResponse(for: request)
        } catch let problems as FormProblems {
            return try await Page(ReportPage(layout: Layout(request, title: "诉求统计"), query: query, report: nil, errors: problems.errors).node)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

extension DemandPages.ReportPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "诉求统计" + (report.map { " · \($0.organizationName)" } ?? "") }
                div(.class("actions")) { a(.class("button"), .href("/demands")) { "诉求办理" } }
            }
            Forms.errors(errors)
            form(.method("get"), .action("/demands/report"), .class("filters")) {
                if let id = report?.organizationID ?? query.organizationID { input(.type("hidden"), .name("organizationID"), .value("\(id)")) }
                label { "提交日期从"; input(.type("date"), .name("from"), .value(query.from ?? report?.from)) }
                label { "到"; input(.type("date"), .name("to"), .value(query.to ?? report?.to)) }
                button(.class("primary")) { "统计" }
            }
            if let report {
                section(.class("card"), .id("overdue")) {
                    h2 { "逾期诉求（\(report.overdue.count)）" }
                    if report.overdue.isEmpty {
                        p(.class("muted")) { "没有逾期的诉求。" }
                    } else {
                        p(.class("muted small")) { "超过受理或答复期限、仍未办结的诉求，最早提交的在前；上级可督办。" }
                        DemandPages.list(report.overdue) { "/demands/\($0)" }
                    }
                }
                section(.class("card")) {
                    h2 { "按党组织" }
                    lines([report.total] + report.byOrganization, first: "党组织", link: { line in
                        line.organizationID.flatMap { $0 == report.organizationID ? nil : "/demands/report?organizationID=\($0)&from=\(report.from)&to=\(report.to)" }
                    })
                }
                section(.class("card")) {
                    h2 { "按类别" }
                    lines([report.total] + report.byCategory, first: "类别", link: { _ in nil })
                }
            }
        }
    }

    private func lines(_ lines: [DemandReport.Line], first: String, link: (DemandReport.Line) -> String?) -> Node {
        table(.class("list cards")) {
            thead {
                tr {
                    th { first }
                    for heading in ["提交", "已答复", "平均答复天数", "办理中", "其中逾期", "已评价", "满意率"] { th(.class("num")) { heading } }
                }
            }
            tbody {
                for line in lines {
                    tr {
                        td(Attribute("data-label", first)) {
                            if let href = link(line) { a(.href(href)) { line.label } } else { line.label }
                        }
                        td(Attribute("data-label", "提交"), .class("num")) { "\(line.submitted)" }
                        td(Attribute("data-label", "已答复"), .class("num")) { "\(line.answered)" }
                        td(Attribute("data-label", "平均天数"), .class("num")) { line.averageDaysToAnswer.map { "\($0)" } ?? "—" }
                        td(Attribute("data-label", "办理中"), .class("num")) { "\(line.open)" }
                        td(Attribute("data-label", "逾期"), .class("num")) {
                            if line.overdue > 0 { span(.class("badge")) { "\(line.overdue)" } } else { "0" }
                        }
                        td(Attribute("data-label", "已评价"), .class("num")) { "\(line.rated)" }
                        td(Attribute("data-label", "满意率"), .class("num")) { line.satisfactionPercent.map { "\($0)%" } ?? "—" }
                    }
                }
            }
        }
    }
}
