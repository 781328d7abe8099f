import DangjianCore
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Party dues calculation")
struct DuesCalculationTests {
    @Test("the calculation answers every logged-in account as the issue specifies; bad input is a Chinese 422")
    func calculate() async throws {
        try await withWorld { world in
            let member = try await world.token("member")
            let response = try await world.send(.POST, "/api/v1/dues/calculate", token: member, json: ["category": "salaried", "baseIncome": "6200.00"])
            #expect(response.status == .ok)
            let output = try response.content.decode(DuesCalculation.Output.self)
            #expect(output.monthlyFen == 9300 && output.rate == "0.015")
            #expect(output.explanation == "月缴纳基数 6,200.00 元 × 1.5% = 93.00 元" && output.source.contains("中组发〔2008〕3号"))
            let farmer = try await world.send(.POST, "/api/v1/dues/calculate", token: member, json: ["category": "farmer"])
            #expect(try farmer.content.decode(DuesCalculation.Output.self).monthlyFen == 20)
            let badCategory = try await world.send(.POST, "/api/v1/dues/calculate", token: member, json: ["category": "worker", "baseIncome": "100"])
            #expect(badCategory.status == .unprocessableEntity && badCategory.body.string.contains("党员类别"))
            let badIncome = try await world.send(.POST, "/api/v1/dues/calculate", token: member, json: ["category": "retired", "baseIncome": "-5"])
            #expect(badIncome.status == .unprocessableEntity && badIncome.body.string.contains("月缴纳基数"))
            #expect(try await world.send(.POST, "/api/v1/dues/calculate", json: ["category": "salaried", "baseIncome": "100"]).status == .unauthorized)
            let page = try await world.browserLogin("member").get("/dues/calculator?category=salaried&baseIncome=6200")
            #expect(page.status == .ok && page.body.string.contains("93.00"))
        }
    }
}
