import Testing
@testable import DangjianCore

@Suite("iCalendar feed of meetings (RFC 5545)")
struct ICalendarTests {
    let day = CalendarDate(year: 2026, month: 12, day: 1)!

    @Test("a timed meeting in UTC with its duration; an untimed one all day; a cancelled one marked; CRLF everywhere")
    func events() {
        let feed = ICalendar(name: "王秀兰的会议", events: [
            ICalendar.Event(uid: "activity-1@dangjian", date: day, startTime: "14:30", summary: "党员大会", location: "村党员活动室"),
            ICalendar.Event(uid: "activity-2@dangjian", date: day, startTime: "07:00", minutes: 90, summary: "早学", location: ""),
            ICalendar.Event(uid: "activity-3@dangjian", date: day, startTime: nil, summary: "主题党日", location: "广场", cancelled: true),
        ]).text(stamp: "20261130T080000Z")
        let lines = feed.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.dropLast().last == "END:VCALENDAR" && lines.last == "")
        #expect(!feed.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(lines.contains("DTSTART:20261201T063000Z") && lines.contains("DURATION:PT2H"))
        // 07:00 in China is 23:00 the day before in UTC.
        #expect(lines.contains("DTSTART:20261130T230000Z") && lines.contains("DURATION:PT1H30M"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20261201") && lines.contains("DTEND;VALUE=DATE:20261202"))
        #expect(lines.filter { $0 == "STATUS:CANCELLED" }.count == 1 && lines.filter { $0 == "BEGIN:VEVENT" }.count == 3)
    }

    @Test("text is escaped, and long lines fold at 75 octets without splitting a Chinese character; unfolding restores them")
    func foldAndEscape() {
        #expect(ICalendar.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let topic = String(repeating: "学习贯彻党的二十届四中全会精神，", count: 6)
        let folded = ICalendar.fold("SUMMARY:" + ICalendar.escape(topic))
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.count > 3)
        #expect(parts.allSatisfy { $0.utf8.count <= 75 })
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let unfolded = folded.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded == "SUMMARY:" + ICalendar.escape(topic))
        #expect(ICalendar.fold("SHORT") == "SHORT")
    }
}
