/// 支部大会表决 — the tally of one branch general meeting vote on one candidate (admission or 转正).
public struct VoteTally: Sendable, Codable, Equatable {
    /// 应到会有表决权的正式党员 — full members entitled to vote. Probationary members are never counted.
    public var entitled: Int
    /// Entitled members left out of the count with higher approval (abroad over six months, too ill to express a view).
    public var excluded: Int
    /// Voting full members present.
    public var present: Int
    public var yes: Int
    public var no: Int
    public var abstain: Int
    /// Written opinions of absent voting members.
    public var writtenYes: Int
    public var writtenNo: Int

    public init(entitled: Int, excluded: Int = 0, present: Int, yes: Int, no: Int, abstain: Int, writtenYes: Int = 0, writtenNo: Int = 0) {
        self.entitled = entitled
        self.excluded = excluded
        self.present = present
        self.yes = yes
        self.no = no
        self.abstain = abstain
        self.writtenYes = writtenYes
        self.writtenNo = writtenNo
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(entitled: try c.decode(Int.self, forKey: .entitled), excluded: try c.decodeIfPresent(Int.self, forKey: .excluded) ?? 0,
                  present: try c.decode(Int.self, forKey: .present), yes: try c.decode(Int.self, forKey: .yes),
                  no: try c.decodeIfPresent(Int.self, forKey: .no) ?? 0, abstain: try c.decodeIfPresent(Int.self, forKey: .abstain) ?? 0,
                  writtenYes: try c.decodeIfPresent(Int.self, forKey: .writtenYes) ?? 0,
                  writtenNo: try c.decodeIfPresent(Int.self, forKey: .writtenNo) ?? 0)
    }
}

/// Whether the meeting could decide and whether the motion passed, with the reasons in Chinese, each naming its rule.
public struct VoteOutcome: Sendable, Codable, Equatable {
    public let quorate: Bool
    public let passed: Bool
    public let reasons: [String]
}

public enum VoteProblem: Error, Sendable, Equatable {
    case inconsistent(String)
}

/// The arithmetic of 党章 art. 7 and 细则 art. 24: both the quorum and the majority are taken against the members
/// entitled to vote (less those excluded with approval), not against those present.
public struct VoteRules: Sendable {
    public let source = "《中国共产党发展党员工作细则》第二十四条、《中国共产党章程》第七条"

    public static let largestCount = 1_000_000

    public init() {}

    public func evaluate(_ tally: VoteTally) throws(VoteProblem) -> VoteOutcome {
        let counts = [tally.entitled, tally.excluded, tally.present, tally.yes, tally.no, tally.abstain, tally.writtenYes, tally.writtenNo]
        guard counts.allSatisfy({ $0 >= 0 }) else { throw .inconsistent("票数和人数不能为负数") }
        // No branch meeting has a million voters; the bound also keeps the sums below from overflowing.
        guard counts.allSatisfy({ $0 <= Self.largestCount }) else { throw .inconsistent("票数和人数不能超过 \(Self.largestCount)") }
        guard tally.entitled > 0 else { throw .inconsistent("应到会有表决权的正式党员人数应大于 0") }
        guard tally.excluded < tally.entitled else { throw .inconsistent("经批准不计入的人数应少于应到会人数") }
        let base = tally.entitled - tally.excluded
        guard tally.present <= base else {
            throw .inconsistent("实到会有表决权的正式党员 \(tally.present) 人，多于应到会的 \(base) 人")
        }
        guard tally.yes + tally.no + tally.abstain <= tally.present else {
            throw .inconsistent("赞成、反对、弃权合计 \(tally.yes + tally.no + tally.abstain) 票，多于实到会的 \(tally.present) 人")
        }
        guard tally.writtenYes + tally.writtenNo <= base - tally.present else {
            throw .inconsistent("书面意见 \(tally.writtenYes + tally.writtenNo) 份，多于未到会的 \(base - tally.present) 人")
        }
        let half = Double(base) / 2
        var reasons: [String] = []
        let quorate = Double(tally.present) > half
        if tally.excluded > 0 {
            reasons.append("应到会有表决权的正式党员 \(tally.entitled) 人，经上级批准不计入 \(tally.excluded) 人，按 \(base) 人计算（地方通行做法）")
        }
        reasons.append(quorate
            ? "实到会有表决权的正式党员 \(tally.present) 人，超过应到会 \(base) 人的半数，会议有效（依据\(source)）"
            : "实到会有表决权的正式党员 \(tally.present) 人，未超过应到会 \(base) 人的半数，会议不能进行表决（依据\(source)）")
        let support = tally.yes + tally.writtenYes
        let passed = quorate && Double(support) > half
        if quorate {
            let written = tally.writtenYes > 0 ? "（含未到会党员书面赞成意见 \(tally.writtenYes) 份）" : ""
            reasons.append(Double(support) > half
                ? "赞成 \(support) 票\(written)，超过应到会有表决权的正式党员 \(base) 人的半数，通过（依据\(source)）"
                : "赞成 \(support) 票\(written)，未超过应到会有表决权的正式党员 \(base) 人的半数（不是实到人数的半数），未通过（依据\(source)）")
        }
        return VoteOutcome(quorate: quorate, passed: passed, reasons: reasons)
    }

    public static func message(for problem: VoteProblem) -> String {
        switch problem {
        case .inconsistent(let text): "表决数据有误：\(text)"
        }
    }
}
