/// 待办 — work a rule says is due: who or what it concerns, by when, and the rule with its source. Every module adds
/// its own rules by producing these; the engine only gathers, orders and counts them.
public struct ToDo: Sendable, Hashable, Codable {
    public enum Subject: Sendable, Hashable, Codable {
        case organization(id: Int, name: String)
        case developmentCase(id: Int, name: String)
        case member(id: Int, name: String)
        /// The platform itself (its backups).
        case system(name: String)
    }

    /// Stable kind, e.g. `development.talk`, `structure.term`; lets a page group and a later module add its own.
    public let kind: String
    public let title: String
    public let subject: Subject
    public let due: CalendarDate
    public let rule: Rule
    /// Where the work is recorded, a path on this site.
    public let link: String

    public init(kind: String, title: String, subject: Subject, due: CalendarDate, rule: Rule, link: String) {
        self.kind = kind
        self.title = title
        self.subject = subject
        self.due = due
        self.rule = rule
        self.link = link
    }

    public func isOverdue(on today: CalendarDate) -> Bool { due < today }

    public var subjectName: String {
        switch subject {
        case .organization(_, let name), .developmentCase(_, let name), .member(_, let name), .system(let name): name
        }
    }
}

/// A source of to-dos: one per module (development, organizational life, dues, transfers …).
public protocol ToDoRule: Sendable {
    associatedtype Facts
    func todos(for facts: Facts, today: CalendarDate) -> [ToDo]
}

public enum ToDoList {
    /// Overdue first, then by due date, then by subject.
    public static func ordered(_ todos: [ToDo]) -> [ToDo] {
        todos.sorted { ($0.due, $0.subjectName, $0.kind) < ($1.due, $1.subjectName, $1.kind) }
    }
}

/// The deadlines of member development (RULES.md §1) as to-dos.
public struct DevelopmentToDos: ToDoRule {
    public struct Facts: Sendable {
        public let caseID: Int
        public let name: String
        public let development: DevelopmentCase

        public init(caseID: Int, name: String, development: DevelopmentCase) {
            self.caseID = caseID
            self.name = name
            self.development = development
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// To-dos for the 上级党委 (its approvals), not for the branch: they go to whoever may act there.
    public static let forTheCommitteeAbove: Set<String> = ["development.approval", "development.conversion-approval"]

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        let development = facts.development
        guard !development.closed, let next = development.nextStep else { return [] }
        let subject = ToDo.Subject.developmentCase(id: facts.caseID, name: facts.name)
        let link = "/development/\(facts.caseID)"
        func todo(_ kind: String, _ title: String, _ due: CalendarDate, _ rule: RuleID) -> ToDo {
            ToDo(kind: kind, title: title, subject: subject, due: due, rule: rules[rule], link: link)
        }
        var result: [ToDo] = []
        let logic = DevelopmentRules(rules: rules)
        switch next {
        case .applicationTalk:
            if let applied = development.date(.application) {
                result.append(todo("development.talk", "与入党申请人谈话", applied.adding(months: rules.value(.applicationTalkMonths)), .applicationTalkMonths))
            }
        case .activistFiling, .contactsAssigned, .activistEducation, .candidateDetermination:
            if let activist = development.date(.activistRecommendation) {
                let lastReview = development.reviews.filter { $0 >= activist }.max() ?? activist
                result.append(todo("development.review", "入党积极分子半年考察", lastReview.adding(months: rules.value(.activistReviewMonths)), .activistReviewMonths))
                if next == .candidateDetermination {
                    result.append(todo("development.candidate", "培养考察满一年，可讨论确定为发展对象",
                                       activist.adding(years: rules.value(.activistMinimumYears)), .activistMinimumYears))
                }
            }
        case .higherTalk, .admissionApproval:
            if let meeting = development.date(.admissionMeeting) {
                result.append(todo("development.approval", "上级党委审批接收预备党员",
                                   logic.approvalDeadline(after: meeting, extendedTo: development.approvalExtendedTo), .approvalMonths))
            }
        case .conversionApplication, .conversionMeeting, .probationEducation, .oath, .branchPlacement:
            if let ends = logic.probationEnds(development), development.date(.admissionApproval) != nil {
                result.append(todo("development.conversion", "预备期满，支部大会讨论转正",
                                   ends.adding(months: rules.value(.conversionDiscussionMonths)), .conversionDiscussionMonths))
            }
        case .conversionApproval:
            if let meeting = development.date(.conversionMeeting) {
                result.append(todo("development.conversion-approval", "上级党委审批转正",
                                   logic.approvalDeadline(after: meeting, extendedTo: nil), .approvalMonths))
            }
        default:
            break
        }
        return result
    }
}

/// A committee's term coming due (RULES.md §3) as a to-do.
public struct TermToDos: ToDoRule {
    public struct Facts: Sendable {
        public let organizationID: Int
        public let name: String
        public let kind: OrganizationKind
        public let sector: UnitSector
        public let term: CommitteeTerm?

        public init(organizationID: Int, name: String, kind: OrganizationKind, sector: UnitSector, term: CommitteeTerm?) {
            self.organizationID = organizationID
            self.name = name
            self.kind = kind
            self.sector = sector
            self.term = term
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        guard facts.kind.hasElectedTerm, let term = facts.term else { return [] }
        let warning = rules[.termWarningDays]
        guard today >= term.endsOn.adding(days: -warning.value) else { return [] }
        let rule = StructureCheck(rules: rules).termYears(kind: facts.kind, sector: facts.sector)
        return [ToDo(kind: "structure.term", title: "按期换届（任期 \(term.years) 年）",
                     subject: .organization(id: facts.organizationID, name: facts.name), due: term.endsOn, rule: rule,
                     link: "/organizations/\(facts.organizationID)")]
    }
}

/// 留党察看 coming to its end (党章 art. 39): the branch decides on restoring rights (or on 除名) when the period ends.
/// The to-do appears a month before and stays until the decision is recorded.
public struct DisciplineToDos: ToDoRule {
    public struct Facts: Sendable {
        public let memberID: Int
        public let name: String
        public let probation: DisciplinaryProbation

        public init(memberID: Int, name: String, probation: DisciplinaryProbation) {
            self.memberID = memberID
            self.name = name
            self.probation = probation
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        guard facts.probation.restoredOn == nil, today >= facts.probation.ends.adding(months: -1) else { return [] }
        return [ToDo(kind: "discipline.review", title: "留党察看期满，支部大会讨论恢复党员权利",
                     subject: .member(id: facts.memberID, name: facts.name), due: facts.probation.ends,
                     rule: rules[.disciplinaryProbationMaximumYears], link: "/members/\(facts.memberID)/discipline")]
    }
}
