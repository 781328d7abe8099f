/// A calendar month — the unit dues are fixed, owed and paid in. Written `2026-03`.
public struct DuesMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    public init(_ date: CalendarDate) {
        year = date.year
        month = date.month
    }

    /// Months since year 0, so that months can be counted and stepped through.
    public var index: Int { year * 12 + month - 1 }

    public init(index: Int) {
        year = index / 12
        month = index % 12 + 1
    }

    /// `2026-03` or `2026-3`.
    public init?(parsing text: String) {
        let parts = text.trimmed.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[0].isASCIIDigits, (1...2).contains(parts[1].count), parts[1].isASCIIDigits,
              let year = Int(parts[0]), let month = Int(parts[1]), let value = DuesMonth(year: year, month: month) else { return nil }
        self = value
    }

    public func adding(months: Int) -> DuesMonth { DuesMonth(index: index + months) }

    public func months(until other: DuesMonth) -> Int { other.index - index }

    /// The months from this one through `last`, both included; empty when `last` is earlier.
    public func through(_ last: DuesMonth) -> [DuesMonth] {
        index <= last.index ? (index...last.index).map(DuesMonth.init(index:)) : []
    }

    public var quarter: Int { (month - 1) / 3 + 1 }
    public var firstDay: CalendarDate { CalendarDate(computedYear: year, month: month, day: 1) }
    public var lastDay: CalendarDate { CalendarDate(computedYear: year, month: month, day: CalendarDate.daysIn(month: month, year: year)) }
    /// The last month of this month's quarter.
    public var endOfQuarter: DuesMonth { DuesMonth(index: year * 12 + quarter * 3 - 1) }

    /// January and December of `year`, for any year (built from the month index, never refused).
    public static func january(_ year: Int) -> DuesMonth { DuesMonth(index: year * 12) }
    public static func december(_ year: Int) -> DuesMonth { DuesMonth(index: year * 12 + 11) }

    public var description: String { "\(year)-" + (month < 10 ? "0" : "") + "\(month)" }
    public var chinese: String { "\(year)年\(month)月" }

    public static func < (lhs: DuesMonth, rhs: DuesMonth) -> Bool { lhs.index < rhs.index }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = DuesMonth(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "月份应写作 2026-03"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A range of months, both ends included, e.g. a hardship reduction's period.
public struct DuesPeriod: Sendable, Hashable, Codable {
    public let from: DuesMonth
    public let through: DuesMonth

    public init(from: DuesMonth, through: DuesMonth) {
        self.from = from
        self.through = through
    }

    /// A period read back from the database; a month we did not write reads as the current epoch's first month
    /// rather than stopping the process.
    public init(storedFrom from: String, through: String) {
        let start = DuesMonth(parsing: from) ?? .january(1970)
        self.init(from: start, through: DuesMonth(parsing: through) ?? start)
    }

    /// January through December of `year`.
    public static func year(_ year: Int) -> DuesPeriod { DuesPeriod(from: .january(year), through: .december(year)) }

    public func contains(_ month: DuesMonth) -> Bool { from <= month && month <= through }
    public var months: [DuesMonth] { from.through(through) }
    public var chinese: String { from == through ? from.chinese : "\(from.chinese)至\(through.chinese)" }
}
