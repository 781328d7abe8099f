import Testing
@testable import DangjianCore

@Suite("Party dues: the brackets of RULES.md §2")
struct DuesTests {
    let calculator = DuesCalculator(rules: .national)

    func monthly(_ category: DuesCategory, _ base: String?) throws -> DuesAmount {
        try calculator.monthly(category: category, base: base.flatMap(Fen.init(yuan:)))
    }

    @Test("salaried, annual salary and self-employed: each bracket at, just above and around its bound", arguments: [
        ("3000.00", 50, 1500), ("3000.01", 100, 3000), ("5000.00", 100, 5000), ("5000.01", 150, 7500),
        ("6200.00", 150, 9300), ("10000.00", 150, 15000), ("10000.01", 200, 20000), ("0.00", 50, 0), ("1.00", 50, 1),
    ])
    func brackets(_ base: String, _ points: Int, _ fen: Int) throws {
        for category in [DuesCategory.salaried, .annualSalary, .selfEmployed] {
            let amount = try monthly(category, base)
            #expect(amount.basisPoints == points && amount.monthly.value == fen, "\(category) \(base)")
        }
    }

    @Test("retired: 0.5 % up to 5,000 yuan of pension, 1 % above", arguments: [("5000.00", 50, 2500), ("5000.01", 100, 5000), ("4000.00", 50, 2000)])
    func retired(_ base: String, _ points: Int, _ fen: Int) throws {
        let amount = try monthly(.retired, base)
        #expect(amount.basisPoints == points && amount.monthly.value == fen)
    }

    @Test("fixed amounts: farmers by the province's figure, students, the unemployed and those on relief 0.2 yuan")
    func fixed() throws {
        #expect(try monthly(.farmer, nil).monthly.value == 20)
        for category in [DuesCategory.student, .unemployed, .relief] {
            #expect(try monthly(category, "99999").monthly.value == 20 && monthly(category, nil).basisPoints == nil)
        }
        var book = RuleBook.national
        book = try book.applying([.init(id: "dues.farmer-monthly-fen", value: 100)])
        #expect(try DuesCalculator(rules: book).monthly(category: .farmer, base: nil).monthly.value == 100)
    }

    @Test("whole fen, half up by the rule in the table: 1,234.50 × 0.5 % = 6.17, 1,235.00 × 0.5 % = 6.18", arguments: [
        ("1234.50", 617), ("1235.00", 618), ("3333.33", 3333),
    ])
    func rounding(_ base: String, _ fen: Int) throws {
        #expect(try monthly(.salaried, base).monthly.value == fen)
    }

    @Test("the explanation shows the sum; the rate reads as a decimal")
    func explanation() throws {
        let amount = try monthly(.salaried, "6200.00")
        #expect(amount.explanation == "月缴纳基数 6,200.00 元 × 1.5% = 93.00 元")
        #expect(amount.rate == "0.015" && amount.rule.source.contains("中组发〔2008〕3号"))
        #expect(try monthly(.salaried, "100").rate == "0.005")
        #expect(try monthly(.salaried, "20000").rate == "0.02")
    }

    @Test("incomes are yuan with at most two decimals, never negative; a percentage category needs one", arguments: [
        "-1", "12.345", "abc", "", "1e5", "1.2.3",
    ])
    func badIncome(_ text: String) {
        #expect(Fen(yuan: text) == nil)
        #expect(throws: DuesProblem.baseNeeded(.salaried)) { try calculator.monthly(category: .salaried, base: Fen(yuan: text)) }
    }
}
