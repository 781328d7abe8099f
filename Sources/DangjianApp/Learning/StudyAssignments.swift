import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import SQLKit
import Vapor

/// 必学: a published course assigned to the members of a subtree in an audience, with a due date. Members see it first
/// in their library; near the due date it is their to-do, once overdue the branch's — one to-do with the count.
enum StudyAssignments {
    struct Input: Content {
        var courseID: Int?
        var organizationID: Int?
        /// A `StudyAudience` value (`all`, `leaders` …).
        var audience: String?
        /// `2026-12-31`
        var due: String?
    }

    static func create(_ input: Input, on request: Request) async throws -> StudyAssignmentModel {
        let actor = try request.requireActor()
        let organization = try await OrganizationStore.find(input.organizationID, for: .learningWrite, on: request)
        var problems: [FieldError] = []
        var course: CourseModel?
        if let id = input.courseID, let found = try await CourseModel.find(id, on: request.db),
           try LibraryWork.reaches(found, memberPath: organization.orgPath) || (LibraryWork.keeps(found, on: request) && found.state == .published) {
            course = found
        } else {
            problems.append(FieldError(field: "courseID", message: "请选择面向\(organization.name)的已发布课程"))
        }
        let audience = StudyAudience(rawValue: input.audience ?? "all")
        if audience == nil { problems.append(FieldError(field: "audience", message: "请选择学习对象")) }
        let today = request.today
        let due = input.due.flatMap { CalendarDate(parsing: $0.trimmed) }
        if due == nil {
            problems.append(FieldError(field: "due", message: "请填写完成期限（如 \(today.adding(days: 30))）"))
        } else if let due, due <= today || due > today.adding(days: 366) {
            problems.append(FieldError(field: "due", message: "完成期限应在今天之后、一年之内"))
        }
        guard problems.isEmpty, let course, let audience, let due else { throw FormProblems(problems) }
        let assignment = StudyAssignmentModel()
        assignment.courseID = try course.requireID()
        assignment.organizationID = try organization.requireID()
        assignment.path = organization.path
        assignment.audience = audience.rawValue
        assignment.due = due
        assignment.assignedOn = today
        assignment.authorID = actor.accountID
        assignment.createdAt = request.now.timeIntervalSince1970
        return try await request.write { database in
            try await assignment.create(on: database)
            return (assignment, AuditEvent("learning.assign", target: "assignment", id: assignment.id, organization: assignment.organizationID,
                                           detail: "\(organization.name)\(audience.chinese)必学《\(course.title)》，\(due) 前完成"))
        }
    }

    struct MemberItem: Content {
        let assignmentID: Int
        let courseID: Int
        let title: String
        let due: CalendarDate
        let overdue: Bool
        let completed: Bool
        let percent: Int
        let assignedBy: String
    }

    static func facts(_ members: [MemberModel], on database: any Database) async throws -> [Int: StudyAudience.Facts] {
        facts(members, leaders: try await ClassHoursWork.leaders(members.compactMap(\.id), on: database))
    }

    /// The same, with who holds an office already known.
    static func facts(_ members: [MemberModel], leaders: Set<Int>) -> [Int: StudyAudience.Facts] {
        Dictionary(members.compactMap { member in
            member.id.map { ($0, StudyAudience.Facts(membership: member.membership, status: member.status, category: member.category,
                                                      birthDate: member.birthDate, isLeader: leaders.contains($0))) }
        }, uniquingKeysWith: { first, _ in first })
    }

    /// The 必学 reaching a member, open ones first.
    static func items(for member: MemberModel, on request: Request) async throws -> [MemberItem] {
        let today = request.today
        let assignments = try await StudyAssignmentModel.query(on: request.db).filter(\.$path ~~ LibraryWork.selfAndAncestors(member.orgPath))
            .filter(\.$due >= today.adding(days: -365)).sort(\.$due).limit(200).all()
        guard !assignments.isEmpty, let memberID = member.id, let own = try await facts([member], on: request.db)[memberID] else { return [] }
        let rules = request.services.rules
        let reaching = assignments.filter { $0.studyAudience.includes(own, today: today, rules: rules) }
        let courses = try await CourseModel.query(on: request.db).filter(\.$id ~~ Set(reaching.map(\.courseID))).all()
        let summaries = Dictionary(try await LibraryViews.summaries(courses, member: member, rules: rules, on: request.db).map { ($0.id, $0) },
                                   uniquingKeysWith: { first, _ in first })
        let names = try await PublicView.organizationNames(Set(reaching.map(\.organizationID)), on: request.db)
        let items = reaching.compactMap { assignment -> MemberItem? in
            guard let id = assignment.id, let course = summaries[assignment.courseID] else { return nil }
            let completed = course.lessons > 0 && course.completed >= course.lessons
            return MemberItem(assignmentID: id, courseID: course.id, title: course.title, due: assignment.due, overdue: !completed && assignment.due < today,
                              completed: completed, percent: course.percent, assignedBy: names[assignment.organizationID] ?? "")
        }
        return items.sorted { ($0.completed ? 1 : 0, $0.due) < ($1.completed ? 1 : 0, $1.due) }
    }

    // MARK: - The keeper's view of one assignment

    struct Row: Content {
        let memberID: Int
        let name: String
        let organizationName: String
        let completed: Int
        let lessons: Int
        let done: Bool
    }

    struct Report: Content {
        let id: Int
        let courseID: Int
        let courseTitle: String
        let organizationName: String
        let audienceLabel: String
        let assignedOn: CalendarDate
        let due: CalendarDate
        let overdue: Bool
        let members: Int
        let done: Int
        /// Per organization the members are filed in: how many it reaches and how many are done, most behind first.
        let byOrganization: [Branch]
        /// Those not done first (none in a list of assignments).
        var rows: [Row]
    }

    struct Branch: Content {
        let organizationName: String
        let members: Int
        let done: Int
    }

    private struct Completed: Decodable {
        let member_id: Int
        let n: Int
    }

    /// Completed lessons of `lessonIDs` per member among `memberIDs`.
    static func completedCounts(_ memberIDs: [Int], lessons lessonIDs: [Int], on database: any Database) async throws -> [Int: Int] {
        guard !lessonIDs.isEmpty else { return [:] }
        var result: [Int: Int] = [:]
        for chunk in memberIDs.chunked(into: 1000) {
            let rows = try await database.sql.select().column("member_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(LessonProgressModel.schema).where("member_id", .in, SQLBind.group(Array(chunk)))
                .where("lesson_id", .in, SQLBind.group(lessonIDs)).where("completed_on", .isNot, SQLLiteral.null)
                .groupBy("member_id").all(decoding: Completed.self)
            for row in rows { result[row.member_id] = row.n }
        }
        return result
    }

    /// The members an assignment reaches under `scope` (at most 20,000), with how far each has come.
    static func standing(_ assignment: StudyAssignmentModel, under scope: OrgPath, on request: Request) async throws -> (lessons: Int, rows: [Row]) {
        let members = try await MemberModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
            .filter(\.$status ~~ MemberStatus.inRegister).sort(\.$path).sort(\.$name).limit(20_000).all()
        let facts = try await facts(members, on: request.db)
        let today = request.today
        let rules = request.services.rules
        let reached = members.filter { member in member.id.flatMap { facts[$0] }.map { assignment.studyAudience.includes($0, today: today, rules: rules) } ?? false }
        let lessonIDs = try await LessonModel.query(on: request.db).filter(\.$courseID == assignment.courseID).all().compactMap(\.id)
        let counts = try await completedCounts(reached.compactMap(\.id), lessons: lessonIDs, on: request.db)
        let names = try await PublicView.organizationNames(Set(reached.map(\.organizationID)), on: request.db)
        let rows = reached.compactMap { member -> Row? in
            guard let id = member.id else { return nil }
            let done = counts[id] ?? 0
            return Row(memberID: id, name: member.name, organizationName: names[member.organizationID] ?? "", completed: done, lessons: lessonIDs.count,
                       done: !lessonIDs.isEmpty && done >= lessonIDs.count)
        }
        return (lessonIDs.count, rows.sorted { !$0.done && $1.done })
    }

    /// An assignment as its keepers see it: filed in their `learningWrite` scope, or above it (then only their part).
    static func report(_ id: Int?, on request: Request) async throws -> Report {
        guard let id, let assignment = try await StudyAssignmentModel.find(id, on: request.db),
              let course = try await CourseModel.find(assignment.courseID, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该必学安排")
        }
        let filed = OrgPath(stored: assignment.path)
        let scopes = try request.policy.scopes(for: .learningWrite)
        let parts = scopes.compactMap { scope -> OrgPath? in
            if scope.contains(filed) { return filed }
            return filed.contains(scope) ? scope : nil
        }
        guard !parts.isEmpty else {
            await request.auditDenied("learning.assignment.read", target: "assignment", id: id, detail: "超出管理范围（\(Permission.learningWrite.chinese)）")
            throw Abort(.notFound, reason: "没有找到该必学安排")
        }
        var rows: [Row] = []
        for part in OrgPath.minimalCover(parts) { rows += try await standing(assignment, under: part, on: request).rows }
        let names = try await PublicView.organizationNames([assignment.organizationID], on: request.db)
        let done = rows.filter(\.done).count
        let branches = Dictionary(grouping: rows, by: \.organizationName).map { name, members in
            Branch(organizationName: name, members: members.count, done: members.filter(\.done).count)
        }.sorted { ($0.members - $0.done, $0.organizationName) > ($1.members - $1.done, $1.organizationName) }
        return Report(id: id, courseID: assignment.courseID, courseTitle: course.title, organizationName: names[assignment.organizationID] ?? "",
                      audienceLabel: assignment.studyAudience.chinese, assignedOn: assignment.assignedOn, due: assignment.due,
                      overdue: assignment.due < request.today, members: rows.count, done: done, byOrganization: branches, rows: rows)
    }

    /// The completion of an assignment as an .xlsx: what it is, each organization's count, then every member it reaches
    /// (those not done first) — what a secretary prints for the branch meeting.
    static func export(_ report: Report, on request: Request) async throws -> Response {
        let url = try Downloads.temporaryFile("xlsx", request.services)
        let sink = try XLSXWriter(url: url, sheetName: "必学完成情况", widths: [12, 28, 12, 10])
        try sink.write(["必学《\(report.courseTitle)》· \(report.organizationName) · \(report.audienceLabel) · \(report.due) 前完成："
                        + "\(report.done)/\(report.members) 人已完成" + (report.overdue ? "（已到期）" : "")])
        try sink.write(["党组织", "应完成", "已完成", "未完成"])
        for branch in report.byOrganization {
            try sink.write([branch.organizationName, String(branch.members), String(branch.done), String(branch.members - branch.done)])
        }
        try sink.write([])
        try sink.write(["党员", "党组织", "已完成课时", "状态"])
        for row in report.rows {
            try sink.write([row.name, row.organizationName, "\(row.completed)/\(row.lessons)", row.done ? "已完成" : "未完成"])
        }
        try sink.finish()
        return try await Downloads.respond(url, name: "必学完成情况：\(report.courseTitle).xlsx", fallback: "required-\(report.id).xlsx",
                                           type: Downloads.xlsx, on: request)
    }

    /// Assignments filed in or above the caller's `learningWrite` scopes, newest due first.
    static func list(on request: Request) async throws -> [StudyAssignmentModel] {
        var result: [StudyAssignmentModel] = []
        for scope in try request.policy.scopes(for: .learningWrite) {
            result += try await StudyAssignmentModel.query(on: request.db)
                .group(.or) { group in
                    group.group(.and) { $0.filter(\.$path >= scope.value).filter(\.$path < scope.upperBound) }
                    group.filter(\.$path ~~ LibraryWork.selfAndAncestors(scope))
                }
                .sort(\.$due, .descending).limit(200).all()
        }
        var seen: Set<Int> = []
        return result.filter { $0.id.map { seen.insert($0).inserted } ?? false }
    }

    // MARK: - To-dos

    private struct Count: Decodable { let n: Int }

    /// How many members an assignment reaches under `scope` have not completed it. For everyone (the usual case) two
    /// counts in the database, whatever the size of the subtree; for a narrower audience, member by member.
    static func behind(_ assignment: StudyAssignmentModel, under scope: OrgPath, on request: Request) async throws -> Int {
        guard assignment.studyAudience == .all else {
            return try await standing(assignment, under: scope, on: request).rows.filter { !$0.done }.count
        }
        let lessons = try await LessonModel.query(on: request.db).filter(\.$courseID == assignment.courseID).all().compactMap(\.id)
        let statuses = MemberStatus.inRegister.map(\.rawValue)
        let members = try await request.db.sql.raw("""
            SELECT COUNT(*) AS n FROM \(ident: MemberModel.schema) WHERE path >= \(bind: scope.value) AND path < \(bind: scope.upperBound)
              AND status IN (\(binds: statuses))
            """).first(decoding: Count.self)?.n ?? 0
        guard !lessons.isEmpty else { return members }
        let done = try await request.db.sql.raw("""
            SELECT COUNT(*) AS n FROM (SELECT p.member_id FROM \(ident: LessonProgressModel.schema) p
              JOIN \(ident: MemberModel.schema) m ON m.id = p.member_id
              WHERE m.path >= \(bind: scope.value) AND m.path < \(bind: scope.upperBound) AND m.status IN (\(binds: statuses))
                AND p.lesson_id IN (\(binds: lessons)) AND p.completed_on IS NOT NULL
              GROUP BY p.member_id HAVING COUNT(*) >= \(bind: lessons.count)) t
            """).first(decoding: Count.self)?.n ?? 0
        return max(0, members - done)
    }

    /// The member's own reminders, and for keepers one reminder per overdue assignment with the count still behind.
    static func todos(on request: Request) async throws -> [ToDo] {
        let today = request.today
        let engine = RequiredStudyToDos(rules: request.services.rules)
        var all: [ToDo] = []
        if let member = try await DuesPages.ownMember(request), let memberID = member.id {
            for item in try await items(for: member, on: request) {
                all += engine.todos(for: .init(assignmentID: item.assignmentID, course: item.title, due: item.due, memberID: memberID,
                                               memberName: member.name, completed: item.completed, own: true), today: today)
            }
        }
        for scope in try request.policy.scopes(for: .learningWrite) {
            let overdue = try await StudyAssignmentModel.query(on: request.db).filter(\.$due < today).filter(\.$due >= today.adding(days: -90))
                .group(.or) { group in
                    group.group(.and) { $0.filter(\.$path >= scope.value).filter(\.$path < scope.upperBound) }
                    group.filter(\.$path ~~ LibraryWork.selfAndAncestors(scope))
                }.limit(20).all()
            guard !overdue.isEmpty, let organizationID = scope.lastID else { continue }
            let name = try await PublicView.organizationNames([organizationID], on: request.db)[organizationID] ?? ""
            let titles = Dictionary(try await CourseModel.query(on: request.db).filter(\.$id ~~ Set(overdue.map(\.courseID))).all()
                .compactMap { course in course.id.map { ($0, course.title) } }, uniquingKeysWith: { first, _ in first })
            for assignment in overdue {
                guard let id = assignment.id else { continue }
                let part = scope.contains(OrgPath(stored: assignment.path)) ? OrgPath(stored: assignment.path) : scope
                let behind = try await behind(assignment, under: part, on: request)
                all += engine.branch(assignmentID: id, course: titles[assignment.courseID] ?? "", due: assignment.due, organizationID: organizationID,
                                     organizationName: name, behind: behind, today: today)
            }
        }
        return all
    }
}
