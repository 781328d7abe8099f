import Testing
@testable import DangjianCore

@Suite("爱心存折")
struct TimeBankTests {
    /// 2026-11-03 (a day in the fourth quarter), and the days after it.
    let day = CalendarDate(daysSinceEpoch: 20_760)

    static func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(parsing: text)) }

    @Test("two hours at most per activity, once; a complaint takes them back; exchanged points leave the balance, not the hours served")
    func rules() throws {
        #expect(day.description == "2026-11-03")
        var ledger = TimeBank.Ledger()
        #expect(try ledger.confirm(35, volunteer: 1, activity: 10, on: day) == 20)
        #expect(throws: TimeBank.Problem.alreadyCredited) { try ledger.confirm(10, volunteer: 1, activity: 10, on: day) }
        #expect(throws: TimeBank.Problem.hoursOutOfRange) { try ledger.confirm(0, volunteer: 1, activity: 11, on: day) }
        try ledger.confirm(15, volunteer: 1, activity: 11, on: day)
        #expect(ledger.balance(.volunteer(1)) == 35 && ledger.served(1) == 35)
        try ledger.exchange(30, volunteer: 1, supermarket: 7, on: day)
        #expect(ledger.balance(.volunteer(1)) == 5 && ledger.served(1) == 35 && ledger.balance(.supermarket(7)) == 30)
        // Once a quarter: the same quarter refused, the next one allowed.
        #expect(throws: TimeBank.Problem.alreadyExchangedThisQuarter(on: day)) {
            try ledger.exchange(5, volunteer: 1, supermarket: 7, on: try Self.date("2026-12-30"))
        }
        #expect(throws: TimeBank.Problem.notEnoughPoints(balance: 5)) {
            try ledger.exchange(6, volunteer: 1, supermarket: 7, on: try Self.date("2027-01-02"))
        }
        // A valid complaint about activity 10 zeroes its two hours: the balance goes below zero, the hours served drop.
        #expect(try ledger.uphold(complaintAgainst: 1, activity: 10, on: day) == 20)
        #expect(ledger.balance(.volunteer(1)) == -15 && ledger.served(1) == 15 && ledger.credited(1, by: 10) == 0)
        #expect(throws: TimeBank.Problem.notCredited) { try ledger.uphold(complaintAgainst: 1, activity: 10, on: day) }
        #expect(throws: TimeBank.Problem.alreadyCredited) { try ledger.confirm(20, volunteer: 1, activity: 10, on: day) }
        #expect(throws: TimeBank.Problem.unbalanced) {
            try TimeBank.Transfer(kind: .donation, on: day, movements: [.init(.donor(1), -5), .init(.activity(2), 4)])
        }
        // A deployment that credits three hours and allows two exchanges a quarter says so in its rules.
        let book = try RuleBook.national.applying([RuleBook.Override(id: "volunteer.credit-cap-hours", value: 3),
                                                   RuleBook.Override(id: "volunteer.exchanges-per-quarter", value: 2)])
        var generous = TimeBank.Ledger()
        #expect(try generous.confirm(35, volunteer: 2, activity: 1, on: day, rules: TimeBank.Rules(book)) == 30)
        try generous.exchange(10, volunteer: 2, supermarket: 1, on: day, rules: TimeBank.Rules(book))
        try generous.exchange(10, volunteer: 2, supermarket: 1, on: day, rules: TimeBank.Rules(book))
        #expect(throws: TimeBank.Problem.alreadyExchangedThisQuarter(on: day)) {
            try generous.exchange(10, volunteer: 2, supermarket: 1, on: day, rules: TimeBank.Rules(book))
        }
        #expect(TimeBank.Rules(RuleBook.national).creditCapTenths == 20)
        #expect(TimeBank.stars(servedTenths: 495, thresholds: [10, 50, 100]) == 1 && TimeBank.stars(servedTenths: 500, thresholds: [10, 50, 100]) == 2)
    }

    @Test("after any sequence of confirmations, complaints, exchanges and donations the ledger balances and each balance is what it should be",
          arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func alwaysBalances(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var ledger = TimeBank.Ledger()
        var expected: [Int: (balance: Int, served: Int)] = [:]
        var credited: [[Int]: Int] = [:]
        for step in 0..<400 {
            let volunteer = Int(generator.next() % 5), activity = Int(generator.next() % 12), amount = Int(generator.next() % 40)
            let date = CalendarDate(daysSinceEpoch: 20_454 + step)
            switch generator.next() % 4 {
            case 0:
                if let given = try? ledger.confirm(amount, volunteer: volunteer, activity: activity, on: date) {
                    #expect(given == min(amount, 20) && credited[[volunteer, activity]] == nil)
                    credited[[volunteer, activity]] = given
                    expected[volunteer, default: (balance: 0, served: 0)].balance += given
                    expected[volunteer, default: (balance: 0, served: 0)].served += given
                }
            case 1:
                if let taken = try? ledger.uphold(complaintAgainst: volunteer, activity: activity, on: date) {
                    #expect(taken == credited[[volunteer, activity]])
                    credited[[volunteer, activity]] = 0
                    expected[volunteer, default: (balance: 0, served: 0)].balance -= taken
                    expected[volunteer, default: (balance: 0, served: 0)].served -= taken
                }
            case 2:
                let before = ledger.balance(.volunteer(volunteer))
                if (try? ledger.exchange(amount, volunteer: volunteer, supermarket: 1, on: date)) != nil {
                    #expect(amount <= before)
                    expected[volunteer, default: (balance: 0, served: 0)].balance -= amount
                }
            default:
                try? ledger.donate(amount, from: 9, to: activity, on: date)
            }
            #expect(ledger.balances.values.reduce(0, +) == 0, "the ledger balances after step \(step)")
            #expect(ledger.transfers.allSatisfy { $0.movements.reduce(0) { $0 + $1.tenths } == 0 })
        }
        for (volunteer, want) in expected {
            #expect(ledger.balance(.volunteer(volunteer)) == want.balance && ledger.served(volunteer) == want.served)
        }
        // No quarter holds more than one exchange by the same volunteer.
        let exchanges = ledger.transfers.filter { $0.kind == .exchange }
        let perQuarter = Dictionary(grouping: exchanges) { transfer in
            [transfer.on.year, (transfer.on.month - 1) / 3] + transfer.movements.compactMap { movement -> Int? in
                if case .volunteer(let id) = movement.holder { return id }
                return nil
            }
        }
        #expect(perQuarter.values.allSatisfy { $0.count == 1 })
    }
}

@Suite("爱心存折: what people type, stars, the quarterly posting")
struct TimeBankTextTests {
    @Test("hours typed as people type them; nonsense and more than a day refused")
    func typedHours() {
        #expect(TimeBank.tenths(parsing: "2") == 20)
        #expect(TimeBank.tenths(parsing: " 1.5 ") == 15)
        #expect(TimeBank.tenths(parsing: "０.５") == 5)
        #expect(TimeBank.tenths(parsing: "3小时") == 30)
        #expect(TimeBank.tenths(parsing: "24") == 240)
        for text in ["", "25", "1.25", "-1", "abc", "1.", ".5x", "1e3", "99999999999999999999"] {
            #expect(TimeBank.tenths(parsing: text) == nil, "\(text)")
        }
    }

    @Test("a star for each ten hours served in the year (rule data), five at most")
    func stars() {
        let rules = RuleBook.national
        #expect(TimeBank.stars(servedTenths: 99, rules: rules) == 0)
        #expect(TimeBank.stars(servedTenths: 100, rules: rules) == 1)
        #expect(TimeBank.stars(servedTenths: 350, rules: rules) == 3)
        #expect(TimeBank.stars(servedTenths: 9_000, rules: rules) == 5)
    }

    @Test("the posting covers the last finished quarter, across the turn of the year")
    func posting() throws {
        let december = try #require(CalendarDate(year: 2026, month: 12, day: 1))
        #expect(TimeBank.posting(today: december).until.description == "2026-09-30")
        #expect(TimeBank.posting(today: december).label == "2026年第三季度")
        let january = try #require(CalendarDate(year: 2027, month: 1, day: 15))
        #expect(TimeBank.posting(today: january).until.description == "2026-12-31")
        #expect(TimeBank.posting(today: january).label == "2026年第四季度")
        let april = try #require(CalendarDate(year: 2027, month: 4, day: 1))
        #expect(TimeBank.posting(today: april).until.description == "2027-03-31")
    }
}
