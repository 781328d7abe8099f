import Foundation

/// A civil date without time or zone (`yyyy-MM-dd`), the unit of every day-based rule.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date when the components name a real day of the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A day the caller has already built from valid parts (arithmetic on dates); its year may leave 1…9999.
    init(computedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// 1 January of `year`; any year, so that a year sent by a caller can never stop the process.
    public static func firstDay(ofYear year: Int) -> CalendarDate { CalendarDate(computedYear: year, month: 1, day: 1) }

    /// 31 December of `year`.
    public static func lastDay(ofYear year: Int) -> CalendarDate { CalendarDate(computedYear: year, month: 12, day: 31) }

    /// Parses `2024-03-01`, `2024/3/1`, `2024.03.01`, `20240301` and `2024年3月1日`.
    /// `2026-01-31`, `2026/1/31`, `2026.1.31`, `2026年1月31日` or `20260131`, with spaces around. Scanned by hand:
    /// this runs for every date of every roster row.
    public init?(parsing text: String) {
        let trimmed = text.trimmed
        if trimmed.utf8.count == 8, trimmed.isASCIIDigits, let value = Int(trimmed) {
            self.init(year: value / 10_000, month: value / 100 % 100, day: value % 100)
            return
        }
        var numbers: [Int] = []
        numbers.reserveCapacity(3)
        var current = 0
        var digits = 0
        var ended = false
        for scalar in trimmed.unicodeScalars {
            guard !ended else { return nil }
            switch scalar.value {
            case 0x30...0x39:
                digits += 1
                guard digits <= (numbers.isEmpty ? 4 : 2) else { return nil }
                current = current * 10 + Int(scalar.value - 0x30)
            case 0x2D, 0x2F, 0x2E, 0x5E74, 0x6708, 0x65E5:  // - / . 年 月 日
                guard digits > 0, numbers.count < 3, !numbers.isEmpty || digits == 4 else { return nil }
                numbers.append(current)
                current = 0
                digits = 0
                ended = scalar.value == 0x65E5
            default:
                return nil
            }
        }
        if digits > 0 {
            guard numbers.count == 2 else { return nil }
            numbers.append(current)
        }
        guard numbers.count == 3 else { return nil }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    /// The calendar date of `instant` as seen in `timeZone` (China Standard Time by default).
    public init(_ instant: Date, in timeZone: TimeZone = .chinaStandard) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self.init(daysSinceEpoch: days)
    }

    public init(daysSinceEpoch: Int) {
        // Civil-from-days (H. Hinnant's algorithm), valid for the proleptic Gregorian calendar.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `2026-01-31`, written by hand (`String(format:)` showed up in every profile of a roster import).
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let y = year < 1000 ? String(repeating: "0", count: year < 10 ? 3 : year < 100 ? 2 : 1) + "\(year)" : "\(year)"
        return "\(y)-\(two(month))-\(two(day))"
    }

    /// `2024年3月1日`, the form used in Chinese documents.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// Adds calendar months; a day that does not exist in the target month becomes that month's last day
    /// (2024-01-31 plus one month is 2024-02-29).
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        let d = min(day, CalendarDate.daysIn(month: m, year: y))
        return CalendarDate(computedYear: y, month: m, day: d)
    }

    public func adding(years: Int) -> CalendarDate { adding(months: years * 12) }

    public func days(until other: CalendarDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((daysSinceEpoch + 3) % 7 + 7) % 7 + 1 }

    public var isWorkingDay: Bool { weekday <= 5 }

    /// The last day of a period of `count` working days that starts on this day (or on the next working day).
    /// Public holidays are not known to the platform; a deployment lengthens the period in its rules if it must.
    public func endOfWorkingDays(_ count: Int) -> CalendarDate {
        var date = self
        while !date.isWorkingDay { date = date.adding(days: 1) }
        var left = count - 1
        while left > 0 {
            date = date.adding(days: 1)
            if date.isWorkingDay { left -= 1 }
        }
        return date
    }

    /// Whole years completed from `self` to `date` (an age when `self` is a birth date).
    public func wholeYears(until date: CalendarDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension TimeZone {
    /// China Standard Time (UTC+8, no daylight saving), fixed so that dates never depend on the server's zone setting.
    public static let chinaStandard = TimeZone(secondsFromGMT: 8 * 3600)!
}

extension Character {
    public var isASCIIDigit: Bool { isASCII && isNumber }
}
