/// How one member entitled to vote took part in a branch general meeting vote.
public enum VoteAttendance: String, Sendable, Codable, CaseIterable {
    case present
    case absent
    /// Absent, with a written opinion in favour.
    case writtenYes = "written-yes"
    /// Absent, with a written opinion against.
    case writtenNo = "written-no"
    /// Left out of the entitled count with the higher committee's approval (abroad over six months, too ill).
    case excluded

    public var chinese: String {
        switch self {
        case .present: "出席"
        case .absent: "缺席"
        case .writtenYes: "缺席，书面赞成"
        case .writtenNo: "缺席，书面反对"
        case .excluded: "经批准不计入"
        }
    }
}

/// One line of the roll of a meeting vote: a member of the register and how they took part.
public struct VoteRollEntry: Sendable, Codable, Equatable {
    public var memberID: Int
    public var name: String
    public var isFullMember: Bool
    /// 留党察看: no vote while it lasts (党章 art. 39).
    public var underDisciplinaryProbation: Bool
    public var attendance: VoteAttendance

    public init(memberID: Int, name: String, isFullMember: Bool, underDisciplinaryProbation: Bool = false, attendance: VoteAttendance) {
        self.memberID = memberID
        self.name = name
        self.isFullMember = isFullMember
        self.underDisciplinaryProbation = underDisciplinaryProbation
        self.attendance = attendance
    }
}

/// The roll of one vote: who was entitled, who attended, who sent a written opinion. The counts of the tally are
/// derived from it, so they cannot disagree with the names.
public struct VoteRoll: Sendable, Codable, Equatable {
    public var entries: [VoteRollEntry]

    public init(_ entries: [VoteRollEntry]) { self.entries = entries }

    /// Checks the roll (full members only, each once) and derives the tally with the secret-ballot counts of those present.
    public func tally(yes: Int, no: Int, abstain: Int) throws(DevelopmentRefusal) -> VoteTally {
        if let person = entries.first(where: { !$0.isFullMember }) {
            throw DevelopmentRefusal("\(person.name)是预备党员，没有表决权，不能列入表决名单（《中国共产党章程》第七条）")
        }
        if let person = entries.first(where: \.underDisciplinaryProbation) {
            throw DevelopmentRefusal("\(person.name)正在留党察看期间，没有表决权，不能列入表决名单（《中国共产党章程》第三十九条）")
        }
        var seen = Set<Int>()
        for entry in entries where !seen.insert(entry.memberID).inserted {
            throw DevelopmentRefusal("\(entry.name)在表决名单中出现了两次")
        }
        guard !entries.isEmpty else { throw DevelopmentRefusal("表决名单中没有有表决权的正式党员") }
        func count(_ attendance: VoteAttendance) -> Int { entries.count { $0.attendance == attendance } }
        return VoteTally(entitled: entries.count, excluded: count(.excluded), present: count(.present), yes: yes, no: no, abstain: abstain,
                         writtenYes: count(.writtenYes), writtenNo: count(.writtenNo))
    }
}
