/// 四议两公开 — how a village decides a major matter (RULES.md §10, 《中国共产党农村基层组织工作条例》): 村党组织提议 →
/// 村“两委”会议商议 → 党员大会审议 → 村民会议或村民代表会议决议, then 决议公开 and 实施结果公开, in that order.
public enum DeliberationStep: String, ChineseLabelled {
    case proposal, consultation, partyReview, resolution, resolutionPublished, resultPublished

    public var chinese: String {
        switch self {
        case .proposal: "村党组织提议"
        case .consultation: "村“两委”会议商议"
        case .partyReview: "党员大会审议"
        case .resolution: "村民会议或村民代表会议决议"
        case .resolutionPublished: "决议公开"
        case .resultPublished: "实施结果公开"
        }
    }

    /// The meetings a step may be taken at; empty for the two 公开 steps.
    public var assemblies: [Assembly] {
        switch self {
        case .proposal: [.partyCommittee]
        case .consultation: [.twoCommittees]
        case .partyReview: [.partyGeneral]
        case .resolution: [.villagerAssembly, .householdAssembly, .representativeAssembly]
        case .resolutionPublished, .resultPublished: []
        }
    }

    public var isPublication: Bool { assemblies.isEmpty }

    public static let source = "《中国共产党农村基层组织工作条例》（2019）"
}

/// The meeting that takes a step, with its own quorum and majority.
public enum Assembly: String, ChineseLabelled {
    /// 村党组织（支部委员会）会议
    case partyCommittee
    /// 村“两委”联席会议
    case twoCommittees
    /// 党员大会
    case partyGeneral
    /// 村民会议（十八周岁以上村民）
    case villagerAssembly
    /// 村民会议（户代表）
    case householdAssembly
    /// 村民代表会议
    case representativeAssembly

    public var chinese: String {
        switch self {
        case .partyCommittee: "村党组织会议"
        case .twoCommittees: "村“两委”联席会议"
        case .partyGeneral: "党员大会"
        case .villagerAssembly: "村民会议（十八周岁以上村民）"
        case .householdAssembly: "村民会议（户的代表）"
        case .representativeAssembly: "村民代表会议"
        }
    }

    /// Who is on the roll: `应到 … 人`.
    public var rollName: String {
        switch self {
        case .partyCommittee: "应到会委员"
        case .twoCommittees: "村“两委”成员"
        case .partyGeneral: "应到会有表决权的正式党员"
        case .villagerAssembly: "本村十八周岁以上村民"
        case .householdAssembly: "本村户数"
        case .representativeAssembly: "村民代表会议组成人员"
        }
    }

    public var source: String {
        switch self {
        case .partyCommittee: "《中国共产党支部工作条例（试行）》"
        case .twoCommittees: DeliberationStep.source
        case .partyGeneral: "《中国共产党章程》第七条、《中国共产党支部工作条例（试行）》"
        case .villagerAssembly, .householdAssembly: "《中华人民共和国村民委员会组织法》第二十二条"
        case .representativeAssembly: "《中华人民共和国村民委员会组织法》第二十六条"
        }
    }

    /// More than half of the roll present, or two thirds (households, representatives).
    public func quorate(roll: Int, present: Int) -> Bool {
        switch self {
        case .householdAssembly, .representativeAssembly: present * 3 >= roll * 2
        default: present * 2 > roll
        }
    }

    public var quorumText: String {
        switch self {
        case .householdAssembly: "三分之二以上的户的代表参加"
        case .representativeAssembly: "三分之二以上的组成人员参加"
        default: "超过\(rollName)的半数到会"
        }
    }

    /// A Party meeting passes with more than half of those entitled; the others with more than half of those present.
    public var majorityOfRoll: Bool { self == .partyCommittee || self == .partyGeneral }
}

/// The votes of one meeting.
public struct AssemblyVote: Sendable, Codable, Equatable {
    public var roll: Int
    public var present: Int
    public var yes: Int
    public var no: Int
    public var abstain: Int

    public init(roll: Int, present: Int, yes: Int, no: Int, abstain: Int) {
        self.roll = roll
        self.present = present
        self.yes = yes
        self.no = no
        self.abstain = abstain
    }
}

public struct AssemblyOutcome: Sendable, Codable, Equatable {
    public let quorate: Bool
    public let passed: Bool
    public let reasons: [String]
}

extension Assembly {
    /// Whether the meeting could decide and whether it passed, each with the sentence and rule the page shows.
    public func evaluate(_ vote: AssemblyVote) throws(VoteProblem) -> AssemblyOutcome {
        let counts = [vote.roll, vote.present, vote.yes, vote.no, vote.abstain]
        guard counts.allSatisfy({ $0 >= 0 && $0 <= VoteRules.largestCount }) else {
            throw .inconsistent("人数和票数应在 0 到 \(VoteRules.largestCount) 之间")
        }
        guard vote.roll > 0 else { throw .inconsistent("\(rollName)人数应大于 0") }
        guard vote.present <= vote.roll else { throw .inconsistent("实到 \(vote.present) 人，多于\(rollName) \(vote.roll) 人") }
        guard vote.yes + vote.no + vote.abstain <= vote.present else {
            throw .inconsistent("赞成、反对、弃权合计 \(vote.yes + vote.no + vote.abstain) 票，多于实到的 \(vote.present) 人")
        }
        let quorate = quorate(roll: vote.roll, present: vote.present)
        var reasons = [quorate
            ? "\(rollName) \(vote.roll) 人，实到 \(vote.present) 人，达到“\(quorumText)”，会议有效（依据\(source)）"
            : "\(rollName) \(vote.roll) 人，实到 \(vote.present) 人，未达到“\(quorumText)”，不能作出决定（依据\(source)）"]
        let base = majorityOfRoll ? vote.roll : vote.present
        let passed = quorate && vote.yes * 2 > base
        if quorate {
            let against = majorityOfRoll ? "\(rollName) \(base) 人" : "到会 \(base) 人"
            reasons.append(passed ? "赞成 \(vote.yes) 票，超过\(against)的半数，通过" : "赞成 \(vote.yes) 票，未超过\(against)的半数，未通过")
        }
        return AssemblyOutcome(quorate: quorate, passed: passed, reasons: reasons)
    }
}

public enum DeliberationState: String, ChineseLabelled {
    /// Steps are still to be taken.
    case open
    /// A meeting did not pass it: the matter stops here (it may be proposed again).
    case rejected
    /// Decided, published, and its results published.
    case completed

    public var chinese: String {
        switch self {
        case .open: "进行中"
        case .rejected: "未通过"
        case .completed: "已完成"
        }
    }
}

public enum DeliberationRefusal: Error, Equatable, Sendable {
    case closed(DeliberationState)
    case outOfOrder(expected: DeliberationStep, given: DeliberationStep)
    case wrongAssembly(DeliberationStep)
    case beforePrevious(CalendarDate)
    case inFuture
    case vote(String)

    public var message: String {
        switch self {
        case .closed(let state): "这项议事已\(state.chinese)，不能再登记环节；需要时请重新提议"
        case .outOfOrder(let expected, let given):
            "四议两公开须按顺序进行：下一步是“\(expected.chinese)”，不能先登记“\(given.chinese)”（依据\(DeliberationStep.source)）"
        case .wrongAssembly(let step): "“\(step.chinese)”应由\(step.assemblies.map(\.chinese).joined(separator: "或"))进行"
        case .beforePrevious(let date): "日期不能早于上一环节（\(date)）"
        case .inFuture: "日期不能晚于今天，会议开过后再登记"
        case .vote(let text): text
        }
    }
}

/// Where a deliberation stands: the steps taken, and which one may come next.
public struct DeliberationFlow: Sendable, Equatable {
    public struct Taken: Sendable, Equatable {
        public let step: DeliberationStep
        public let on: CalendarDate
        public let passed: Bool

        public init(step: DeliberationStep, on: CalendarDate, passed: Bool) {
            self.step = step
            self.on = on
            self.passed = passed
        }
    }

    public private(set) var taken: [Taken]

    public init(taken: [Taken]) { self.taken = taken }

    public var state: DeliberationState {
        if taken.contains(where: { !$0.passed }) { return .rejected }
        return taken.count == DeliberationStep.allCases.count ? .completed : .open
    }

    public var next: DeliberationStep? {
        state == .open ? DeliberationStep.allCases[taken.count] : nil
    }

    /// Takes `step` on `date` at `assembly` (nil for a 公开 step), checking the order, the meeting and the vote; answers
    /// the vote's outcome (nil for a 公开 step).
    @discardableResult
    public mutating func take(_ step: DeliberationStep, on date: CalendarDate, today: CalendarDate, assembly: Assembly?,
                              vote: AssemblyVote?) throws(DeliberationRefusal) -> AssemblyOutcome? {
        guard let next else { throw .closed(state) }
        guard step == next else { throw .outOfOrder(expected: next, given: step) }
        guard date <= today else { throw .inFuture }
        if let last = taken.last, date < last.on { throw .beforePrevious(last.on) }
        guard !step.isPublication else {
            taken.append(Taken(step: step, on: date, passed: true))
            return nil
        }
        guard let assembly, step.assemblies.contains(assembly), let vote else { throw .wrongAssembly(step) }
        let outcome: AssemblyOutcome
        do { outcome = try assembly.evaluate(vote) } catch { throw .vote(VoteRules.message(for: error)) }
        // A meeting without its quorum decides nothing: it is held again, and nothing is recorded.
        guard outcome.quorate else { throw .vote(outcome.reasons.joined(separator: "；") + "。请另行召开会议") }
        taken.append(Taken(step: step, on: date, passed: outcome.passed))
        return outcome
    }
}
