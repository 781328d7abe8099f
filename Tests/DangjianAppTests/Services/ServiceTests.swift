import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// 一站式服务 through the API: a catalogue with 错时 hours, a resident booking a slot, the office closing it with the
/// waiting time measured, a no-show, and the statistics.
@Suite("Services: the catalogue, appointments and their statistics")
struct ServiceTests {
    struct Service: Decodable { let id: Int; let hours: String }
    struct Day: Decodable {
        let date: String
        let slots: [Slot]
        struct Slot: Decodable { let startsAt: String; let afterHours: Bool; let left: Int }
    }
    struct Appointment: Decodable { let id: Int; let state: String; let afterHours: Bool; let outcome: String?; let waitMinutes: Int?; let name: String }
    struct Statistics: Decodable {
        let rows: [Row]
        struct Row: Decodable { let service: String; let booked: Int; let served: Int; let noShow: Int; let afterHours: Int; let noShowPercent: Int?; let averageWaitMinutes: Int? }
    }

    @Test("a resident books an evening slot; one a day, none beyond the slot's places; closed with the wait measured; a no-show; the statistics")
    func appointments() async throws {
        try await withWorld { world in
            var secretary = try await world.token("branch-secretary")
            let village = try await world.organizationID(ParticipationTests.village)
            let refused = try await world.send(.POST, "/api/v1/services", token: secretary,
                                               json: ["organizationID": "\(village)", "name": "社保卡办理", "place": "党群服务中心一楼", "hours": "上午",
                                                      "handler": "代办员 13900000000"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("看不懂“上午”") && refused.body.string.contains("不要填电话"),
                    "\(refused.body.string)")
            let added = try await world.send(.POST, "/api/v1/services", token: secretary,
                                             json: ["organizationID": "\(village)", "name": "社保卡办理", "place": "党群服务中心一楼",
                                                    "hours": "每天 9:00-17:00\n每天 18:30-20:30", "slotMinutes": "30", "perSlot": "1",
                                                    "documents": "身份证、户口簿", "handler": "便民服务代办员"])
            #expect(added.status == .created, "\(added.body.string)")
            let service = try added.content.decode(Service.self)
            #expect(service.hours == "每天 09:00-17:00\n每天 18:30-20:30")
            let listed = try await world.send(.GET, "/api/v1/public/organizations/\(village)/services")
            #expect(listed.status == .ok && listed.body.string.contains("社保卡办理") && !listed.body.string.contains("1390000"))

            let (resident, _) = try await ParticipationTests.resident(world)
            let (neighbour, _) = try await ParticipationTests.resident(world, phone: "13812345670")
            let days = try await world.send(.GET, "/api/v1/services/\(service.id)/slots", token: resident).content.decode([Day].self)
            // Tomorrow's first evening slot: 错时.
            let tomorrow = try #require(days.count > 1 ? days[1] : nil)
            let evening = try #require(tomorrow.slots.first { $0.afterHours })
            #expect(evening.startsAt.hasSuffix("18:30") && evening.left == 1)
            #expect(tomorrow.slots.contains { !$0.afterHours && $0.startsAt.hasSuffix("09:00") })
            let outside = try await world.send(.POST, "/api/v1/services/\(service.id)/appointments", token: resident,
                                               json: ["startsAt": "\(tomorrow.date) 17:10"])
            #expect(outside.status == .unprocessableEntity && outside.body.string.contains("不在“社保卡办理”的办理时间内"))
            let booked = try await world.send(.POST, "/api/v1/services/\(service.id)/appointments", token: resident,
                                              json: ["startsAt": evening.startsAt, "note": "补办社保卡"])
            #expect(booked.status == .created, "\(booked.body.string)")
            let appointment = try booked.content.decode(Appointment.self)
            #expect(appointment.afterHours && appointment.state == "booked")
            let twice = try await world.send(.POST, "/api/v1/services/\(service.id)/appointments", token: resident,
                                             json: ["startsAt": "\(tomorrow.date) 19:00"])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("当天已经预约"))
            let full = try await world.send(.POST, "/api/v1/services/\(service.id)/appointments", token: neighbour, json: ["startsAt": evening.startsAt])
            #expect(full.status == .unprocessableEntity && full.body.string.contains("约满"))
            let morning = try await world.send(.POST, "/api/v1/services/\(service.id)/appointments", token: neighbour,
                                               json: ["startsAt": "\(tomorrow.date) 09:00"])
            #expect(morning.status == .created, "\(morning.body.string)")
            let neighbourAppointment = try morning.content.decode(Appointment.self)
            let early = try await world.send(.POST, "/api/v1/appointments/\(neighbourAppointment.id)/close", token: secretary, json: ["state": "no-show"])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("还没到"))

            // Tomorrow: the neighbour does not come; the resident is served ten minutes after the slot began.
            let start = try #require(ChinaClock.seconds(parsing: evening.startsAt))
            world.app.dangjian.clock.advance(by: start + 600 - world.app.dangjian.clock.now().timeIntervalSince1970)
            secretary = try await world.token("branch-secretary")
            let dayList = try await world.send(.GET, "/api/v1/appointments?organizationID=\(village)&date=\(tomorrow.date)", token: secretary)
            #expect(try dayList.content.decode([Appointment].self).map(\.name).contains("王秀兰"))
            let absent = try await world.send(.POST, "/api/v1/appointments/\(neighbourAppointment.id)/close", token: secretary, json: ["state": "no-show"])
            #expect(absent.status == .ok, "\(absent.body.string)")
            let empty = try await world.send(.POST, "/api/v1/appointments/\(appointment.id)/close", token: secretary, json: ["state": "served"])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("办理结果"))
            let served = try await world.send(.POST, "/api/v1/appointments/\(appointment.id)/close", token: secretary,
                                              json: ["state": "served", "outcome": "已受理，15 个工作日内到村领卡"])
            let closed = try served.content.decode(Appointment.self)
            #expect(closed.state == "served" && closed.waitMinutes == 10)
            let stats = try await world.send(.GET, "/api/v1/services/statistics?organizationID=\(village)&from=\(tomorrow.date)&to=\(tomorrow.date)",
                                             token: secretary).content.decode(Statistics.self)
            let row = try #require(stats.rows.first)
            #expect(row.booked == 2 && row.served == 1 && row.noShow == 1 && row.afterHours == 1 && row.noShowPercent == 50 && row.averageWaitMinutes == 10)
            // The resident hears of it and sees the outcome.
            let login = try await world.send(.POST, "/api/v1/auth/login", json: ["username": ParticipationTests.phone, "password": "Wang-2026-xl"])
            let again = try login.content.decode(AuthAPI.TokenResponse.self).token
            let mine = try await world.send(.GET, "/api/v1/appointments/mine", token: again).content.decode([Appointment].self)
            #expect(mine.first?.outcome == "已受理，15 个工作日内到村领卡")
            #expect(try await MessageModel.query(on: world.app.db).filter(\.$kind == "service.closed").count() == 2)
            // Out of scope is missing: the town above does not close the village's appointments through a village secretary's scope.
            let member = try await world.token("member")
            #expect(try await world.send(.POST, "/api/v1/appointments/\(appointment.id)/close", token: member, json: ["state": "served"]).status == .forbidden)
        }
    }
}
