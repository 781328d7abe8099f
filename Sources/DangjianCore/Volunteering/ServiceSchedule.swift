import Foundation

/// 一站式服务 hours as a village office writes them on its notice board — `周一至周五 9:00-17:00`, `周六 9:00-12:00`,
/// `周二、周四 18:30-20:30` — read into opening times, cut into appointment slots, each marked when it falls outside
/// ordinary office hours (错时服务: evenings, early mornings, weekends) so that the statistics can show who they serve.
public struct ServiceSchedule: Sendable, Equatable {
    public struct Opening: Sendable, Equatable {
        /// 1 Monday … 7 Sunday.
        public let weekdays: Set<Int>
        /// Minutes after midnight.
        public let start: Int
        public let end: Int
    }

    public struct Slot: Sendable, Equatable {
        /// Minutes after midnight.
        public let start: Int
        public let afterHours: Bool

        public var clock: String { ServiceSchedule.clock(start) }
    }

    public enum Problem: Error, Equatable, Sendable {
        case empty
        case unreadable(line: String)
        case backwards(line: String)
        case tooMany

        public var message: String {
            switch self {
            case .empty: "请填写办理时间，如“周一至周五 9:00-17:00”，每行一段"
            case .unreadable(let line): "看不懂“\(line)”：请写成“周一至周五 9:00-17:00”或“周二、周四 18:30-20:30”"
            case .backwards(let line): "“\(line)”的结束时间应晚于开始时间"
            case .tooMany: "办理时间最多写 14 段"
            }
        }
    }

    public let openings: [Opening]
    public let slotMinutes: Int

    /// Ordinary office hours: working days 8:30–17:30. Anything else is 错时.
    public static func isAfterHours(weekday: Int, minute: Int) -> Bool {
        weekday >= 6 || minute < 8 * 60 + 30 || minute >= 17 * 60 + 30
    }

    public static func clock(_ minute: Int) -> String {
        let hour = minute / 60, rest = minute % 60
        return "\(hour < 10 ? "0" : "")\(hour):\(rest < 10 ? "0" : "")\(rest)"
    }

    public init(parsing text: String, slotMinutes: Int) throws(Problem) {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "；" || $0 == ";" }).map { String($0).trimmed }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw .empty }
        guard lines.count <= 14 else { throw .tooMany }
        var openings: [Opening] = []
        for line in lines {
            guard let (days, rest) = Self.weekdays(line), let (start, end) = Self.times(rest) else { throw .unreadable(line: line) }
            guard end > start else { throw .backwards(line: line) }
            openings.append(Opening(weekdays: days, start: start, end: end))
        }
        self.openings = openings
        self.slotMinutes = min(max(slotMinutes, 10), 240)
    }

    /// The slots of `date` (weekday 1…7), in order, without repeats where openings overlap.
    public func slots(weekday: Int) -> [Slot] {
        var starts = Set<Int>()
        for opening in openings where opening.weekdays.contains(weekday) {
            var minute = opening.start
            while minute + slotMinutes <= opening.end {
                starts.insert(minute)
                minute += slotMinutes
            }
        }
        return starts.sorted().map { Slot(start: $0, afterHours: Self.isAfterHours(weekday: weekday, minute: $0)) }
    }

    /// The hours as written back, one line per opening: `周一至周五 09:00-17:00`.
    public var text: String {
        openings.map { "\(Self.days($0.weekdays)) \(Self.clock($0.start))-\(Self.clock($0.end))" }.joined(separator: "\n")
    }

    // MARK: - Reading what people write

    static let names: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "末": 0]

    /// `周一至周五`, `周一到周五`, `周六`, `周二、周四`, `每天`, `周末` and the rest of the line.
    static func weekdays(_ line: String) -> (Set<Int>, String)? {
        var text = Substring(line)
        if text.hasPrefix("每天") || text.hasPrefix("每日") { return (Set(1...7), String(text.dropFirst(2))) }
        if text.hasPrefix("工作日") { return (Set(1...5), String(text.dropFirst(3))) }
        var days = Set<Int>()
        var rangeFrom: Int?
        while text.hasPrefix("周") || text.hasPrefix("星期") {
            text = text.hasPrefix("周") ? text.dropFirst() : text.dropFirst(2)
            guard let name = text.first, let day = names[name] else { return nil }
            text = text.dropFirst()
            if day == 0 {
                days.formUnion([6, 7])
            } else if let from = rangeFrom {
                guard from <= day else { return nil }
                days.formUnion(from...day)
                rangeFrom = nil
            } else {
                days.insert(day)
            }
            if text.hasPrefix("至") || text.hasPrefix("到") || text.hasPrefix("-") || text.hasPrefix("—") || text.hasPrefix("～") {
                rangeFrom = day
                text = text.dropFirst()
            } else if text.hasPrefix("、") || text.hasPrefix(",") || text.hasPrefix("，") || text.hasPrefix("和") {
                text = text.dropFirst()
            }
        }
        guard !days.isEmpty, rangeFrom == nil else { return nil }
        return (days, String(text))
    }

    /// `9:00-17:00`, `09:00–17:00`, `18:30至20:30`.
    public static func times(_ text: String) -> (Int, Int)? {
        let cleaned = text.trimmed.replacingOccurrences(of: "：", with: ":")
        for separator in ["-", "–", "—", "～", "~", "至", "到"] {
            let parts = cleaned.components(separatedBy: separator)
            guard parts.count == 2, let start = minute(parts[0]), let end = minute(parts[1]) else { continue }
            return (start, end)
        }
        return nil
    }

    static func minute(_ text: String) -> Int? {
        let parts = text.trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 24 * 60 else { return nil }
        return hour * 60 + minute
    }

    static func days(_ set: Set<Int>) -> String {
        let sorted = set.sorted()
        let chinese = ["", "一", "二", "三", "四", "五", "六", "日"]
        if sorted == Array(1...7) { return "每天" }
        if sorted.count > 2, let first = sorted.first, let last = sorted.last, sorted == Array(first...last) {
            return "周\(chinese[first])至周\(chinese[last])"
        }
        return sorted.map { "周\(chinese[$0])" }.joined(separator: "、")
    }
}
