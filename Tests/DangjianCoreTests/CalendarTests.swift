import Testing
@testable import DangjianCore

@Suite("日期")
struct CalendarTests {
    @Test("parses the forms secretaries type", arguments: ["2024-03-01", "2024/3/1", "2024.03.01", "20240301", "2024年3月1日", " 2024-3-1 "])
    func parsing(text: String) {
        #expect(CalendarDate(parsing: text) == CalendarDate(year: 2024, month: 3, day: 1))
    }

    @Test("refuses days that do not exist", arguments: ["2023-02-29", "2024-13-01", "2024-04-31", "24-03-01", "2024-03", "abc", ""])
    func refusing(text: String) {
        #expect(CalendarDate(parsing: text) == nil)
    }

    @Test("days since epoch round-trip across centuries")
    func epochRoundTrip() {
        for days in stride(from: -50_000, through: 80_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11_017)
    }

    @Test("adding months clamps to the end of the month")
    func addingMonths() {
        let jan31 = CalendarDate(year: 2024, month: 1, day: 31)!
        #expect(jan31.adding(months: 1) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(jan31.adding(months: 13) == CalendarDate(year: 2025, month: 2, day: 28))
        #expect(jan31.adding(months: -2) == CalendarDate(year: 2023, month: 11, day: 30))
        #expect(CalendarDate(year: 2024, month: 2, day: 29)!.adding(years: 1) == CalendarDate(year: 2025, month: 2, day: 28))
    }

    @Test("whole years: the birthday itself completes the year, the day before does not")
    func wholeYears() {
        let birth = CalendarDate(year: 2008, month: 9, day: 25)!
        #expect(birth.wholeYears(until: CalendarDate(year: 2026, month: 9, day: 24)!) == 17)
        #expect(birth.wholeYears(until: CalendarDate(year: 2026, month: 9, day: 25)!) == 18)
        #expect(birth.wholeYears(until: CalendarDate(year: 2026, month: 9, day: 26)!) == 18)
    }

    @Test("the date of an instant is taken in China Standard Time")
    func chinaDate() {
        // 2026-11-24T16:30:00Z is already 2026-11-25 00:30 in Beijing.
        let instant = Date(timeIntervalSince1970: 1_795_537_800)
        #expect(CalendarDate(instant) == CalendarDate(year: 2026, month: 11, day: 25))
        #expect(CalendarDate(instant, in: TimeZone(secondsFromGMT: 0)!) == CalendarDate(year: 2026, month: 11, day: 24))
    }

    @Test("minutes in China time: written and read back, a day's turn at 16:00 UTC, nonsense refused")
    func chinaClock() {
        // 2026-11-24T16:30:00Z is 2026-11-25 00:30 in Beijing.
        #expect(ChinaClock.text(1_795_537_800) == "2026-11-25 00:30")
        #expect(ChinaClock.text(1_795_537_800 - 60.5) == "2026-11-25 00:28")
        #expect(ChinaClock.text(-1) == "1970-01-01 07:59")
        #expect(ChinaClock.text(.infinity) == "1970-01-01 08:00")
        #expect(ChinaClock.text(1e300) == "9999-12-31 23:59")
        #expect(ChinaClock.seconds(parsing: "2026-11-25T00:30") == 1_795_537_800)
        #expect(ChinaClock.seconds(parsing: " 2026-11-25 00:30:59 ") == 1_795_537_800)
        for text in ["2026-11-25 24:00", "2026-11-25 7:30", "2026-11-25T00-30", "2026-02-30 10:00", "2026-11-25", "2026-11-25X00:30", ""] {
            #expect(ChinaClock.seconds(parsing: text) == nil, "\(text)")
        }
        for seconds in stride(from: 1_700_000_000.0, to: 1_700_200_000, by: 3_777) {
            let minute = (seconds / 60).rounded(.down) * 60
            #expect(ChinaClock.seconds(parsing: ChinaClock.text(seconds)) == minute)
        }
    }
}

import Foundation

@Suite("Working days")
struct WorkingDayTests {
    @Test("five working days from a Thursday end on the next Wednesday; from a Saturday they start on Monday", arguments: [
        ("2026-11-26", 5, "2026-12-02"), ("2026-11-28", 5, "2026-12-04"), ("2026-11-30", 5, "2026-12-04"), ("2026-11-30", 1, "2026-11-30"),
    ])
    func period(_ start: String, _ count: Int, _ end: String) {
        #expect(CalendarDate(parsing: start)!.endOfWorkingDays(count) == CalendarDate(parsing: end)!)
    }

    @Test("weekdays: 2026-11-26 is a Thursday, 2026-11-29 a Sunday")
    func weekday() {
        #expect(CalendarDate(parsing: "2026-11-26")!.weekday == 4)
        #expect(CalendarDate(parsing: "2026-11-29")!.weekday == 7)
    }
}

@Suite("Dates and text as rosters write them")
struct DateParsingTests {
    @Test("the ways a date is written", arguments: [
        ("2026-01-31", "2026-01-31"), (" 2026/1/31 ", "2026-01-31"), ("2026.1.3", "2026-01-03"), ("2026年1月31日", "2026-01-31"),
        ("2026年01月31", "2026-01-31"), ("20260131", "2026-01-31"), ("\u{3000}2026-1-31\u{3000}", "2026-01-31"),
    ])
    func accepted(_ text: String, _ expected: String) {
        #expect(CalendarDate(parsing: text)?.description == expected)
    }

    @Test("and what is not a date", arguments: ["", "2026", "26-01-31", "2026-01", "2026-02-30", "2026--01-31", "2026-01-31-01", "2026年1月31日x",
                                               "2026-0001-01", "abc", "2026-1-31 12:00", "202601311"])
    func refused(_ text: String) {
        #expect(CalendarDate(parsing: text) == nil)
    }

    @Test("trimming spaces of every kind, and nothing inside")
    func trimming() {
        #expect(" \t张 三\u{3000}\n".trimmed == "张 三")
        #expect("\u{00A0}\u{FEFF}".trimmed == "")
        #expect("王五".trimmed == "王五")
        #expect(RosterLayout.isMangledByExcel("4.10105E+17") && RosterLayout.isMangledByExcel("4.1e16"))
        #expect(!RosterLayout.isMangledByExcel("41010519850314124X") && !RosterLayout.isMangledByExcel("4.1E+15"))
    }
}
