import DangjianCore
import Fluent
import Vapor

/// One member's record as pages and the API show it: numbers masked, completeness with what is missing, and the
/// history of status changes.
struct MemberDetail: Content {
    struct StatusEvent: Content {
        let status: String
        let membership: String
        let onDate: CalendarDate
        let leaveReason: String?
        let note: String?
    }

    let id: Int
    let name: String
    let gender: Gender
    let genderLabel: String
    let ethnicity: String?
    /// `1985-03-14` with the reveal permission, `1985-03` without (`Masking.birthMonth`).
    let birthDate: String
    let age: Int
    let idNumber: String?
    let phone: String?
    let education: Education?
    let educationLabel: String?
    let category: MemberCategory?
    let categoryLabel: String?
    let membership: Membership
    let membershipLabel: String
    let joinedOn: CalendarDate
    let fullOn: CalendarDate?
    let job: String?
    let address: String?
    let status: MemberStatus
    let statusLabel: String
    let statusSince: CalendarDate?
    let leaveReason: String?
    let statusNote: String?
    /// 流入地党组织 of a 流动党员.
    let mobileHost: String?
    let organizationID: Int
    let organizationName: String
    let completeness: Completeness
    /// 留党察看, current or past.
    let discipline: MemberDiscipline.View?
    let history: [StatusEvent]
    /// Organizational life attended or missed, from the activities' own records (never entered twice).
    let activities: [AttendedActivity]

    struct AttendedActivity: Content {
        let activityID: Int
        let date: CalendarDate
        let kindLabel: String
        let topic: String
        let status: AttendanceStatus
        let statusLabel: String
        let reason: String?
        /// 民主评议 grade, when the activity was a review.
        let gradeLabel: String?
    }

    static func hostName(_ id: Int?, on database: any Database) async throws -> String? {
        guard let id else { return nil }
        return try await OrganizationModel.find(id, on: database)?.name
    }

    static func attended(_ memberID: Int, on database: any Database) async throws -> [AttendedActivity] {
        let rows = try await AttendanceModel.query(on: database).filter(\.$memberID == memberID).sort(\.$id, .descending).limit(100).all()
        guard !rows.isEmpty else { return [] }
        let activities = try await ActivityModel.query(on: database).filter(\.$id ~~ rows.map(\.activityID))
            .filter(\.$state ~~ [ActivityModel.State.held, .open]).all()
        return activities.sorted { ($0.onDate, $0.id!) > ($1.onDate, $1.id!) }.prefix(30).compactMap { activity in
            guard let row = rows.first(where: { $0.activityID == activity.id }) else { return nil }
            return AttendedActivity(activityID: activity.id!, date: activity.onDate, kindLabel: activity.kind.chinese, topic: activity.topic,
                                    status: row.status, statusLabel: row.status.chinese, reason: row.reason, gradeLabel: row.grade?.chinese)
        }
    }

    static func load(_ member: MemberModel, on request: Request) async throws -> MemberDetail {
        let policy = try request.policy
        let own = member.id != nil && member.id == policy.actor.memberID
        return try await load(member, today: request.today, reveals: own || policy.reveals(at: member.orgPath), on: request.db)
    }

    static func load(_ member: MemberModel, today: CalendarDate, reveals: Bool, on database: any Database) async throws -> MemberDetail {
        let organization = try await OrganizationModel.find(member.organizationID, on: database)
        let events = try await MemberStatusEventModel.query(on: database).filter(\.$memberID == member.id!)
            .sort(\.$onDate, .descending).sort(\.$id, .descending).all()
        return MemberDetail(
            id: member.id!, name: member.name, gender: member.gender, genderLabel: member.gender.chinese,
            ethnicity: member.ethnicity, birthDate: reveals ? member.birthDate.description : Masking.birthMonth(member.birthDate),
            age: member.birthDate.wholeYears(until: today),
            idNumber: member.idMask, phone: member.phoneMask, education: member.education,
            educationLabel: member.education?.chinese, category: member.category, categoryLabel: member.category?.chinese,
            membership: member.membership, membershipLabel: member.membership.chinese, joinedOn: member.joinedOn,
            fullOn: member.fullOn, job: member.job, address: member.address, status: member.status,
            statusLabel: member.status.chinese, statusSince: member.statusSince, leaveReason: member.leaveReason?.chinese,
            statusNote: member.statusNote,
            mobileHost: member.status == .mobile ? try await hostName(member.mobileHostID, on: database) : nil,
            organizationID: member.organizationID, organizationName: organization?.name ?? "",
            completeness: Completeness(member.completenessFacts), discipline: MemberDiscipline.view(member, today: today),
            history: events.map { StatusEvent(status: $0.status.chinese, membership: $0.membership.chinese, onDate: $0.onDate,
                                              leaveReason: $0.leaveReason?.chinese, note: $0.note) },
            activities: try await attended(member.id!, on: database))
    }
}
