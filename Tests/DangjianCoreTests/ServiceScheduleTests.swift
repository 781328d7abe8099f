import DangjianCore
import Testing

@Suite("一站式服务 hours and slots")
struct ServiceScheduleTests {
    @Test("the ways an office writes its hours, read back; nonsense refused with the line")
    func parsing() throws {
        let schedule = try ServiceSchedule(parsing: "周一至周五 9:00-17:00\n周六 9:00–12:00；周二、周四 18:30至20:30", slotMinutes: 30)
        #expect(schedule.openings.count == 3)
        #expect(schedule.text == "周一至周五 09:00-17:00\n周六 09:00-12:00\n周二、周四 18:30-20:30")
        #expect(try ServiceSchedule(parsing: "每天 8:00-9:00", slotMinutes: 30).openings.first?.weekdays == Set(1...7))
        #expect(try ServiceSchedule(parsing: "周末 9:00-11:00", slotMinutes: 60).openings.first?.weekdays == [6, 7])
        #expect(try ServiceSchedule(parsing: "星期三 14：00-16：00", slotMinutes: 60).openings.first?.start == 14 * 60)
        #expect(throws: ServiceSchedule.Problem.empty) { try ServiceSchedule(parsing: " \n ", slotMinutes: 30) }
        #expect(throws: ServiceSchedule.Problem.unreadable(line: "上午")) { try ServiceSchedule(parsing: "上午", slotMinutes: 30) }
        #expect(throws: ServiceSchedule.Problem.unreadable(line: "周八 9:00-10:00")) { try ServiceSchedule(parsing: "周八 9:00-10:00", slotMinutes: 30) }
        #expect(throws: ServiceSchedule.Problem.backwards(line: "周一 17:00-9:00")) { try ServiceSchedule(parsing: "周一 17:00-9:00", slotMinutes: 30) }
        #expect(throws: ServiceSchedule.Problem.unreadable(line: "周五至周一 9:00-10:00")) { try ServiceSchedule(parsing: "周五至周一 9:00-10:00", slotMinutes: 30) }
        #expect(throws: ServiceSchedule.Problem.unreadable(line: "周一 25:00-26:00")) { try ServiceSchedule(parsing: "周一 25:00-26:00", slotMinutes: 30) }
    }

    @Test("slots cut from each opening, overlaps once; evenings and weekends are 错时, office hours are not")
    func slots() throws {
        let schedule = try ServiceSchedule(parsing: "周一至周五 9:00-10:00\n周二 9:30-11:00\n周二 18:30-19:30\n周六 9:00-10:00", slotMinutes: 30)
        #expect(schedule.slots(weekday: 1).map(\.clock) == ["09:00", "09:30"])
        #expect(schedule.slots(weekday: 2).map(\.clock) == ["09:00", "09:30", "10:00", "10:30", "18:30", "19:00"])
        #expect(schedule.slots(weekday: 2).map(\.afterHours) == [false, false, false, false, true, true])
        #expect(schedule.slots(weekday: 6).allSatisfy { $0.afterHours })
        #expect(schedule.slots(weekday: 7).isEmpty)
        // A slot that would run past the closing time is not offered.
        #expect(try ServiceSchedule(parsing: "周一 9:00-9:50", slotMinutes: 30).slots(weekday: 1).map(\.clock) == ["09:00"])
        #expect(ServiceSchedule.isAfterHours(weekday: 3, minute: 8 * 60 + 29))
        #expect(!ServiceSchedule.isAfterHours(weekday: 3, minute: 8 * 60 + 30))
        #expect(ServiceSchedule.isAfterHours(weekday: 3, minute: 17 * 60 + 30))
    }
}
