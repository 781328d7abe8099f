import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 集中学习: a course studied together at a meeting (played on the activity room's TV). Everyone the meeting records as
/// present is credited the course's 学时 once — from the sign-in they already did, nothing typed again.
final class MeetingCourseModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "meeting_courses"
    static let parentTable = ActivityModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "activity_id") var activityID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "course_id") var courseID: Int
    @Field(key: "created_at") var createdAt: Double

    var parentID: Int { activityID }

    init() {}
}

struct M0038GroupStudy: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeetingCourseModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("activity_id", .int, .required, .references(ActivityModel.schema, "id", onDelete: .cascade))
            .field("county_id", .int)
            .field("course_id", .int, .required, .references(CourseModel.schema, "id"))
            .field("created_at", .double, .required)
            .unique(on: "activity_id", "course_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeetingCourseModel.schema).delete()
    }
}

enum GroupStudy {
    struct Input: Content {
        var activityID: Int?
        var courseID: Int?
    }

    struct Recorded: Content {
        let activityID: Int
        let courseID: Int
        let courseTitle: String
        let hours: String
    }

    /// Records that the meeting studies the course together (once; again is no change). The meeting must be one the
    /// caller runs, not yet cancelled; the course one they may read.
    static func record(_ input: Input, on request: Request) async throws -> Recorded {
        let meeting = try await ActivityWork.find(input.activityID, for: .activityWrite, on: request)
        let course = try await LibraryWork.readable(input.courseID, on: request)
        guard meeting.state != .cancelled else { throw FormProblems(field: "activityID", "会议已取消") }
        guard course.state == .published else { throw FormProblems(field: "courseID", "课程尚未发布") }
        let meetingID = try meeting.requireID(), courseID = try course.requireID()
        let tenths = try await courseTenths([courseID], rules: request.services.rules, on: request.db)[courseID] ?? 0
        let recorded = Recorded(activityID: meetingID, courseID: courseID, courseTitle: course.title, hours: ClassHours.text(tenths))
        if try await MeetingCourseModel.query(on: request.db).filter(\.$activityID == meetingID).filter(\.$courseID == courseID).first() != nil {
            return recorded
        }
        let row = MeetingCourseModel()
        row.activityID = meetingID
        row.courseID = courseID
        row.createdAt = request.now.timeIntervalSince1970
        return try await request.write { database in
            try await row.create(on: database)
            return (recorded, AuditEvent("learning.group-study", target: "activity", id: meetingID, organization: meeting.organizationID,
                                         detail: "\(meeting.topic)集中学习《\(course.title)》（\(recorded.hours) 学时，到会签到的党员计入）"))
        }
    }

    /// Each course's 学时 in tenths: the sum of its lessons'.
    static func courseTenths(_ courses: [Int], rules: RuleBook, on database: any Database) async throws -> [Int: Int] {
        guard !courses.isEmpty else { return [:] }
        var result: [Int: Int] = [:]
        for lesson in try await LessonModel.query(on: database).filter(\.$courseID ~~ courses).all() {
            result[lesson.courseID, default: 0] += LessonCredit.tenths(kind: lesson.kind, durationSeconds: lesson.durationSeconds,
                                                                      readingMinutes: lesson.readingMinutes, rules: rules)
        }
        return result
    }

    private struct Present: Decodable {
        let member_id: Int
        let course_id: Int
        let on_date: String
    }

    /// Per member: the courses studied together at held meetings of `year` they attended, with the day.
    static func attended(_ members: [Int], year: Int, on database: any Database) async throws -> [Int: [(course: Int, on: CalendarDate)]] {
        var result: [Int: [(course: Int, on: CalendarDate)]] = [:]
        for chunk in members.chunked(into: 1000) {
            let rows = try await database.sql.select()
                .column(SQLColumn("member_id", table: "t")).column(SQLColumn("course_id", table: "c")).column(SQLColumn("on_date", table: "a"))
                .from(SQLAlias(SQLIdentifier(MeetingCourseModel.schema), as: SQLIdentifier("c")))
                .join(SQLAlias(SQLIdentifier(ActivityModel.schema), as: SQLIdentifier("a")), on: SQLColumn("activity_id", table: "c"), .equal, SQLColumn("id", table: "a"))
                .join(SQLAlias(SQLIdentifier(AttendanceModel.schema), as: SQLIdentifier("t")), on: SQLColumn("activity_id", table: "t"), .equal, SQLColumn("id", table: "a"))
                .where(SQLColumn("member_id", table: "t"), .in, SQLBind.group(Array(chunk)))
                .where(SQLColumn("status", table: "t"), .equal, SQLBind(AttendanceStatus.present.rawValue))
                .where(SQLColumn("state", table: "a"), .equal, SQLBind(ActivityModel.State.held.rawValue))
                .where(SQLColumn("on_date", table: "a"), .greaterThanOrEqual, SQLBind(CalendarDate.firstDay(ofYear: year).description))
                .where(SQLColumn("on_date", table: "a"), .lessThanOrEqual, SQLBind(CalendarDate.lastDay(ofYear: year).description))
                .all(decoding: Present.self)
            for row in rows {
                guard let on = CalendarDate(parsing: row.on_date) else { continue }
                result[row.member_id, default: []].append((row.course_id, on))
            }
        }
        return result
    }
}
