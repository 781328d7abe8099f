/// 年龄段 — the age bands of the member statistics.
public enum AgeBand: String, ChineseLabelled {
    case upTo30, from31To40, from41To50, from51To60, from61To70, over70

    public var chinese: String {
        switch self {
        case .upTo30: "30岁及以下"
        case .from31To40: "31–40岁"
        case .from41To50: "41–50岁"
        case .from51To60: "51–60岁"
        case .from61To70: "61–70岁"
        case .over70: "71岁及以上"
        }
    }

    /// Inclusive ages; nil for an open end.
    public var ages: (lower: Int?, upper: Int?) {
        switch self {
        case .upTo30: (nil, 30)
        case .from31To40: (31, 40)
        case .from41To50: (41, 50)
        case .from51To60: (51, 60)
        case .from61To70: (61, 70)
        case .over70: (71, nil)
        }
    }

    public init(age: Int) {
        self = Self.allCases.first { band in
            let (lower, upper) = band.ages
            return (lower.map { age >= $0 } ?? true) && (upper.map { age <= $0 } ?? true)
        }!
    }

    /// The birth dates of people in this band on `today`: born after `after` (exclusive) and on or before
    /// `onOrBefore` (inclusive); nil for an open end.
    public func birthDates(on today: CalendarDate) -> (after: CalendarDate?, onOrBefore: CalendarDate?) {
        let (lower, upper) = ages
        return (upper.map { today.adding(years: -($0 + 1)) }, lower.map { today.adding(years: -$0) })
    }
}
