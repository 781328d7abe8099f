import DangjianCore
import Fluent
import Foundation
import SQLKit

/// The demo village's 一站式服务: three services with their hours (evenings and Saturday mornings among them), and
/// some appointments of the past days — served, one not come — so that the office's statistics show something; and
/// the demo members' 民情日记 of the last weeks.
enum DemoServices {
    static let services: [(name: String, place: String, documents: String, hours: String, perSlot: Int)] = [
        ("社保卡办理", "东岗村党群服务中心一楼", "身份证、户口簿；代办的带代办人身份证", "周一至周五 9:00-17:00\n周二、周四 18:30-20:30\n周六 9:00-12:00", 2),
        ("老年证办理", "东岗村党群服务中心一楼", "身份证、一寸照片一张", "周一至周五 9:00-17:00", 2),
        ("水电费代缴", "东岗村便民服务点", "缴费户号或上月缴费单", "每天 18:00-20:00\n周六 9:00-12:00", 3),
    ]

    static func load(services: AppServices, on database: any Database) async throws {
        struct Grant: Decodable { let organization_id: Int }
        guard let grant = try await database.sql.raw("""
            SELECT g.organization_id FROM \(ident: GrantModel.schema) g JOIN \(ident: AccountModel.schema) a ON a.id = g.account_id
            WHERE a.username = 'branch-secretary' AND g.organization_id IS NOT NULL
            """).first(decoding: Grant.self), let village = try await OrganizationModel.find(grant.organization_id, on: database) else { return }
        let accounts = try await AccountModel.query(on: database).all()
        let people = accounts.filter { ["member", "member2"].contains($0.username) || $0.phoneHash != nil }
        guard let secretary = accounts.first(where: { $0.username == "branch-secretary" })?.id else { return }
        let today = services.clock.today()
        let now = services.clock.now().timeIntervalSince1970
        try await services.writer.transaction(on: database) { database in
            var models: [ServiceItemModel] = []
            for item in Self.services {
                let model = ServiceItemModel()
                model.organizationID = village.id ?? 0
                model.path = village.path
                model.name = item.name
                model.place = item.place
                model.documents = item.documents
                model.hours = (try? ServiceSchedule(parsing: item.hours, slotMinutes: 30).text) ?? item.hours
                model.slotMinutes = 30
                model.perSlot = item.perSlot
                model.handler = "便民服务代办员"
                model.active = true
                model.createdAt = now - 60 * 86_400
                try await model.create(on: database)
                models.append(model)
            }
            // The past days: the first open slots of each service, taken by the demo's people; every fourth did not come.
            var index = 0
            for daysAgo in 1...8 {
                let date = today.adding(days: -daysAgo)
                for model in models {
                    guard let schedule = model.schedule, let serviceID = model.id else { continue }
                    for slot in schedule.slots(weekday: date.weekday).filter({ $0.afterHours || $0.start == 9 * 60 }).prefix(2) {
                        guard !people.isEmpty else { break }
                        let person = people[index % people.count]
                        index += 1
                        let appointment = AppointmentModel()
                        appointment.serviceID = serviceID
                        appointment.organizationID = model.organizationID
                        appointment.path = model.path
                        appointment.accountID = person.id ?? 0
                        appointment.name = person.displayName
                        appointment.startsAt = ServiceWork.midnight(date) + Double(slot.start * 60)
                        appointment.afterHours = slot.afterHours
                        appointment.note = ""
                        appointment.bookedAt = appointment.startsAt - 2 * 86_400
                        appointment.state = index % 4 == 0 ? .noShow : .served
                        appointment.outcome = appointment.state == .served ? "已办结" : nil
                        appointment.waitMinutes = appointment.state == .served ? index * 7 % 25 : nil
                        appointment.closedAt = appointment.startsAt + 1800
                        appointment.closedBy = secretary
                        try await appointment.create(on: database)
                    }
                }
            }
            // 民情日记: the demo member's visits of the last weeks, so that the branch's view by grid shows something.
            for account in accounts where ["member", "member2"].contains(account.username) {
                guard let memberID = account.memberID, let member = try await MemberModel.find(memberID, on: database),
                      let branch = try await OrganizationModel.find(member.organizationID, on: database) else { continue }
                for (offset, visit) in visits.enumerated() where offset % 2 == (account.username == "member" ? 0 : 1) {
                    let model = VisitModel()
                    model.memberID = memberID
                    model.accountID = account.id ?? 0
                    model.organizationID = member.organizationID
                    model.path = branch.path
                    model.grid = visit.grid
                    model.household = visit.household
                    model.visitedOn = today.adding(days: -visit.daysAgo)
                    model.heard = visit.heard
                    model.followUp = ""
                    model.createdAt = now - Double(visit.daysAgo * 86_400)
                    try await model.create(on: database)
                }
            }
        }
    }

    static let visits: [(grid: String, household: String, daysAgo: Int, heard: String)] = [
        ("三组", "李家", 3, "李大爷腿脚不便，想了解居家养老上门服务怎么申请。"),
        ("三组", "张家", 5, "门前排水沟堵了，下雨就积水，希望村里组织清理。"),
        ("五组", "王家", 9, "家里老人想学用智能手机视频通话，问村里有没有人教。"),
        ("五组", "陈家", 12, "孩子明年上初中，想了解镇中学寄宿的条件。"),
        ("一组", "刘家", 20, "今年柑橘丰收，销路不畅，希望村里帮忙联系收购。"),
    ]
}
