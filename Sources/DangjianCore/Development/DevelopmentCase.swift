import Foundation

/// A member of the register named in a development step (培养联系人, 入党介绍人), with the facts the rules look at.
public struct PersonFact: Sendable, Codable, Equatable {
    public var memberID: Int
    public var name: String
    public var isFullMember: Bool
    /// 留党察看 whose rights are not yet restored.
    public var underDisciplinaryProbation: Bool

    public init(memberID: Int, name: String, isFullMember: Bool, underDisciplinaryProbation: Bool = false) {
        self.memberID = memberID
        self.name = name
        self.isFullMember = isFullMember
        self.underDisciplinaryProbation = underDisciplinaryProbation
    }
}

/// What was recorded for one step: its date and whatever the step needs.
public struct StepRecord: Sendable, Codable, Equatable {
    public var step: DevelopmentStep
    public var date: CalendarDate
    /// 培养联系人 or 入党介绍人.
    public var people: [PersonFact]
    /// 政治审查结论, 谈话记录 and similar written conclusions.
    public var conclusion: String?
    /// 政治审查 passed, 上级党委 approved.
    public var passed: Bool?
    public var trainingDays: Int?
    public var trainingHours: Int?
    /// Training missed with the higher committee's consent (细则 art. 17: 特殊情况).
    public var specialCase: Bool
    public var vote: VoteTally?
    /// Who was entitled to vote, who attended and who sent a written opinion; when present the tally's counts come from it.
    public var roll: VoteRoll?
    public var note: String?
    /// Scans or photos attached to the step (ids of stored attachments).
    public var attachments: [Int]?

    public init(step: DevelopmentStep, date: CalendarDate, people: [PersonFact] = [], conclusion: String? = nil, passed: Bool? = nil,
                trainingDays: Int? = nil, trainingHours: Int? = nil, specialCase: Bool = false, vote: VoteTally? = nil,
                roll: VoteRoll? = nil, note: String? = nil) {
        self.step = step
        self.date = date
        self.people = people
        self.conclusion = conclusion
        self.passed = passed
        self.trainingDays = trainingDays
        self.trainingHours = trainingHours
        self.specialCase = specialCase
        self.vote = vote
        self.roll = roll
        self.note = note
    }
}

/// 发展对象档案 — one person's way through the 25 steps.
public struct DevelopmentCase: Sendable, Codable, Equatable {
    public var birthDate: CalendarDate
    public var records: [StepRecord]
    /// The six-monthly reviews of the activist (培养教育考察).
    public var reviews: [CalendarDate]
    /// The higher committee's extended deadline for approval, when one was granted (never beyond six months).
    public var approvalExtendedTo: CalendarDate?
    /// 延长预备期, in months (once only).
    public var probationExtensionMonths: Int?
    /// 取消预备党员资格 or a stop for another reason: nothing more is recorded.
    public var closed: Bool
    /// The day the person is expected to leave the unit where they work or study (调离、毕业), when known.
    public var leavingOn: CalendarDate?

    public init(birthDate: CalendarDate, records: [StepRecord] = [], reviews: [CalendarDate] = [], approvalExtendedTo: CalendarDate? = nil,
                probationExtensionMonths: Int? = nil, closed: Bool = false) {
        self.birthDate = birthDate
        self.records = records
        self.reviews = reviews
        self.approvalExtendedTo = approvalExtendedTo
        self.probationExtensionMonths = probationExtensionMonths
        self.closed = closed
    }

    public func record(_ step: DevelopmentStep) -> StepRecord? { records.last { $0.step == step } }

    public func date(_ step: DevelopmentStep) -> CalendarDate? { record(step)?.date }

    /// The step to record next; nil when all 25 are done.
    public var nextStep: DevelopmentStep? {
        guard let last = records.map(\.step).max() else { return .application }
        return last.next
    }

    public var stage: DevelopmentStage { (records.map(\.step).max() ?? .application).stage }

    /// The member register's view: probationary from the admission meeting once approved, full from 转正 approval.
    public var membership: Membership? {
        if date(.conversionApproval) != nil { return .full }
        if date(.admissionApproval) != nil { return .probationary }
        return nil
    }
}

/// Why a step cannot be recorded, the rule that says so, and the first day it will be allowed (when a date is the problem).
public struct DevelopmentRefusal: Error, Sendable, Equatable {
    public let message: String
    public let rule: Rule?
    public let earliest: CalendarDate?

    public init(_ message: String, rule: Rule? = nil, earliest: CalendarDate? = nil) {
        self.message = message
        self.rule = rule
        self.earliest = earliest
    }
}

/// The time and eligibility rules of RULES.md §1, applied when a step is recorded.
public struct DevelopmentRules: Sendable {
    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// When probation ends: one year from the admission meeting, plus any extension.
    public func probationEnds(_ development: DevelopmentCase) -> CalendarDate? {
        development.date(.admissionMeeting).map {
            $0.adding(years: rules.value(.probationYears)).adding(months: development.probationExtensionMonths ?? 0)
        }
    }

    /// The last day the higher committee may approve after the meeting at `meeting`.
    public func approvalDeadline(after meeting: CalendarDate, extendedTo: CalendarDate?) -> CalendarDate {
        let normal = meeting.adding(months: rules.value(.approvalMonths))
        let maximum = meeting.adding(months: rules.value(.approvalMaximumMonths))
        return min(max(extendedTo ?? normal, normal), maximum)
    }

    public func check(_ record: StepRecord, for development: DevelopmentCase, today: CalendarDate) throws(DevelopmentRefusal) {
        guard !development.closed else { throw DevelopmentRefusal("该发展档案已终止，不能继续记录") }
        guard let expected = development.nextStep else { throw DevelopmentRefusal("二十五个步骤已全部完成") }
        guard record.step == expected else {
            throw DevelopmentRefusal(record.step < expected ? "“\(record.step.chinese)”已经记录" : "请先完成第 \(expected.rawValue) 步“\(expected.chinese)”")
        }
        guard record.date <= today else { throw DevelopmentRefusal("日期不能晚于今天") }
        if let previous = development.records.last, record.date < previous.date {
            throw DevelopmentRefusal("日期不能早于上一步“\(previous.step.chinese)”的日期 \(previous.date)", earliest: previous.date)
        }
        try checkLeaving(record, for: development)
        switch record.step {
        case .application:
            let age = rules[.minimumAdmissionAge]
            let adult = development.birthDate.adding(years: age.value)
            if record.date < adult {
                throw DevelopmentRefusal("申请人须年满 \(age.value) 周岁（\(adult) 年满），\(age.citation)", rule: age, earliest: adult)
            }
        case .contactsAssigned:
            let maximum = rules[.contactsMaximum]
            guard (1...maximum.value).contains(record.people.count) else {
                throw DevelopmentRefusal("培养联系人应为 1 至 \(maximum.value) 名正式党员，\(maximum.citation)", rule: maximum)
            }
            if let person = record.people.first(where: { !$0.isFullMember }) {
                throw DevelopmentRefusal("\(person.name)不是正式党员，不能担任培养联系人，\(maximum.citation)", rule: maximum)
            }
        case .candidateDetermination:
            let period = rules[.activistMinimumYears]
            if let activist = development.date(.activistRecommendation) {
                let earliest = activist.adding(years: period.value)
                if record.date < earliest {
                    throw DevelopmentRefusal("入党积极分子须经 \(period.value) 年以上培养教育和考察（\(activist) 确定为积极分子，\(earliest) 期满），\(period.citation)",
                                             rule: period, earliest: earliest)
                }
            }
        case .sponsorsAssigned:
            let required = rules[.sponsorsRequired]
            guard record.people.count == required.value, Set(record.people.map(\.memberID)).count == required.value else {
                throw DevelopmentRefusal("应有 \(required.value) 名正式党员作入党介绍人，\(required.citation)", rule: required)
            }
            if let person = record.people.first(where: { !$0.isFullMember }) {
                throw DevelopmentRefusal("\(person.name)不是正式党员，不能作入党介绍人，\(required.citation)", rule: required)
            }
            if let person = record.people.first(where: \.underDisciplinaryProbation) {
                throw DevelopmentRefusal("\(person.name)受留党察看处分、尚未恢复党员权利，不能作入党介绍人，\(required.citation)", rule: required)
            }
        case .politicalReview:
            guard let conclusion = record.conclusion?.trimmingCharacters(in: .whitespacesAndNewlines), !conclusion.isEmpty else {
                throw DevelopmentRefusal("政治审查须形成结论性材料，请填写审查结论")
            }
            guard record.passed == true else { throw DevelopmentRefusal("政治审查不合格的，不能发展入党（《中国共产党发展党员工作细则》第十六条）") }
        case .intensiveTraining:
            let days = rules[.trainingMinimumDays], hours = rules[.trainingMinimumHours]
            let enough = (record.trainingDays ?? 0) >= days.value || (record.trainingHours ?? 0) >= hours.value
            if !enough && !record.specialCase {
                throw DevelopmentRefusal("短期集中培训一般不少于 \(days.value) 天或 \(hours.value) 个学时；未经培训的，除个别特殊情况外不能发展入党，\(days.citation)", rule: days)
            }
        case .admissionMeeting, .conversionMeeting:
            if let roll = record.roll, let vote = record.vote {
                let derived = try roll.tally(yes: vote.yes, no: vote.no, abstain: vote.abstain)
                guard derived == vote else { throw DevelopmentRefusal("表决人数与表决名单不一致，请按名单重新统计") }
            }
            if record.step == .conversionMeeting, let ends = probationEnds(development), record.date < ends {
                let probation = rules[.probationYears]
                throw DevelopmentRefusal("预备期到 \(ends) 才满，期满后方可讨论转正，\(probation.citation)", rule: probation, earliest: ends)
            }
            guard let vote = record.vote else { throw DevelopmentRefusal("请录入支部大会的表决情况") }
            let outcome: VoteOutcome
            do { outcome = try VoteRules().evaluate(vote) } catch { throw DevelopmentRefusal(VoteRules.message(for: error)) }
            guard outcome.passed else { throw DevelopmentRefusal(outcome.reasons.joined(separator: "；")) }
        case .admissionApproval, .conversionApproval:
            let meetingStep: DevelopmentStep = record.step == .admissionApproval ? .admissionMeeting : .conversionMeeting
            if let meeting = development.date(meetingStep) {
                let deadline = approvalDeadline(after: meeting, extendedTo: development.approvalExtendedTo)
                let rule = rules[.approvalMonths]
                if record.date > deadline {
                    throw DevelopmentRefusal("上级党委应在支部大会（\(meeting)）后 \(rule.value) 个月内审批，特殊情况可延长但不超过 \(rules.value(.approvalMaximumMonths)) 个月；期限 \(deadline) 已过，\(rule.citation)", rule: rule)
                }
            }
            if record.step == .admissionApproval && development.date(.higherTalk) == nil {
                throw DevelopmentRefusal("上级党委审批前应派人与发展对象谈话")
            }
        default:
            break
        }
    }

    /// 细则: a 发展对象 who will leave the unit where they work or study within three months is generally not admitted;
    /// the steps from 确定发展对象 to 上级党委审批 are refused while the leaving day is that close (or already past).
    func checkLeaving(_ record: StepRecord, for development: DevelopmentCase) throws(DevelopmentRefusal) {
        guard let leaving = development.leavingOn,
              (DevelopmentStep.candidateDetermination...DevelopmentStep.admissionApproval).contains(record.step) else { return }
        let rule = rules[.leavingUnitMonths]
        let limit = record.date.adding(months: rule.value)
        guard leaving < limit else { return }
        let when = leaving < record.date ? "已于 \(leaving) 离开本单位" : "预计 \(leaving) 离开本单位，距 \(record.date) 不足 \(rule.value) 个月"
        throw DevelopmentRefusal("该发展对象\(when)；拟在 \(rule.value) 个月内离开工作、学习单位的发展对象，一般不办理接收手续，可转由新单位党组织继续培养，\(rule.citation)",
                                 rule: rule)
    }

    /// Extends probation once, by 6 to 12 months, decided by a branch meeting at the end of probation.
    public func checkExtension(months: Int, for development: DevelopmentCase) throws(DevelopmentRefusal) {
        let minimum = rules[.extensionMinimumMonths], maximum = rules[.extensionMaximumMonths]
        guard development.date(.admissionApproval) != nil, development.date(.conversionMeeting) == nil else {
            throw DevelopmentRefusal("只有预备党员在转正前可以延长预备期")
        }
        guard development.probationExtensionMonths == nil else {
            throw DevelopmentRefusal("预备期只能延长一次，\(minimum.citation)", rule: minimum)
        }
        guard (minimum.value...maximum.value).contains(months) else {
            throw DevelopmentRefusal("延长预备期不能少于 \(minimum.value) 个月，不能超过 \(maximum.value) 个月，\(minimum.citation)", rule: minimum)
        }
    }
}
