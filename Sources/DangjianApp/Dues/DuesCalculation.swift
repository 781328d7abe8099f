import DangjianCore
import Vapor

/// 党费计算 — what a month's dues come to for a category and a base, open to every logged-in account so that a
/// member can check before the branch fixes the year's amount.
enum DuesCalculation {
    struct Input: Content {
        var category: String?
        var baseIncome: String?
    }

    struct Output: Content {
        let monthlyFen: Int
        let monthly: String
        let rate: String?
        let explanation: String
        let source: String
        let rule: String
    }

    /// A category and base read from a form, with the amount they come to.
    struct Fixed {
        let category: DuesCategory
        let base: Fen?
        let amount: DuesAmount
        var monthly: Fen { amount.monthly }
    }

    static func amount(category text: String?, baseIncome: String?, calculator: DuesCalculator) throws -> Fixed {
        guard let category = text.flatMap({ DuesCategory(rawValue: $0.trimmed) }) else {
            throw FormProblems(field: "category", "请选择党员类别（" + DuesCategory.allCases.map { "\($0.rawValue)：\($0.chinese)" }.joined(separator: "；") + "）")
        }
        let text = baseIncome?.trimmed ?? ""
        let base = category.isFixed ? nil : Fen(yuan: text)
        if !category.isFixed && !text.isEmpty && base == nil {
            throw FormProblems(field: "baseIncome", "月缴纳基数应为不小于 0 的金额（元），最多两位小数，如 6200.00")
        }
        do {
            return Fixed(category: category, base: base, amount: try calculator.monthly(category: category, base: base))
        } catch {
            throw FormProblems(field: "baseIncome", error.message)
        }
    }

    static func calculate(_ input: Input, rules: RuleBook) throws -> Output {
        let amount = try amount(category: input.category, baseIncome: input.baseIncome, calculator: DuesCalculator(rules: rules)).amount
        return Output(monthlyFen: amount.monthly.value, monthly: amount.monthly.description, rate: amount.rate,
                      explanation: amount.explanation, source: amount.rule.source, rule: amount.rule.citation)
    }
}

