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

    static func calculate(_ input: Input, rules: RuleBook) throws -> Output {
        guard let category = input.category.flatMap({ DuesCategory(rawValue: $0.trimmed) }) else {
            throw FormProblems(field: "category", "请选择党员类别（" + DuesCategory.allCases.map { "\($0.rawValue)：\($0.chinese)" }.joined(separator: "；") + "）")
        }
        let text = input.baseIncome?.trimmed ?? ""
        let base = Fen(yuan: text)
        if !category.isFixed && !text.isEmpty && base == nil {
            throw FormProblems(field: "baseIncome", "月缴纳基数应为不小于 0 的金额（元），最多两位小数，如 6200.00")
        }
        do {
            let amount = try DuesCalculator(rules: rules).monthly(category: category, base: base)
            return Output(monthlyFen: amount.monthly.value, monthly: amount.monthly.description, rate: amount.rate,
                          explanation: amount.explanation, source: amount.rule.source, rule: amount.rule.citation)
        } catch {
            throw FormProblems(field: "baseIncome", error.message)
        }
    }
}

struct DuesPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dues", "calculator", use: calculator).requires(.authenticated)
    }

    struct Page: Encodable {
        let layout: Layout
        let categories: [SelectOption]
        let input: DuesCalculation.Input
        let result: DuesCalculation.Output?
        let errors: [FieldError]
    }

    /// A GET form: the figures are nobody's secret and nothing is written.
    @Sendable func calculator(_ request: Request) async throws -> Response {
        let input = try request.query.decode(DuesCalculation.Input.self)
        var result: DuesCalculation.Output?
        var errors: [FieldError] = []
        if input.category != nil {
            do { result = try DuesCalculation.calculate(input, rules: request.services.rules) } catch let problems as FormProblems { errors = problems.errors }
        }
        let categories = DuesCategory.allCases.map { SelectOption(value: $0.rawValue, label: $0.chinese, selected: $0.rawValue == input.category) }
        return try await request.view.render("dues/calculator", Page(layout: Layout(request, title: "党费计算"), categories: categories,
                                                                     input: input, result: result, errors: errors))
            .encodeResponse(status: errors.isEmpty ? .ok : .unprocessableEntity, for: request)
    }
}

struct DuesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("dues", "calculate", use: calculate).requires(.authenticated)
    }

    @Sendable func calculate(_ request: Request) async throws -> DuesCalculation.Output {
        try DuesCalculation.calculate(try request.content.decode(DuesCalculation.Input.self), rules: request.services.rules)
    }
}
