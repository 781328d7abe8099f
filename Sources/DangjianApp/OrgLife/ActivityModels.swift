import DangjianCore
import Fluent
import Foundation

/// 组织生活 — one planned or held activity (三会一课, 主题党日, 组织生活会, 民主评议, 谈心谈话) of an organization.
final class ActivityModel: Model, @unchecked Sendable {
    static let schema = "activities"

    enum State: String, Codable, Sendable, CaseIterable {
        case planned
        /// Sign-in is open: the meeting is under way and shows on the live board.
        case open
        case held
        case cancelled

        var chinese: String {
            switch self {
            case .planned: "计划中"
            case .open: "进行中"
            case .held: "已开展"
            case .cancelled: "已取消"
            }
        }
    }

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "kind") var kind: ActivityKind
    @Field(key: "topic") var topic: String
    @Field(key: "on_date") var onDate: CalendarDate
    @OptionalField(key: "start_time") var startTime: String?
    @Field(key: "place") var place: String
    @OptionalField(key: "host_member_id") var hostMemberID: Int?
    @OptionalField(key: "host_name") var hostName: String?
    @OptionalField(key: "recorder_member_id") var recorderMemberID: Int?
    @OptionalField(key: "recorder_name") var recorderName: String?
    @OptionalField(key: "agenda") var agenda: String?
    @Field(key: "state") var state: State
    /// Base64 of 32 random bytes: the key of the sign-in codes.
    @Field(key: "sign_in_secret") var signInSecret: String
    @OptionalField(key: "minutes") var minutes: String?
    /// JSON arrays of text.
    @Field(key: "decisions") var decisions: String
    @Field(key: "speakers") var speakers: String
    @Field(key: "video_links") var videoLinks: String
    @OptionalField(key: "results") var results: String?
    @OptionalField(key: "cancel_reason") var cancelReason: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update, format: .iso8601) var updatedAt: Date?

    init() {}

    static func list(_ json: String) -> [String] { (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? [] }
    static func json(_ list: [String]) -> String { String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self) }
}

/// Who was expected at an activity and how they took part.
final class AttendanceModel: Model, @unchecked Sendable {
    static let schema = "activity_attendance"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "activity_id") var activityID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "name") var name: String
    @Field(key: "status") var status: AttendanceStatus
    @OptionalField(key: "reason") var reason: String?
    /// `code` (signed in with the meeting's code) or `hand` (marked by the secretary).
    @OptionalField(key: "method") var method: String?
    @OptionalField(key: "signed_at") var signedAt: String?
    /// 民主评议: 个人自评, the 民主测评 ballot, and the grade the meeting sets.
    @OptionalField(key: "self_grade") var selfGrade: ReviewGrade?
    @OptionalField(key: "votes_excellent") var votesExcellent: Int?
    @OptionalField(key: "votes_qualified") var votesQualified: Int?
    @OptionalField(key: "votes_basic") var votesBasic: Int?
    @OptionalField(key: "votes_unqualified") var votesUnqualified: Int?
    @OptionalField(key: "grade") var grade: ReviewGrade?
    /// 党员互评: the opinions of the other members, summed up.
    @OptionalField(key: "peer_note") var peerNote: String?

    init() {}

    init(activityID: Int, memberID: Int, name: String) {
        self.activityID = activityID
        self.memberID = memberID
        self.name = name
        self.status = .expected
    }
}

/// 整改事项 — a problem found at an activity, with its owner and due date, tracked until closed.
final class FollowUpModel: Model, @unchecked Sendable {
    static let schema = "activity_follow_ups"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "activity_id") var activityID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "problem") var problem: String
    @OptionalField(key: "owner_member_id") var ownerMemberID: Int?
    @Field(key: "owner_name") var ownerName: String
    @Field(key: "due_on") var dueOn: CalendarDate
    @OptionalField(key: "closed_on") var closedOn: CalendarDate?
    @OptionalField(key: "outcome") var outcome: String?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}

/// 事中指导 — a note from the higher committee to a meeting in progress.
final class GuidanceModel: Model, @unchecked Sendable {
    static let schema = "activity_guidance"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "activity_id") var activityID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @OptionalField(key: "account_id") var accountID: Int?
    @Field(key: "author_name") var authorName: String
    @Field(key: "text") var text: String
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}

/// 变更记录 — one change to a planned activity: its date, time, place, topic, host, recorder or agenda.
final class ActivityChangeModel: Model, @unchecked Sendable {
    static let schema = "activity_changes"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "activity_id") var activityID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @OptionalField(key: "account_id") var accountID: Int?
    @Field(key: "author_name") var authorName: String
    /// `日期由 2026-12-01 改为 2026-12-03；地点由 村部 改为 党群服务中心`
    @Field(key: "detail") var detail: String
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}
