/// The demo county's dues since January of last year: every member's amount fixed for both years, and monthly
/// payments up to last month (this month is still to collect) — most members up to date, a few stopped some months ago (so that arrears and their to-dos have something
/// to show), a few with one month missed.
public struct DemoDues: Sendable {
    public struct Assessment: Sendable {
        public let memberIndex: Int
        public let year: Int
        public let category: DuesCategory
        public let base: Fen?
        public let amount: DuesAmount
    }

    public struct Payment: Sendable {
        public let memberIndex: Int
        public let month: DuesMonth
        public let amount: Fen
        public let paidOn: CalendarDate
        public let method: DuesPaymentMethod
    }

    public let assessments: [Assessment]
    public let payments: [Payment]
}

extension DemoCounty {
    public func dues(through today: CalendarDate, rules: RuleBook) -> DemoDues {
        var random = SeededGenerator(seed: UInt64(today.year) &* 104_729 &+ 8)
        let calculator = DuesCalculator(rules: rules)
        let accountMembers = Set(accounts.compactMap(\.memberIndex))
        // In the demo members' own branch one neighbour has missed the last two months, for the secretary to chase.
        let showcase = accounts.first { $0.role == .member }?.memberIndex.flatMap { own in
            members.indices.first { members[$0].organizationKey == members[own].organizationKey && !accountMembers.contains($0) && members[$0].status.isInRegister }
        }
        let first = DuesMonth(year: today.year - 1, month: 1)!
        let current = DuesMonth(today)
        var assessments: [DemoDues.Assessment] = []
        var payments: [DemoDues.Payment] = []
        for (index, member) in members.enumerated() where member.status.isInRegister && member.joinedOn <= today {
            let category = DuesFixingRules.suggestedCategory(for: member.category)
            let monthlyBase: Int? = switch member.category {
            case .farmer, .student, .unemployed: nil
            case .retired: random.int(250...750) * 10
            case .enterpriseManager: random.int(600...2000) * 10
            case .professional: random.int(400...1200) * 10
            case .worker, .otherOccupation, .none: random.int(260...700) * 10
            default: random.int(450...950) * 10
            }
            var fixed: [Int: Fen] = [:]
            for year in [today.year - 1, today.year] where member.joinedOn.year <= year {
                let base = monthlyBase.map { Fen((year < today.year ? $0 * 97 / 100 : $0) * 100) }
                guard let amount = try? calculator.monthly(category: category, base: base) else { continue }
                fixed[year] = amount.monthly
                assessments.append(.init(memberIndex: index, year: year, category: category, base: base, amount: amount))
            }
            let start = max(first, DuesMonth(member.joinedOn))
            let lastGone = current.adding(months: -1)
            var unpaid = Set<DuesMonth>()
            if index == showcase {
                unpaid.formUnion(lastGone.adding(months: -1).through(lastGone))
            } else if !accountMembers.contains(index) {
                if random.chance(0.04) {
                    let run = random.int(1...8)
                    unpaid.formUnion(lastGone.adding(months: 1 - run).through(lastGone))
                } else if random.chance(0.03), start < lastGone {
                    unpaid.insert(DuesMonth(index: random.int(start.index...lastGone.index)))
                }
            }
            let method: DuesPaymentMethod = random.chance(0.6) ? .transfer : .cash
            let payDay = random.int(5...20)
            for month in start.through(lastGone) where !unpaid.contains(month) {
                guard let amount = fixed[month.year] else { continue }
                let paidOn = CalendarDate(year: month.year, month: month.month, day: payDay)!
                guard paidOn < today, paidOn >= member.joinedOn else { continue }
                payments.append(.init(memberIndex: index, month: month, amount: amount, paidOn: paidOn, method: method))
            }
        }
        return DemoDues(assessments: assessments, payments: payments)
    }
}
