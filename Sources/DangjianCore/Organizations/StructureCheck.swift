/// Something the platform asks a secretary to look at, with the rule that makes it a problem.
public struct Finding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable, CaseIterable {
        /// Breaks a rule now.
        case warning
        /// Will break a rule soon, or needs data before it can be checked.
        case notice
    }

    public enum Code: String, Sendable, Codable, CaseIterable {
        case tooFewFullMembers, tooManyMembers, committeeMissing, committeeTooLarge, committeeTooSmall
        case secretaryMissing, jointBranchTooManyUnits, termMissing, termDue, termOverdue
    }

    public let code: Code
    public let severity: Severity
    public let message: String
    public let rule: Rule

    public init(_ code: Code, _ severity: Severity, _ message: String, rule: Rule) {
        self.code = code
        self.severity = severity
        self.message = message
        self.rule = rule
    }
}

/// The facts about one organization that the structural rules of RULES.md §3 and §4 look at.
public struct OrganizationFacts: Sendable {
    public var kind: OrganizationKind
    public var sector: UnitSector
    /// 正式党员 in the register, counted over the organization's subtree (a branch's groups included).
    public var fullMembers: Int
    /// 正式 and 预备 members in the register over the subtree.
    public var members: Int
    /// Offices currently held on the committee.
    public var committeeSize: Int
    public var hasSecretary: Bool
    /// Units a 联合党支部 covers, when recorded.
    public var coveredUnits: Int?
    /// The current term, when recorded.
    public var term: CommitteeTerm?

    public init(kind: OrganizationKind, sector: UnitSector, fullMembers: Int, members: Int, committeeSize: Int,
                hasSecretary: Bool, coveredUnits: Int? = nil, term: CommitteeTerm? = nil) {
        self.kind = kind
        self.sector = sector
        self.fullMembers = fullMembers
        self.members = members
        self.committeeSize = committeeSize
        self.hasSecretary = hasSecretary
        self.coveredUnits = coveredUnits
        self.term = term
    }
}

/// 届 — one elected term of a committee.
public struct CommitteeTerm: Sendable, Hashable, Codable {
    public var electedOn: CalendarDate
    public var years: Int

    public init(electedOn: CalendarDate, years: Int) {
        self.electedOn = electedOn
        self.years = years
    }

    public var endsOn: CalendarDate { electedOn.adding(years: years) }
}

/// The structural rules of the branch regulation and the term rules of the 2018 opinion on terms.
public struct StructureCheck: Sendable {
    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// How long a term of this organization lasts (RULES.md §3: committees 5 years, branches 3, village and community 5).
    public func termYears(kind: OrganizationKind, sector: UnitSector) -> Rule {
        if kind.isCommittee { return rules[.basicCommitteeTermYears] }
        if sector == .village || sector == .community { return rules[.villageCommunityTermYears] }
        return rules[.branchTermYears]
    }

    public func findings(for facts: OrganizationFacts, today: CalendarDate) -> [Finding] {
        var found: [Finding] = []
        if facts.kind.isBranch {
            let minimum = rules[.branchMinimumFullMembers]
            if facts.fullMembers < minimum.value {
                found.append(Finding(.tooFewFullMembers, .warning,
                    "正式党员 \(facts.fullMembers) 名，不足 \(minimum.value) 名：应与邻近单位党员联合成立党支部或调整组织设置",
                    rule: minimum))
            }
            let maximum = rules[.branchMaximumMembers]
            if facts.members > maximum.value {
                found.append(Finding(.tooManyMembers, .warning,
                    "党员 \(facts.members) 名，超过 \(maximum.value) 名：可经上级党组织批准设立党总支或分设党支部",
                    rule: maximum))
            }
        }
        if facts.kind == .branch || facts.kind == .jointBranch {
            let threshold = rules[.branchCommitteeThreshold]
            let minimumSize = rules[.committeeMinimumSize]
            if facts.fullMembers >= threshold.value && facts.committeeSize < minimumSize.value {
                let message = facts.committeeSize == 0
                    ? "正式党员 \(facts.fullMembers) 名（\(threshold.value) 名以上），应设立支部委员会，目前未设"
                    : "正式党员 \(facts.fullMembers) 名（\(threshold.value) 名以上），支部委员会应有 \(minimumSize.value) 名以上委员，目前 \(facts.committeeSize) 名"
                found.append(Finding(facts.committeeSize == 0 ? .committeeMissing : .committeeTooSmall, .warning,
                                     message, rule: threshold))
            }
            let maximumSize = rules[.committeeMaximumSize]
            if facts.committeeSize > maximumSize.value {
                found.append(Finding(.committeeTooLarge, .warning,
                    "支部委员会现有 \(facts.committeeSize) 人，一般不超过 \(maximumSize.value) 人", rule: maximumSize))
            }
        }
        if facts.kind == .jointBranch, let units = facts.coveredUnits {
            let maximumUnits = rules[.jointBranchMaximumUnits]
            if units > maximumUnits.value {
                found.append(Finding(.jointBranchTooManyUnits, .warning,
                    "联合党支部覆盖 \(units) 个单位，一般不超过 \(maximumUnits.value) 个", rule: maximumUnits))
            }
        }
        if facts.kind.hasElectedTerm {
            let termRule = termYears(kind: facts.kind, sector: facts.sector)
            if !facts.hasSecretary && facts.members > 0 {
                found.append(Finding(.secretaryMissing, .warning, "未配备书记：请在班子成员中录入书记", rule: termRule))
            }
            found.append(contentsOf: termFindings(facts.term, rule: termRule, today: today))
        }
        return found
    }

    func termFindings(_ term: CommitteeTerm?, rule: Rule, today: CalendarDate) -> [Finding] {
        guard let term else {
            return [Finding(.termMissing, .notice, "未录入本届班子的选举日期，无法提示换届（任期 \(rule.value) 年）", rule: rule)]
        }
        let ends = term.endsOn
        let daysLeft = today.days(until: ends)
        if daysLeft < 0 {
            return [Finding(.termOverdue, .warning,
                "本届任期已于 \(ends) 届满，已超期 \(-daysLeft) 天：应按期换届，确需延期须经上级党组织批准且一般不超过 1 年",
                rule: rule)]
        }
        let warning = rules[.termWarningDays]
        if daysLeft <= warning.value {
            return [Finding(.termDue, .notice,
                "本届任期将于 \(ends) 届满（还有 \(daysLeft) 天），请提前做好换届准备", rule: rule)]
        }
        return []
    }
}
