import DangjianCore
import Fluent
import Foundation
import Vapor

/// What a plan says about when, where and who: checked the same way when it is made and when it is changed.
struct ActivitySchedule {
    let topic: String
    let place: String
    let agenda: String?
    let date: CalendarDate
    let startTime: String?
    let host: MemberModel?
    let recorder: MemberModel?
}

/// Changing a planned meeting (rescheduling, another place or host) with every change recorded on the meeting.
extension ActivityWork {
    /// The schedule fields of `input`, or nil with `errors` filled in. `everyone` is who may host or record.
    static func schedule(_ input: ActivityInput, everyone: [MemberModel], today: CalendarDate, errors: inout [FieldError]) -> ActivitySchedule? {
        let topic = text(input.topic, field: "topic", label: "活动主题", range: 2...100, errors: &errors)
        let place = text(input.place, field: "place", label: "地点", range: 2...60, errors: &errors)
        let agenda = text(input.agenda, field: "agenda", label: "议程", range: 2...2000, required: false, errors: &errors)
        var date: CalendarDate?
        if let parsed = input.date.flatMap({ CalendarDate(parsing: $0.trimmingCharacters(in: .whitespaces)) }) {
            if parsed > today.adding(years: 1) { errors.append(FieldError(field: "date", message: "活动日期不能晚于一年以后")) }
            if parsed < today.adding(years: -1) { errors.append(FieldError(field: "date", message: "只能补记一年以内的活动")) }
            date = parsed
        } else {
            errors.append(FieldError(field: "date", message: "请填写活动日期（年-月-日）"))
        }
        let time = input.startTime?.trimmingCharacters(in: .whitespaces) ?? ""
        if !time.isEmpty, !isClockTime(time) { errors.append(FieldError(field: "startTime", message: "开始时间格式应为 14:30")) }
        func person(_ id: LenientID?, field: String, label: String) -> MemberModel? {
            guard let id = id?.value else { return nil }
            guard let member = everyone.first(where: { $0.id == id }) else {
                errors.append(FieldError(field: field, message: "\(label)应为本组织在册党员"))
                return nil
            }
            return member
        }
        let host = person(input.hostMemberID, field: "hostMemberID", label: "主持人")
        let recorder = person(input.recorderMemberID, field: "recorderMemberID", label: "记录人")
        guard let topic, let place, let date else { return nil }
        return ActivitySchedule(topic: topic, place: place, agenda: agenda, date: date, startTime: time.isEmpty ? nil : time,
                                host: host, recorder: recorder)
    }

    /// Changes a planned meeting's topic, date, time, place, host, recorder or agenda. The organization, the kind and
    /// the people expected stay: a different meeting is cancelled and planned anew. Each change is kept on the meeting.
    @discardableResult
    static func edit(_ input: ActivityInput, model: ActivityModel, on request: Request) async throws -> [String] {
        guard model.state == .planned else {
            throw FormProblems(field: "state", "活动\(model.state.chinese)，不能再修改计划；如需改期请先取消再重新安排")
        }
        guard let organization = try await OrganizationModel.find(model.organizationID, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到开展活动的党组织")
        }
        var errors: [FieldError] = []
        let everyone = try await membersUnder(organization, on: request.db)
        // A date may stay where it was even if it is now more than a year old; a new date must be within the limits.
        let today = request.today
        guard let schedule = schedule(input, everyone: everyone, today: today, errors: &errors), errors.isEmpty else { throw FormProblems(errors) }
        if schedule.date != model.onDate, schedule.date < today {
            throw FormProblems(field: "date", "改期后的日期不能早于今天（\(today)）；已开过的会议请直接登记记录")
        }
        var changes: [String] = []
        func change(_ label: String, _ old: String?, _ new: String?) {
            guard (old ?? "") != (new ?? "") else { return }
            changes.append("\(label)由“\(old ?? "未填写")”改为“\(new ?? "未填写")”")
        }
        change("活动主题", model.topic, schedule.topic)
        change("日期", model.onDate.description, schedule.date.description)
        change("开始时间", model.startTime, schedule.startTime)
        change("地点", model.place, schedule.place)
        change("主持人", model.hostName, schedule.host?.name)
        change("记录人", model.recorderName, schedule.recorder?.name)
        if (model.agenda ?? "") != (schedule.agenda ?? "") { changes.append("修改了议程") }
        guard !changes.isEmpty else { return [] }
        model.topic = schedule.topic
        model.onDate = schedule.date
        model.startTime = schedule.startTime
        model.place = schedule.place
        model.hostMemberID = schedule.host?.id
        model.hostName = schedule.host?.name
        model.recorderMemberID = schedule.recorder?.id
        model.recorderName = schedule.recorder?.name
        model.agenda = schedule.agenda
        let actor = try request.requireActor()
        let record = ActivityChangeModel()
        record.activityID = model.id!
        record.accountID = actor.accountID
        record.authorName = actor.displayName
        record.detail = changes.joined(separator: "；")
        try await request.write { database in
            try await model.update(on: database)
            try await record.create(on: database)
            return ((), AuditEvent("activity.edit", target: "activity", id: model.id, organization: model.organizationID,
                                   detail: "\(model.kind.chinese)“\(model.topic)”：\(record.detail)"))
        }
        return changes
    }

    /// The changes made to a meeting's plan, oldest first.
    static func changes(of model: ActivityModel, on database: any Database) async throws -> [ActivityDetail.Change] {
        try await ActivityChangeModel.query(on: database).filter(\.$activityID == model.id!).sort(\.$id).all().map {
            ActivityDetail.Change(authorName: $0.authorName, detail: $0.detail,
                                  at: $0.createdAt.map { SignInOpening.Moment($0, calendar: CalendarDate($0)).text() } ?? "")
        }
    }
}
