/// 党费账 — what one member owed and paid, month by month (RULES.md §2).
///
/// A month is owed from the month the branch meeting admitted the member (probationary members pay from then) until
/// the month they left the register, at the amount fixed for its year (核定). A year not yet fixed is owed at the
/// last fixed amount and marked provisional; months before the first year ever fixed are outside the ledger. An
/// approved hardship reduction replaces the amount for its months (zero is an exemption).
public struct DuesLedger: Sendable {
    public struct Reduction: Sendable, Hashable {
        public let period: DuesPeriod
        public let monthly: Fen

        public init(period: DuesPeriod, monthly: Fen) {
            self.period = period
            self.monthly = monthly
        }
    }

    public struct Facts: Sendable {
        public let startsOn: CalendarDate
        public let endsOn: CalendarDate?
        /// The monthly amount fixed for each year.
        public let fixed: [Int: Fen]
        public let reductions: [Reduction]
        /// What was paid for each month.
        public let paid: [DuesMonth: Fen]

        public init(startsOn: CalendarDate, endsOn: CalendarDate? = nil, fixed: [Int: Fen], reductions: [Reduction] = [], paid: [DuesMonth: Fen]) {
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.fixed = fixed
            self.reductions = reductions
            self.paid = paid
        }
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case paid
        /// A month gone by and not paid.
        case owing
        /// This month, not yet paid.
        case due
        /// Paid ahead (quarterly payment).
        case paidAhead
        /// Reduced to nothing by an approved hardship exemption.
        case exempt
        /// Not owed yet: a month still to come.
        case upcoming

        public var chinese: String {
            switch self {
            case .paid: "已交"
            case .owing: "欠交"
            case .due: "本月应交"
            case .paidAhead: "已预交"
            case .exempt: "免交"
            case .upcoming: "未到期"
            }
        }
    }

    public struct Line: Sendable, Hashable {
        public let month: DuesMonth
        public let due: Fen
        public let paid: Fen?
        public let state: State
        /// The year is not fixed yet; the amount is last year's.
        public let provisional: Bool
        public let reduced: Bool
    }

    /// Who owes what since when.
    public struct Arrears: Sendable, Hashable {
        /// Every month gone by that is owed and unpaid, oldest first (months of a year not yet fixed are left out: they
        /// could not be paid).
        public let months: [DuesMonth]
        public let owed: Fen
        /// The unpaid months running up to last month without a break (党章 art. 9 counts these).
        public let consecutive: Int
        /// The first month of that run.
        public let since: DuesMonth?

        public var isEmpty: Bool { months.isEmpty }
    }

    public let facts: Facts

    public init(_ facts: Facts) { self.facts = facts }

    /// The first month the ledger holds: the admission month, but not before the first year ever fixed.
    public var firstMonth: DuesMonth? {
        guard let firstYear = facts.fixed.keys.min() else { return nil }
        return max(DuesMonth(facts.startsOn), DuesMonth(year: firstYear, month: 1)!)
    }

    public var lastMonth: DuesMonth? { facts.endsOn.map(DuesMonth.init) }

    /// The amount owed for `month`, or nil when it is outside the ledger.
    public func due(_ month: DuesMonth) -> (amount: Fen, provisional: Bool, reduced: Bool)? {
        guard let first = firstMonth, month >= first, lastMonth.map({ month <= $0 }) ?? true else { return nil }
        if let reduction = facts.reductions.last(where: { $0.period.contains(month) }) { return (reduction.monthly, false, true) }
        if let amount = facts.fixed[month.year] { return (amount, false, false) }
        guard let earlier = facts.fixed.keys.filter({ $0 < month.year }).max() else { return nil }
        return (facts.fixed[earlier]!, true, false)
    }

    /// The ledger's months through `last` (normally the end of this year), each with its state on `today`.
    public func lines(through last: DuesMonth, today: CalendarDate) -> [Line] {
        guard let first = firstMonth else { return [] }
        let current = DuesMonth(today)
        let end = lastMonth.map { min($0, last) } ?? last
        return first.through(end).compactMap { month in
            guard let (amount, provisional, reduced) = due(month) else { return nil }
            let paid = facts.paid[month]
            let state: State
            if amount.value == 0 { state = .exempt }
            else if paid != nil { state = month > current ? .paidAhead : .paid }
            else if month < current { state = .owing }
            else if month == current { state = .due }
            else { state = .upcoming }
            return Line(month: month, due: amount, paid: paid, state: state, provisional: provisional, reduced: reduced)
        }
    }

    public func arrears(on today: CalendarDate) -> Arrears {
        let lastGone = DuesMonth(today).adding(months: -1)
        let lines = lines(through: lastGone, today: today)
        // A month of a year the branch has not fixed could not be paid: it is shown, but not held against the member.
        func owed(_ line: Line) -> Bool { line.state == .owing && !line.provisional }
        let owing = lines.filter(owed)
        let run = lines.last?.month == lastGone ? Array(lines.reversed().prefix(while: owed)) : []
        return Arrears(months: owing.map(\.month), owed: Fen(owing.reduce(0) { $0 + $1.due.value }), consecutive: run.count, since: run.last?.month)
    }
}

/// 交纳方式 — how a payment was made.
public enum DuesPaymentMethod: String, ChineseLabelled {
    case cash
    case transfer
    /// 他人代交 — paid by another member, with the branch's approval.
    case proxy

    public var chinese: String {
        switch self {
        case .cash: "现金"
        case .transfer: "转账"
        case .proxy: "他人代交"
        }
    }
}

public enum DuesPaymentProblem: Error, Sendable, Equatable {
    case noMonths
    case futureDate
    case outsideLedger(DuesMonth)
    case notFixed(DuesMonth)
    case alreadyPaid(DuesMonth)
    case exempt(DuesMonth)
    case tooFarBack(DuesMonth, earliest: DuesMonth, rule: Rule)
    case beyondQuarter(DuesMonth, last: DuesMonth)
    case approvalNeeded(String)
    case payerNeeded

    public var message: String {
        switch self {
        case .noMonths: "请选择交纳的月份"
        case .futureDate: "交纳日期不能晚于今天"
        case .outsideLedger(let month): "\(month.chinese)不在该党员应交党费的期间内（入党之前、首次核定之前或已离开党组织）"
        case .notFixed(let month): "\(month.year)年的党费尚未核定，请先核定后再收缴\(month.chinese)的党费"
        case .alreadyPaid(let month): "\(month.chinese)的党费已经交纳"
        case .exempt(let month): "\(month.chinese)经批准免交党费"
        case .tooFarBack(let month, let earliest, let rule):
            "补缴党费最多补缴 \(rule.value) 个月（\(rule.source)）：\(month.chinese)早于可补缴的最早月份\(earliest.chinese)"
        case .beyondQuarter(let month, let last): "按季度交纳最多交到本季度末（\(last.chinese)），\(month.chinese)不能预交"
        case .approvalNeeded(let what): "\(what)须经支部同意，请填写同意的记录（如“支委会 3 月 5 日同意”）"
        case .payerNeeded: "他人代交须写明代交人"
        }
    }
}

/// The checks on recording a payment (RULES.md §2): back payment, quarterly payment and payment by another person
/// need the branch's approval; back payment reaches at most six months before the month of payment; a month is paid
/// once, at the amount fixed for it.
public struct DuesPaymentRules: Sendable {
    public struct Payment: Sendable {
        public let months: [DuesMonth]
        public let paidOn: CalendarDate
        public let method: DuesPaymentMethod
        public let payer: String?
        public let approval: String?

        public init(months: [DuesMonth], paidOn: CalendarDate, method: DuesPaymentMethod, payer: String? = nil, approval: String? = nil) {
            self.months = months
            self.paidOn = paidOn
            self.method = method
            self.payer = payer
            self.approval = approval
        }

        public var hasApproval: Bool { (approval?.trimmed.count ?? 0) >= 2 }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// The months to record with the amount of each, or the first problem found.
    public func check(_ payment: Payment, ledger: DuesLedger, today: CalendarDate) throws(DuesPaymentProblem) -> [(month: DuesMonth, amount: Fen)] {
        let months = Array(Set(payment.months)).sorted()
        guard !months.isEmpty else { throw .noMonths }
        guard payment.paidOn <= today else { throw .futureDate }
        let paidIn = DuesMonth(payment.paidOn)
        let backRule = rules[.duesBackPaymentMonths]
        let earliest = paidIn.adding(months: -backRule.value)
        var result: [(DuesMonth, Fen)] = []
        for month in months {
            if month < paidIn && month < earliest { throw .tooFarBack(month, earliest: earliest, rule: backRule) }
            if month > paidIn.endOfQuarter { throw .beyondQuarter(month, last: paidIn.endOfQuarter) }
            guard let (amount, provisional, _) = ledger.due(month) else {
                throw ledger.facts.fixed.isEmpty ? .notFixed(month) : .outsideLedger(month)
            }
            if provisional { throw .notFixed(month) }
            if ledger.facts.paid[month] != nil { throw .alreadyPaid(month) }
            if amount.value == 0 { throw .exempt(month) }
            result.append((month, amount))
        }
        if !payment.hasApproval {
            if months.contains(where: { $0 < paidIn }) { throw .approvalNeeded("补缴党费") }
            if months.contains(where: { $0 > paidIn }) { throw .approvalNeeded("按季度交纳（预交）") }
            if payment.method == .proxy { throw .approvalNeeded("他人代交") }
        }
        if payment.method == .proxy && (payment.payer?.trimmed.count ?? 0) < 2 { throw .payerNeeded }
        return result
    }

    /// 自愿多交 — a single voluntary payment of the threshold or more goes entirely to the Centre.
    public func goesToCentre(_ amount: Fen) -> Bool {
        amount.value >= rules.value(.duesCentreThresholdYuan) * 100
    }
}
