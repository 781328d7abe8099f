import DangjianCore
import DangjianHTML
import Fluent
import Foundation
import SQLKit
import Vapor

/// 学时: a member's class hours of a year against the requirement for who they are (32, or 56 for a secretary or
/// committee member), credited from what organizational life already recorded — the 党课 they attended — so that
/// nothing is entered twice — and from the lessons they completed in the library.
enum ClassHoursWork {
    struct Credit: Content {
        let source: String
        let hours: String
        let on: String
    }

    struct View: Content {
        let memberID: Int
        let name: String
        let year: Int
        /// Holds a 书记 or committee office: the 56-hour requirement.
        let isLeader: Bool
        let required: String
        let earned: String
        let short: String
        let met: Bool
        let rule: String
        let credits: [Credit]
    }

    struct Row: Content {
        let memberID: Int
        let name: String
        let organizationName: String
        let isLeader: Bool
        let required: String
        let earned: String
        let met: Bool
    }

    struct Query: Content {
        var year: Int?
        var organizationID: Int?
        /// 学习对象: `all` (the default), `leaders`, `probationary`, `mobile`, `elderly` or `category:…`.
        var audience: String?
    }

    /// The audience asked for, or a Chinese refusal of one that does not exist.
    static func audience(_ query: Query) throws -> StudyAudience {
        guard let raw = query.audience?.trimmed, !raw.isEmpty else { return .all }
        guard let audience = StudyAudience(rawValue: raw) else { throw FormProblems(field: "audience", "没有这类学习对象") }
        return audience
    }

    private struct Attended: Decodable {
        let member_id: Int
        let topic: String
        let on_date: String
    }

    /// The 党课 each of `members` attended in `year`, as credits.
    static func credits(_ members: [Int], year: Int, rules: RuleBook, on database: any Database) async throws -> [Int: [ClassHours.Credit]] {
        let lecture = rules.value(.learningPartyLectureHours) * 10
        var result: [Int: [ClassHours.Credit]] = [:]
        for chunk in members.chunked(into: 1000) {
            let rows = try await database.sql.select()
                .column(SQLColumn("member_id", table: "t")).column(SQLColumn("topic", table: "a")).column(SQLColumn("on_date", table: "a"))
                .from(SQLAlias(SQLIdentifier(AttendanceModel.schema), as: SQLIdentifier("t")))
                .join(SQLAlias(SQLIdentifier(ActivityModel.schema), as: SQLIdentifier("a")),
                      on: SQLColumn("activity_id", table: "t"), .equal, SQLColumn("id", table: "a"))
                .where(SQLColumn("member_id", table: "t"), .in, SQLBind.group(Array(chunk)))
                .where(SQLColumn("status", table: "t"), .equal, SQLBind(AttendanceStatus.present.rawValue))
                .where(SQLColumn("kind", table: "a"), .equal, SQLBind(ActivityKind.partyLecture.rawValue))
                .where(SQLColumn("state", table: "a"), .equal, SQLBind(ActivityModel.State.held.rawValue))
                .where(SQLColumn("on_date", table: "a"), .greaterThanOrEqual, SQLBind(CalendarDate.firstDay(ofYear: year).description))
                .where(SQLColumn("on_date", table: "a"), .lessThanOrEqual, SQLBind(CalendarDate.lastDay(ofYear: year).description))
                .all(decoding: Attended.self)
            for row in rows {
                guard let on = CalendarDate(parsing: row.on_date) else { continue }
                result[row.member_id, default: []].append(ClassHours.Credit(source: "党课：\(row.topic)", tenths: lecture, on: on))
            }
            let lessons = try await database.sql.select()
                .column(SQLColumn("member_id", table: "p")).column(SQLColumn("title", table: "l")).column(SQLColumn("completed_on", table: "p"))
                .column(SQLColumn("tenths", table: "p")).column(SQLColumn("course_id", table: "l"))
                .from(SQLAlias(SQLIdentifier(LessonProgressModel.schema), as: SQLIdentifier("p")))
                .join(SQLAlias(SQLIdentifier(LessonModel.schema), as: SQLIdentifier("l")), on: SQLColumn("lesson_id", table: "p"), .equal, SQLColumn("id", table: "l"))
                .where(SQLColumn("member_id", table: "p"), .in, SQLBind.group(Array(chunk)))
                .where(SQLColumn("completed_on", table: "p"), .greaterThanOrEqual, SQLBind(CalendarDate.firstDay(ofYear: year).description))
                .where(SQLColumn("completed_on", table: "p"), .lessThanOrEqual, SQLBind(CalendarDate.lastDay(ofYear: year).description))
                .all(decoding: Completed.self)
            // 集中学习 at a meeting they attended counts a course once; its lessons done alone are not counted again.
            let together = try await GroupStudy.attended(Array(chunk), year: year, on: database)
            let courses = Set(together.values.flatMap { $0.map(\.course) })
            let courseTenths = try await GroupStudy.courseTenths(Array(courses), rules: rules, on: database)
            let titles = Dictionary(try await CourseModel.query(on: database).filter(\.$id ~~ courses).all().compactMap { course in
                course.id.map { ($0, course.title) }
            }, uniquingKeysWith: { first, _ in first })
            var studied: [Int: Set<Int>] = [:]
            for (member, sessions) in together {
                for session in sessions.sorted(by: { $0.on < $1.on }) where studied[member, default: []].insert(session.course).inserted {
                    result[member, default: []].append(ClassHours.Credit(source: "集中学习：《\(titles[session.course] ?? "")》",
                                                                         tenths: courseTenths[session.course] ?? 0, on: session.on))
                }
            }
            for row in lessons where !(studied[row.member_id]?.contains(row.course_id) ?? false) {
                guard let on = CalendarDate(parsing: row.completed_on) else { continue }
                result[row.member_id, default: []].append(ClassHours.Credit(source: "学习：\(row.title)", tenths: row.tenths, on: on))
            }
        }
        return result
    }

    private struct Completed: Decodable {
        let member_id: Int
        let title: String
        let completed_on: String
        let tenths: Int
        let course_id: Int
    }

    /// The members among `members` who hold a committee office now.
    static func leaders(_ members: [Int], on database: any Database) async throws -> Set<Int> {
        var result: Set<Int> = []
        for chunk in members.chunked(into: 1000) {
            for office in try await CommitteeOfficeModel.query(on: database).filter(\.$memberID ~~ Array(chunk)).filter(\.$until == nil).all() {
                result.insert(office.memberID)
            }
        }
        return result
    }

    static func view(_ member: MemberModel, year: Int, on request: Request) async throws -> View {
        let rules = request.services.rules
        let id = try member.requireID()
        let isLeader = try await leaders([id], on: request.db).contains(id)
        let hours = ClassHours(year: year, requiredTenths: ClassHours.required(isLeader: isLeader, rules: rules),
                               credits: try await credits([id], year: year, rules: rules, on: request.db)[id] ?? [])
        return View(memberID: id, name: member.name, year: year, isLeader: isLeader, required: ClassHours.text(hours.requiredTenths),
                    earned: ClassHours.text(hours.earnedTenths), short: ClassHours.text(hours.shortTenths), met: hours.met,
                    rule: rules[isLeader ? .learningLeaderHours : .learningMemberHours].citation,
                    credits: hours.credits.sorted { $0.on < $1.on }.map { Credit(source: $0.source, hours: ClassHours.text($0.tenths), on: $0.on.description) })
    }

    /// The members in the register under an organization of the caller's scope, those furthest short first.
    static func report(_ query: Query, on request: Request) async throws -> [Row] {
        let organization = try await OrganizationStore.find(query.organizationID, for: .memberRead, on: request)
        let year = try request.year(query.year)
        let rules = request.services.rules
        let audience = try audience(query)
        var members = try await MemberModel.query(on: request.db).filter(\.$path >= organization.path).filter(\.$path < organization.orgPath.upperBound)
            .filter(\.$status ~~ MemberStatus.inRegister).sort(\.$path).sort(\.$name).limit(5000).all()
        // Who holds an office decides both the audience 书记和班子成员 and the 56 学时: read once.
        let leaders = try await leaders(members.compactMap(\.id), on: request.db)
        if audience != .all {
            let facts = StudyAssignments.facts(members, leaders: leaders)
            let today = request.today
            members = members.filter { member in member.id.flatMap { facts[$0] }.map { audience.includes($0, today: today, rules: rules) } ?? false }
        }
        let ids = members.compactMap(\.id)
        let credits = try await credits(ids, year: year, rules: rules, on: request.db)
        let names = try await PublicView.organizationNames(Set(members.map(\.organizationID)), on: request.db)
        let rows = members.compactMap { member -> (Row, Int)? in
            guard let id = member.id else { return nil }
            let hours = ClassHours(year: year, requiredTenths: ClassHours.required(isLeader: leaders.contains(id), rules: rules), credits: credits[id] ?? [])
            return (Row(memberID: id, name: member.name, organizationName: names[member.organizationID] ?? "", isLeader: leaders.contains(id),
                        required: ClassHours.text(hours.requiredTenths), earned: ClassHours.text(hours.earnedTenths), met: hours.met), hours.shortTenths)
        }
        return rows.sorted { $0.1 > $1.1 }.map(\.0)
    }
}

struct ClassHoursPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "class-hours", use: mine).requires(.ownRecord)
        routes.get("class-hours", use: report).requires(.memberRead)
    }

    struct MinePage {
        let layout: Layout
        let hours: ClassHoursWork.View
    }

    @Sendable func mine(_ request: Request) async throws -> Page {
        let query = try request.query.decode(ClassHoursWork.Query.self)
        let member = try await DuesPages.ownMember(request)
        guard let member else { throw Abort(.notFound, reason: "您的账号没有关联党员档案") }
        return Page(MinePage(layout: Layout(request, title: "学时"), hours: try await ClassHoursWork.view(member, year: try request.year(query.year), on: request)).node)
    }

    struct ReportPage {
        let layout: Layout
        let year: Int
        let organizations: [SelectOption]
        let audiences: [SelectOption]
        let query: String
        let rows: [ClassHoursWork.Row]
    }

    @Sendable func report(_ request: Request) async throws -> Page {
        var query = try request.query.decode(ClassHoursWork.Query.self)
        let roots = try await OrganizationStore.scopeRoots(for: .memberRead, on: request)
        if query.organizationID == nil { query.organizationID = roots.first?.id }
        let year = try request.year(query.year)
        let audience = try ClassHoursWork.audience(query)
        var export = URLComponents()
        export.queryItems = [URLQueryItem(name: "year", value: "\(year)"), URLQueryItem(name: "audience", value: audience.rawValue)]
            + (query.organizationID.map { [URLQueryItem(name: "organizationID", value: "\($0)")] } ?? [])
        return Page(ReportPage(layout: Layout(request, title: "党员学时"), year: year,
                               organizations: SelectOption.organizations(roots, selected: query.organizationID),
                               audiences: LibraryPages.audienceOptions(selected: audience.rawValue), query: export.percentEncodedQuery ?? "",
                               rows: try await ClassHoursWork.report(query, on: request)).node)
    }
}

struct ClassHoursAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "me", "class-hours", requires: .ownRecord, summary: "本人本年度学时：要求（32 或 56 学时）、已计入的党课和学习", query: ClassHoursWork.Query.self,
                   use: mine)
        routes.api(.GET, "class-hours", requires: .memberRead, summary: "负责范围内党员的年度学时，差得最多的在前", query: ClassHoursWork.Query.self, use: report)
    }

    @Sendable func mine(_ request: Request, _ query: ClassHoursWork.Query) async throws -> ClassHoursWork.View {
        guard let member = try await DuesPages.ownMember(request) else { throw Abort(.notFound, reason: "您的账号没有关联党员档案") }
        return try await ClassHoursWork.view(member, year: try request.year(query.year), on: request)
    }

    @Sendable func report(_ request: Request, _ query: ClassHoursWork.Query) async throws -> [ClassHoursWork.Row] {
        try await ClassHoursWork.report(query, on: request)
    }
}

extension ClassHoursPages.MinePage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "\(hours.year) 年学时" }
                div(.class("actions")) { a(.class("button"), .href("/me")) { "我的档案" } }
            }
            section(.class("card")) {
                p(.class("big-number")) { "\(hours.earned) / \(hours.required) 学时" }
                p { hours.met ? "已达到本年度要求。" : "还差 \(hours.short) 学时。" }
                p(.class("muted small")) { (hours.isLeader ? "基层党组织书记和班子成员" : "党员") + "每年一般不少于 \(hours.required) 学时，" + hours.rule }
                p(.class("muted small")) { "参加党课自动计入（组织生活已记录的，不用另行填报）；按完成计，不按在线时长计。" }
            }
            section(.class("card")) {
                h2 { "已计入" }
                if hours.credits.isEmpty {
                    p(.class("muted")) { "本年度还没有计入的学时。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { th { "日期" }; th { "内容" }; th { "学时" } } }
                        tbody {
                            for credit in hours.credits {
                                tr {
                                    td(Attribute("data-label", "日期")) { credit.on }
                                    td(Attribute("data-label", "内容")) { credit.source }
                                    td(Attribute("data-label", "学时")) { credit.hours }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension ClassHoursPages.ReportPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "\(year) 年党员学时" }
                div(.class("actions")) { a(.class("button"), .href("/class-hours/export?" + query)) { "导出（.xlsx）" } }
            }
            form(.method("get"), .action("/class-hours"), .class("filters")) {
                Forms.choice("党组织", name: "organizationID", organizations)
                Forms.choice("学习对象", name: "audience", audiences)
                label { "年度"; input(.type("number"), .name("year"), .value("\(year)"), .min("1949"), .max("9999")) }
                button(.class("primary")) { "查看" }
            }
            p(.class("muted")) { "达到要求 \(rows.filter(\.met).count) 人，未达到 \(rows.filter { !$0.met }.count) 人（差得最多的在前）。" }
            table(.class("list cards")) {
                thead { tr { for heading in ["党员", "党组织", "要求", "已计入", "状态"] { th { heading } } } }
                tbody {
                    for row in rows {
                        tr {
                            td(Attribute("data-label", "党员")) { a(.href("/members/\(row.memberID)")) { row.name }; if row.isLeader { " "; span(.class("badge")) { "班子" } } }
                            td(Attribute("data-label", "党组织")) { row.organizationName }
                            td(Attribute("data-label", "要求")) { row.required }
                            td(Attribute("data-label", "已计入")) { row.earned }
                            td(Attribute("data-label", "状态")) { row.met ? "已达到" : "未达到" }
                        }
                    }
                }
            }
        }
    }
}
