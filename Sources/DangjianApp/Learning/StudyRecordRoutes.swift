import DangjianCore
import DangjianDocuments
import DangjianHTML
import Fluent
import Vapor

/// 学习档案 in a member's record and the API, the printable 结业证书 of a completed course, and the 学时 of a subtree
/// as an .xlsx.
struct StudyRecordRoutes: RouteCollection {
    var api = false

    func boot(routes: any RoutesBuilder) throws {
        if api {
            routes.api(.GET, "me", "study", requires: .ownRecord, summary: "本人的学习档案：本年度学时、已完成的课程、练习、闯关和竞赛（不含在线时长）",
                       use: mine)
            routes.api(.GET, "members", ":id", "study", requires: .memberRead, summary: "党员的学习档案", use: member)
            routes.download("class-hours", "export", requires: .memberRead, summary: "负责范围内党员的年度学时（.xlsx）", query: ClassHoursWork.Query.self,
                            produces: [Downloads.xlsxType], use: exportAPI)
        } else {
            routes.get("learning", "courses", ":id", "certificate", use: certificate).requires(.ownRecord)
            routes.get("class-hours", "export", use: export).requires(.memberRead)
        }
    }

    @Sendable func mine(_ request: Request) async throws -> StudyRecord {
        try await StudyRecord.load(try await LibraryWork.student(request), on: request)
    }

    @Sendable func member(_ request: Request) async throws -> StudyRecord {
        try await StudyRecord.load(try await MemberStore.find(request.parameters.get("id", as: Int.self), for: .memberRead, on: request), on: request)
    }

    static func export(_ query: ClassHoursWork.Query, on request: Request) async throws -> Response {
        let rows = try await ClassHoursWork.report(query, on: request)
        let year = try request.year(query.year)
        let audience = try ClassHoursWork.audience(query)
        let organization = try await OrganizationStore.find(query.organizationID, for: .memberRead, on: request)
        let url = try Downloads.temporaryFile("xlsx", request.services)
        let sink = try XLSXWriter(url: url, sheetName: "\(year)年学时", widths: [10, 28, 8, 10, 10, 8])
        // What the sheet covers, then one row per member, those furthest short first.
        try sink.write(["\(organization.name) · \(audience.chinese) · \(year)年：\(rows.count) 人，达到要求 \(rows.filter(\.met).count) 人，未达到 \(rows.filter { !$0.met }.count) 人"])
        try sink.write(["党员", "党组织", "班子成员", "要求学时", "已计入学时", "状态"])
        for row in rows {
            try sink.write([row.name, row.organizationName, row.isLeader ? "是" : "", row.required, row.earned, row.met ? "已达到" : "未达到"])
        }
        try sink.finish()
        let suffix = audience == .all ? "" : "（\(audience.chinese)）"
        return try await Downloads.respond(url, name: "\(year)年党员学时\(suffix).xlsx", fallback: "class-hours-\(year).xlsx", type: Downloads.xlsx, on: request)
    }

    @Sendable func exportAPI(_ request: Request, _ query: ClassHoursWork.Query) async throws -> Response { try await Self.export(query, on: request) }

    @Sendable func export(_ request: Request) async throws -> Response {
        var query = try request.query.decode(ClassHoursWork.Query.self)
        if query.organizationID == nil { query.organizationID = try await OrganizationStore.scopeRoots(for: .memberRead, on: request).first?.id }
        return try await Self.export(query, on: request)
    }

    struct CertificatePage {
        let layout: Layout
        let name: String
        let course: StudyRecord.Course
        let issuer: String
        let number: String
    }

    /// The member's own certificate of a course whose every lesson they completed.
    @Sendable func certificate(_ request: Request) async throws -> Page {
        let member = try await LibraryWork.student(request)
        let course = try await LibraryWork.readable(request.parameters.get("id", as: Int.self), on: request)
        let record = try await StudyRecord.load(member, on: request)
        guard let done = record.courses.first(where: { $0.courseID == course.id }) else {
            throw Abort(.notFound, reason: "完成课程的全部课时后才有结业证书")
        }
        let issuer = try await PublicView.organizationNames([course.organizationID], on: request.db)[course.organizationID] ?? ""
        // A number the platform can recompute and nobody else can forge: the data key's MAC of member and course.
        let number = String(request.services.cipher.auditHash("certificate|\(try member.requireID())|\(done.courseID)").prefix(12)).uppercased()
        return Page(CertificatePage(layout: Layout(request, title: "结业证书：\(course.title)"), name: member.name, course: done, issuer: issuer,
                                    number: number).node)
    }
}

extension StudyRecordRoutes.CertificatePage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card certificate")) {
                p(.class("certificate-title")) { "结业证书" }
                p(.class("certificate-body")) {
                    strong { name }
                    " 同志："
                }
                p(.class("certificate-body")) { "完成《\(course.title)》全部课时的学习，计 \(course.hours) 学时。" }
                p(.class("certificate-body")) { "特发此证。" }
                p(.class("certificate-foot")) { issuer; br(); "\(course.completedOn.year)年\(course.completedOn.month)月\(course.completedOn.day)日" }
                p(.class("muted small")) { "证书编号 \(number)" }
            }
            p(.class("no-print")) {
                button(.flag("data-print", true)) { "打印" }
                " "
                a(.href("/learning/courses/\(course.courseID)")) { "返回课程" }
            }
        }
    }
}

enum StudyRecordParts {
    /// The 学习档案 section of a member's record; certificates are linked for the member's own.
    static func section(_ record: StudyRecord, own: Bool) -> Node {
        DangjianHTML.section(.class("card")) {
            h2 { "学习档案（\(record.year) 年）" }
            dl(.class("fields")) {
                dt { "学时" }; dd { "\(record.hours) / \(record.required)" + (record.met ? "（已达到）" : "") }
                dt { "完成课时" }; dd { "\(record.lessonsCompleted) 个" }
                dt { "专题练习" }; dd { record.practicePapers == 0 ? "—" : "\(record.practicePapers) 次，平均 \(record.practiceAverage ?? 0) 分" }
                dt { "答题闯关" }; dd { record.levelsPassed == 0 ? "—" : "通过 \(record.levelsPassed) 关" }
            }
            if !record.courses.isEmpty {
                h3 { "已完成的课程" }
                ul {
                    for course in record.courses {
                        li {
                            "《\(course.title)》 \(course.completedOn) · \(course.hours) 学时"
                            if own { " "; a(.href("/learning/courses/\(course.courseID)/certificate")) { "结业证书" } }
                        }
                    }
                }
            }
            if !record.contests.isEmpty {
                h3 { "知识竞赛" }
                ul {
                    for contest in record.contests {
                        li { contest.title + " · " + (contest.percent.map { "\($0) 分" } ?? (contest.submitted ? "已交卷，待公布" : "未交卷")) }
                    }
                }
            }
            if own { p { a(.href("/me/class-hours")) { "学时明细" } } }
        }
    }
}
