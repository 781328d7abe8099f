/// 经费用途 — what party-building money (党建经费, and the dues a committee keeps) may be spent on. Each budget line
/// is for one purpose and money is kept to it (专款专用).
public enum FundPurpose: String, ChineseLabelled {
    /// 培训党员
    case training
    /// 订阅、购买党员教育报刊、资料、音像制品和设备
    case materials
    /// 组织开展党组织活动（主题党日等）
    case activities
    /// 党员活动阵地建设和维护
    case facilities
    /// 表彰先进基层党组织、优秀共产党员和优秀党务工作者
    case commendation
    /// 补助生活困难的党员
    case hardshipAid
    /// 补助遭受严重自然灾害的党员，修缮因灾受损的基层党员教育设施
    case disasterRelief

    public var chinese: String {
        switch self {
        case .training: "培训党员"
        case .materials: "党员教育报刊资料和设备"
        case .activities: "开展党组织活动"
        case .facilities: "党员活动阵地建设"
        case .commendation: "表彰先进"
        case .hardshipAid: "补助生活困难党员"
        case .disasterRelief: "补助受灾党员和修缮受损设施"
        }
    }
}

public enum FundProblem: Error, Sendable, Equatable {
    /// Nothing is budgeted for this purpose in this year.
    case outsidePurpose(FundPurpose)
    /// The spending would take the purpose past its budget; `remaining` is what is left.
    case overBudget(FundPurpose, remaining: Fen)
    case overrideReason
    case amount
    /// The fund does not hold enough for a grant.
    case insufficientFund(balance: Fen)

    public var message: String {
        switch self {
        case .outsidePurpose(let purpose):
            "本年度没有“\(purpose.chinese)”的经费预算，经费应专款专用，不能列支；确需列支的，须写明理由并将被记入审计日志"
        case .overBudget(let purpose, let remaining):
            "“\(purpose.chinese)”预算只剩 \(remaining) 元，超出预算不能列支；确需列支的，须写明理由并将被记入审计日志"
        case .overrideReason: "超出用途或预算列支的，请写明理由（10 字以上）"
        case .amount: "金额应大于 0（元，最多两位小数）"
        case .insufficientFund(let balance): "党内温暖工程资金余额 \(balance) 元，不足以发放这笔补助"
        }
    }
}

/// 专款专用: spending is refused when nothing is budgeted for its purpose or when it would pass the budget, unless
/// the keeper states why (an override, which the app records on the spending and audits apart).
public struct FundRules: Sendable {
    public struct Decision: Sendable, Equatable {
        /// The problem that was overridden, if any.
        public let overridden: FundProblem?
        public let remainingAfter: Fen?
    }

    public init() {}

    public func checkSpending(purpose: FundPurpose, amount: Fen, budget: Fen?, spent: Fen, override: String?) throws(FundProblem) -> Decision {
        guard amount.value > 0 else { throw .amount }
        let problem: FundProblem?
        if let budget {
            let remaining = budget.value - spent.value
            problem = amount.value > remaining ? .overBudget(purpose, remaining: Fen(max(0, remaining))) : nil
        } else {
            problem = .outsidePurpose(purpose)
        }
        guard let problem else { return Decision(overridden: nil, remainingAfter: budget.map { Fen($0.value - spent.value - amount.value) }) }
        guard let override else { throw problem }
        guard override.trimmed.count >= 10 else { throw .overrideReason }
        return Decision(overridden: problem, remainingAfter: budget.map { Fen($0.value - spent.value - amount.value) })
    }

    /// A 党内温暖工程 grant is paid only from what the fund holds.
    public func checkGrant(amount: Fen, balance: Fen) throws(FundProblem) {
        guard amount.value > 0 else { throw .amount }
        guard amount <= balance else { throw .insufficientFund(balance: balance) }
    }
}

/// 党内温暖工程资金来源
public enum WarmthSource: String, ChineseLabelled {
    /// 财政拨款
    case fiscal
    /// 党组织从党费或经费中划拨
    case organization
    /// 党员、干部自愿捐款
    case memberDonation

    public var chinese: String {
        switch self {
        case .fiscal: "财政拨款"
        case .organization: "党组织划拨"
        case .memberDonation: "党员捐款"
        }
    }
}
