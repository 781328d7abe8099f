/// The categories of member whose monthly dues RULES.md §2 fixes differently.
public enum DuesCategory: String, Sendable, Codable, CaseIterable {
    case salaried
    case annualSalary = "annual-salary"
    case selfEmployed = "self-employed"
    case retired
    case farmer
    case student
    case unemployed
    case relief

    public var chinese: String {
        switch self {
        case .salaried: "在职党员（工资收入）"
        case .annualSalary: "实行年薪制的党员"
        case .selfEmployed: "个体经营等党员"
        case .retired: "离退休党员"
        case .farmer: "农民党员"
        case .student: "学生党员"
        case .unemployed: "下岗失业党员"
        case .relief: "依靠救济或低保的党员"
        }
    }

    /// The monthly base each category's percentage applies to.
    public var baseLabel: String {
        switch self {
        case .salaried: "每月工资收入（税后固定部分）"
        case .annualSalary: "当月实际领取的薪酬"
        case .selfEmployed: "上一季度月平均纯收入"
        case .retired: "每月实际领取的离退休费"
        case .farmer, .student, .unemployed, .relief: ""
        }
    }

    /// Categories that pay a fixed amount whatever their income.
    public var isFixed: Bool { [.farmer, .student, .unemployed, .relief].contains(self) }
}

/// Money in whole fen (分), written as yuan with two decimals.
public struct Fen: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let value: Int

    public init(_ value: Int) { self.value = value }

    /// `6200`, `6200.5`, `6,200.00`; at most two decimals, not negative.
    public init?(yuan text: String) {
        let cleaned = text.trimmed.replacingOccurrences(of: ",", with: "")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].isASCIIDigits, parts[0].count <= 9 else { return nil }
        guard let whole = Int(parts[0]) else { return nil }
        var fen = whole * 100
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].isASCIIDigits, let cents = Int(parts[1]) else { return nil }
            fen += cents * (parts[1].count == 1 ? 10 : 1)
        }
        value = fen
    }

    /// `6,200.00`, `-12.50`
    public var description: String {
        let magnitude = abs(value)
        let yuan = String(magnitude / 100)
        var grouped = ""
        for (index, digit) in yuan.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let cents = magnitude % 100
        return (value < 0 ? "-" : "") + String(grouped.reversed()) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    public static func < (lhs: Fen, rhs: Fen) -> Bool { lhs.value < rhs.value }
}

/// One month's dues as fixed for a member, with how it was worked out.
public struct DuesAmount: Sendable, Equatable {
    public let monthly: Fen
    /// The share of the base in basis points (150 = 1.5 %), nil for a fixed amount.
    public let basisPoints: Int?
    public let explanation: String
    public let rule: Rule

    /// `0.015`
    public var rate: String? {
        basisPoints.map { points in
            let digits = String(points)
            let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            var text = "0." + padded
            while text.hasSuffix("0") && !text.hasSuffix(".0") { text.removeLast() }
            return text
        }
    }
}

public enum DuesProblem: Error, Sendable, Equatable {
    case baseNeeded(DuesCategory)

    public var message: String {
        switch self {
        case .baseNeeded(let category): "请填写\(category.baseLabel)（元，最多两位小数）"
        }
    }
}

/// RULES.md §2: brackets and rates by category, all rule data; whole fen by the rounding rule in the table.
public struct DuesCalculator: Sendable {
    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func monthly(category: DuesCategory, base: Fen?) throws(DuesProblem) -> DuesAmount {
        switch category {
        case .farmer:
            let rule = rules[.duesFarmerFen]
            return DuesAmount(monthly: Fen(rule.value), basisPoints: nil,
                              explanation: "农民党员每月缴纳党费 \(Fen(rule.value)) 元（由省级党委组织部门确定）", rule: rule)
        case .student, .unemployed, .relief:
            let rule = rules[.duesMinimumFen]
            return DuesAmount(monthly: Fen(rule.value), basisPoints: nil,
                              explanation: "\(category.chinese)每月缴纳党费 \(Fen(rule.value)) 元", rule: rule)
        case .salaried, .annualSalary, .selfEmployed, .retired:
            guard let base else { throw .baseNeeded(category) }
            let rateRule = bracket(category: category, base: base)
            let points = rateRule.value
            let exact = base.value * points
            let monthly = rules.value(.duesRoundingHalfUp) == 1 ? (exact + 5_000) / 10_000 : exact / 10_000
            let whole = points / 100, part = points % 100
            let percent = part == 0 ? "\(whole)" : part % 10 == 0 ? "\(whole).\(part / 10)" : "\(whole).\(part < 10 ? "0" : "")\(part)"
            return DuesAmount(monthly: Fen(monthly), basisPoints: points,
                              explanation: "月缴纳基数 \(base) 元 × \(percent)% = \(Fen(monthly)) 元", rule: rateRule)
        }
    }

    /// The rate rule whose bracket holds `base` (upper bounds inclusive).
    func bracket(category: DuesCategory, base: Fen) -> Rule {
        if category == .retired {
            return base.value <= rules.value(.duesRetiredBracketYuan) * 100 ? rules[.duesRetiredLowerRate] : rules[.duesRetiredUpperRate]
        }
        if base.value <= rules.value(.duesFirstBracketYuan) * 100 { return rules[.duesFirstRate] }
        if base.value <= rules.value(.duesSecondBracketYuan) * 100 { return rules[.duesSecondRate] }
        if base.value <= rules.value(.duesThirdBracketYuan) * 100 { return rules[.duesThirdRate] }
        return rules[.duesTopRate]
    }
}
