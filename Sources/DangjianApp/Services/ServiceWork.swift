import DangjianCore
import Fluent
import Foundation
import Vapor

/// 一站式服务: a village's or community's catalogue of services with their hours, appointments in those hours —
/// 错时 ones in the evening and at weekends too — booked by residents and members, closed by the handler with what
/// was done or as a no-show, and the statistics a county reads: how many, how many came, how long they waited.
enum ServiceWork {
    struct ServiceInput: Content {
        var organizationID: LenientID?
        var name: String?
        var place: String?
        var documents: String?
        /// One opening a line: `周一至周五 9:00-17:00`.
        var hours: String?
        var slotMinutes: LenientID?
        var perSlot: LenientID?
        var handler: String?
    }

    struct BookingInput: Content {
        /// `2026-12-03 18:30` (China time), one of the service's slots.
        var startsAt: String?
        var note: String?
    }

    struct CloseInput: Content {
        /// `served` or `no-show`.
        var state: String?
        var outcome: String?
    }

    struct Service: Content {
        let id: Int
        let organizationID: Int
        let organizationName: String
        let name: String
        let place: String
        let documents: String
        let hours: String
        let slotMinutes: Int
        let perSlot: Int
        let handler: String
        let active: Bool
    }

    struct Slot: Content {
        let startsAt: String
        let clock: String
        let afterHours: Bool
        let left: Int
    }

    struct Day: Content {
        let date: String
        let weekday: String
        let slots: [Slot]
    }

    struct Appointment: Content {
        let id: Int
        let serviceID: Int
        let service: String
        let organizationName: String
        let place: String
        let name: String
        let startsAt: String
        let afterHours: Bool
        let note: String
        let state: AppointmentState
        let stateLabel: String
        let outcome: String?
        let waitMinutes: Int?
        let canCancel: Bool
        let canClose: Bool
    }

    struct Statistics: Content {
        struct Row: Content {
            let service: String
            let booked: Int
            let served: Int
            let noShow: Int
            let cancelled: Int
            let afterHours: Int
            /// Of those who were due, the share who did not come, in percent.
            let noShowPercent: Int?
            let averageWaitMinutes: Int?
        }
        let organizationID: Int
        let organizationName: String
        let from: String
        let to: String
        let rows: [Row]
    }

    static let weekdayNames = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    /// How far ahead a slot may be booked.
    static let bookingDays = 14

    static func service(_ model: ServiceItemModel, organizationName: String) -> Service? {
        model.id.map { Service(id: $0, organizationID: model.organizationID, organizationName: organizationName, name: model.name, place: model.place,
                               documents: model.documents, hours: model.hours, slotMinutes: model.slotMinutes, perSlot: model.perSlot,
                               handler: model.handler, active: model.active) }
    }

    static func catalogue(of organizationID: Int, activeOnly: Bool, on database: any Database) async throws -> [Service] {
        var query = ServiceItemModel.query(on: database).filter(\.$organizationID == organizationID)
        if activeOnly { query = query.filter(\.$active == true) }
        let name = try await PublicView.organizationNames([organizationID], on: database)[organizationID] ?? ""
        return try await query.sort(\.$name).limit(200).all().compactMap { service($0, organizationName: name) }
    }

    // MARK: - The catalogue

    static func add(_ input: ServiceInput, on request: Request) async throws -> ServiceItemModel {
        let organization = try await OrganizationStore.find(input.organizationID?.value, for: .serviceWrite, on: request)
        var problems: [FieldError] = []
        let name = input.name?.trimmed ?? ""
        if !(2...30).contains(name.count) { problems.append(FieldError(field: "name", message: "请填写服务事项（2–30 字），如“社保卡办理”")) }
        let place = input.place?.trimmed ?? ""
        if !(2...60).contains(place.count) { problems.append(FieldError(field: "place", message: "请填写办理地点（2–60 字）")) }
        let documents = input.documents?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if documents.count > 500 { problems.append(FieldError(field: "documents", message: "所需材料不超过 500 字")) }
        let handler = input.handler?.trimmed ?? ""
        if !(2...30).contains(handler.count) { problems.append(FieldError(field: "handler", message: "请填写经办岗位（2–30 字），如“便民服务代办员”；不要填电话")) }
        if handler.contains(where: \.isASCIIDigit) { problems.append(FieldError(field: "handler", message: "经办岗位不要填电话或号码，群众通过平台预约")) }
        let slotMinutes = input.slotMinutes?.value ?? 30
        if !(10...240).contains(slotMinutes) { problems.append(FieldError(field: "slotMinutes", message: "每个时段 10–240 分钟")) }
        let perSlot = input.perSlot?.value ?? 1
        if !(1...50).contains(perSlot) { problems.append(FieldError(field: "perSlot", message: "每个时段可约 1–50 人")) }
        var written = ""
        do { written = try ServiceSchedule(parsing: input.hours ?? "", slotMinutes: slotMinutes).text } catch {
            problems.append(FieldError(field: "hours", message: error.message))
        }
        let hours = written
        guard problems.isEmpty else { throw FormProblems(problems) }
        let model = ServiceItemModel()
        model.organizationID = try organization.requireID()
        model.path = organization.path
        model.name = name
        model.place = place
        model.documents = documents
        model.hours = hours
        model.slotMinutes = slotMinutes
        model.perSlot = perSlot
        model.handler = handler
        model.active = true
        model.createdAt = request.now.timeIntervalSince1970
        return try await request.write { database in
            try await model.create(on: database)
            return (model, AuditEvent("service.item", target: "service", id: model.id, organization: model.organizationID,
                                      detail: "一站式服务新增“\(name)”（\(hours.replacingOccurrences(of: "\n", with: "；"))）"))
        }
    }

    static func kept(_ id: Int?, on request: Request) async throws -> ServiceItemModel {
        guard let id, let model = try await ServiceItemModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该服务事项") }
        guard try request.policy.allows(.serviceWrite, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("service.item", target: "service", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到该服务事项")
        }
        return model
    }

    static func setActive(_ model: ServiceItemModel, _ active: Bool, on request: Request) async throws {
        model.active = active
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("service.item", target: "service", id: model.id, organization: model.organizationID,
                                   detail: "一站式服务“\(model.name)”\(active ? "恢复预约" : "停止预约")"))
        }
    }

    /// A service anyone may read: an active one.
    static func published(_ id: Int?, on database: any Database) async throws -> ServiceItemModel {
        guard let id, let model = try await ServiceItemModel.find(id, on: database), model.active else { throw Abort(.notFound, reason: "没有找到该服务事项") }
        return model
    }

    // MARK: - Slots and booking

    /// Midnight, China time, of `date`, in seconds since 1970.
    static func midnight(_ date: CalendarDate) -> Double { Double(date.daysSinceEpoch * 86_400 - 8 * 3600) }

    /// The next `bookingDays` days' slots with the places left, those already begun left out.
    static func days(_ model: ServiceItemModel, on request: Request) async throws -> [Day] {
        guard let schedule = model.schedule, let id = model.id else { return [] }
        let today = request.today
        let now = request.now.timeIntervalSince1970
        let last = midnight(today.adding(days: bookingDays + 1))
        let taken = try await AppointmentModel.query(on: request.db).filter(\.$serviceID == id).filter(\.$state == .booked)
            .filter(\.$startsAt >= midnight(today)).filter(\.$startsAt < last).all()
        var counts: [Double: Int] = [:]
        for appointment in taken { counts[appointment.startsAt, default: 0] += 1 }
        return (0...bookingDays).compactMap { offset -> Day? in
            let date = today.adding(days: offset)
            let slots = schedule.slots(weekday: date.weekday).compactMap { slot -> Slot? in
                let start = midnight(date) + Double(slot.start * 60)
                guard start > now else { return nil }
                return Slot(startsAt: ChinaClock.text(start), clock: slot.clock, afterHours: slot.afterHours,
                            left: max(0, model.perSlot - (counts[start] ?? 0)))
            }
            return slots.isEmpty ? nil : Day(date: date.description, weekday: weekdayNames[date.weekday], slots: slots)
        }
    }

    static func book(_ model: ServiceItemModel, _ input: BookingInput, on request: Request) async throws -> AppointmentModel {
        let actor = try request.requireActor()
        let serviceID = try model.requireID()
        let now = request.now.timeIntervalSince1970
        guard let start = input.startsAt.flatMap(ChinaClock.seconds(parsing:)) else {
            throw FormProblems(field: "startsAt", "请选择预约时段")
        }
        let date = CalendarDate(Date(timeIntervalSince1970: start))
        let minute = Int(((start - midnight(date)) / 60).rounded())
        guard let slot = model.schedule?.slots(weekday: date.weekday).first(where: { $0.start == minute }) else {
            throw FormProblems(field: "startsAt", "这个时间不在“\(model.name)”的办理时间内，请从列出的时段中选择")
        }
        guard start > now else { throw FormProblems(field: "startsAt", "这个时段已经过去，请选择以后的时段") }
        guard start < midnight(request.today.adding(days: bookingDays + 1)) else { throw FormProblems(field: "startsAt", "只能预约 \(bookingDays) 天以内的时段") }
        let note = input.note?.trimmed ?? ""
        guard note.count <= 200 else { throw FormProblems(field: "note", "办理事由不超过 200 字") }
        let name = try await AccountModel.find(actor.accountID, on: request.db)?.displayName ?? actor.displayName
        let appointment = AppointmentModel()
        appointment.serviceID = serviceID
        appointment.organizationID = model.organizationID
        appointment.path = model.path
        appointment.accountID = actor.accountID
        appointment.name = name
        appointment.startsAt = start
        appointment.afterHours = slot.afterHours
        appointment.note = note
        appointment.state = .booked
        appointment.bookedAt = now
        return try await request.write { database in
            // The last place in a slot, booked from two phones at once: one waits for the other's count.
            try await database.lockRow(ServiceItemModel.schema, id: serviceID)
            let booked = try await AppointmentModel.query(on: database).filter(\.$serviceID == serviceID).filter(\.$state == .booked)
                .filter(\.$startsAt >= midnight(date)).filter(\.$startsAt < midnight(date.adding(days: 1))).all()
            guard !booked.contains(where: { $0.accountID == actor.accountID }) else {
                throw FormProblems(field: "startsAt", "您当天已经预约了“\(model.name)”；要换时段请先取消原预约")
            }
            guard booked.filter({ $0.startsAt == start }).count < model.perSlot else { throw FormProblems(field: "startsAt", "这个时段已经约满，请选择其他时段") }
            try await appointment.create(on: database)
            try await Messages.send(to: try await Messages.holders(of: .serviceWrite, at: model.organizationID, on: database), path: model.path,
                                    kind: "service.booked", title: "新的预约：\(model.name) \(ChinaClock.text(start))\(slot.afterHours ? "（错时）" : "")",
                                    link: "/services/manage?organization=\(model.organizationID)", at: now, on: database)
            return (appointment, AuditEvent("service.book", target: "appointment", id: appointment.id, organization: model.organizationID,
                                            detail: "\(name)预约“\(model.name)”\(ChinaClock.text(start))\(slot.afterHours ? "（错时服务）" : "")"))
        }
    }

    static func own(_ id: Int?, on request: Request) async throws -> AppointmentModel {
        let actor = try request.requireActor()
        guard let id, let model = try await AppointmentModel.find(id, on: request.db), model.accountID == actor.accountID else {
            throw Abort(.notFound, reason: "没有找到该预约")
        }
        return model
    }

    static func cancel(_ model: AppointmentModel, on request: Request) async throws {
        guard model.state == .booked else { throw FormProblems(field: "state", "预约\(model.state.chinese)，不能取消") }
        guard request.now.timeIntervalSince1970 < model.startsAt else { throw FormProblems(field: "state", "预约时段已经开始，不能取消") }
        model.state = .cancelled
        model.closedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("service.cancel", target: "appointment", id: model.id, organization: model.organizationID,
                                   detail: "\(model.name)取消预约（\(ChinaClock.text(model.startsAt))）"))
        }
    }

    // MARK: - Handling

    static func handled(_ id: Int?, on request: Request) async throws -> AppointmentModel {
        guard let id, let model = try await AppointmentModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该预约") }
        guard try request.policy.allows(.serviceWrite, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("service.appointment", target: "appointment", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到该预约")
        }
        return model
    }

    static func close(_ model: AppointmentModel, _ input: CloseInput, on request: Request) async throws {
        let actor = try request.requireActor()
        guard model.state == .booked else { throw FormProblems(field: "state", "预约\(model.state.chinese)，不能再办结") }
        let now = request.now.timeIntervalSince1970
        let outcome = input.outcome?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch AppointmentState(rawValue: input.state ?? "") {
        case .served:
            guard (2...500).contains(outcome.count) else { throw FormProblems(field: "outcome", "请写明办理结果（2–500 字），如“已受理，10 个工作日内寄到”") }
            model.state = .served
            model.outcome = outcome
            // Waiting is measured only when the handler closes it on the day, from the slot's start.
            if CalendarDate(Date(timeIntervalSince1970: now)) == CalendarDate(Date(timeIntervalSince1970: model.startsAt)) {
                model.waitMinutes = max(0, Int(((now - model.startsAt) / 60).rounded()))
            }
        case .noShow:
            guard now >= model.startsAt else { throw FormProblems(field: "state", "预约时段还没到，不能记为未到") }
            model.state = .noShow
            model.outcome = outcome.isEmpty ? nil : String(outcome.prefix(500))
        default:
            throw FormProblems(field: "state", "请选择“已办结”或“未到”")
        }
        model.closedAt = now
        model.closedBy = actor.accountID
        let service = try await ServiceItemModel.find(model.serviceID, on: request.db)?.name ?? ""
        try await request.write { database in
            try await model.update(on: database)
            try await Messages.send(to: [model.accountID], path: model.path, kind: "service.closed",
                                    title: "“\(service)”\(model.state == .served ? "已办结" : "记为未到")", link: "/appointments", at: now, on: database)
            return ((), AuditEvent("service.close", target: "appointment", id: model.id, organization: model.organizationID,
                                   detail: "“\(service)”\(model.name)的预约\(model.state.chinese)" + (model.outcome.map { "：\($0)" } ?? "")))
        }
    }

    static func views(_ models: [AppointmentModel], organizer: Bool, on request: Request) async throws -> [Appointment] {
        let services = try await ServiceItemModel.query(on: request.db).filter(\.$id ~~ Set(models.map(\.serviceID))).all()
        let names = try await PublicView.organizationNames(Set(models.map(\.organizationID)), on: request.db)
        let now = request.now.timeIntervalSince1970
        return models.compactMap { model in
            guard let id = model.id else { return nil }
            let service = services.first { $0.id == model.serviceID }
            return Appointment(id: id, serviceID: model.serviceID, service: service?.name ?? "", organizationName: names[model.organizationID] ?? "",
                               place: service?.place ?? "", name: organizer ? model.name : Masking.name(model.name), startsAt: ChinaClock.text(model.startsAt),
                               afterHours: model.afterHours, note: model.note, state: model.state, stateLabel: model.state.chinese, outcome: model.outcome,
                               waitMinutes: model.waitMinutes, canCancel: !organizer && model.state == .booked && now < model.startsAt,
                               canClose: organizer && model.state == .booked)
        }
    }

    static func mine(on request: Request) async throws -> [Appointment] {
        let actor = try request.requireActor()
        let models = try await AppointmentModel.query(on: request.db).filter(\.$accountID == actor.accountID).sort(\.$startsAt, .descending).limit(100).all()
        return try await views(models, organizer: false, on: request)
    }

    /// The appointments of an organization on a day, in order.
    static func day(_ organization: OrganizationModel, _ date: CalendarDate, on request: Request) async throws -> [Appointment] {
        let models = try await AppointmentModel.query(on: request.db).filter(\.$organizationID == organization.requireID())
            .filter(\.$startsAt >= midnight(date)).filter(\.$startsAt < midnight(date.adding(days: 1))).sort(\.$startsAt).limit(500).all()
        return try await views(models, organizer: true, on: request)
    }

    static func statistics(_ organization: OrganizationModel, from: CalendarDate, to: CalendarDate, on request: Request) async throws -> Statistics {
        let path = organization.orgPath
        let models = try await AppointmentModel.query(on: request.db).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .filter(\.$startsAt >= midnight(from)).filter(\.$startsAt < midnight(to.adding(days: 1))).limit(100_000).all()
        let services = try await ServiceItemModel.query(on: request.db).filter(\.$id ~~ Set(models.map(\.serviceID))).all()
        let rows = Dictionary(grouping: models, by: \.serviceID).map { serviceID, list -> Statistics.Row in
            let served = list.filter { $0.state == .served }
            let noShow = list.filter { $0.state == .noShow }.count
            let due = served.count + noShow
            let waits = served.compactMap(\.waitMinutes)
            return Statistics.Row(service: services.first { $0.id == serviceID }?.name ?? "", booked: list.count, served: served.count, noShow: noShow,
                                  cancelled: list.filter { $0.state == .cancelled }.count, afterHours: list.filter(\.afterHours).count,
                                  noShowPercent: due == 0 ? nil : Int((Double(noShow) * 100 / Double(due)).rounded()),
                                  averageWaitMinutes: waits.isEmpty ? nil : Int((Double(waits.reduce(0, +)) / Double(waits.count)).rounded()))
        }
        return Statistics(organizationID: try organization.requireID(), organizationName: organization.name, from: from.description, to: to.description,
                          rows: rows.sorted { ($0.booked, $0.service) > ($1.booked, $1.service) })
    }
}
