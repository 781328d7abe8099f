import Foundation

/// One number of Party organizational work together with the document it comes from (RULES.md: rules as data).
public struct Rule: Sendable, Codable, Hashable, Identifiable {
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case count, days, months, years
        /// Money in yuan, or in fen (分).
        case yuan, fen
        /// Hundredths of a percent: 150 is 1.5 %.
        case basisPoints
    }

    public let id: RuleID
    /// Short Chinese name shown next to every warning the rule produces.
    public var title: String
    /// The document (and, where known, the article) the value comes from.
    public var source: String
    public var effective: CalendarDate
    public var value: Int
    public var unit: Unit
    /// Common local practice rather than national text: shipped as a default a deployment may change.
    public var isPractice: Bool

    /// `依据《中国共产党支部工作条例（试行）》（2018-10-28 起施行）`
    public var citation: String {
        "依据\(source)（\(effective) 起施行\(isPractice ? "，地方通行做法" : "")）"
    }
}

/// Stable identifiers of the rules; the raw values are the keys of a deployment's override file.
public enum RuleID: String, Sendable, Codable, CaseIterable {
    case minimumAdmissionAge = "member.minimum-age"
    case probationYears = "member.probation-years"
    case branchMinimumFullMembers = "structure.branch-minimum-full-members"
    case branchMaximumMembers = "structure.branch-maximum-members"
    case branchCommitteeThreshold = "structure.branch-committee-threshold"
    case committeeMinimumSize = "structure.committee-minimum-size"
    case committeeMaximumSize = "structure.committee-maximum-size"
    case jointBranchMaximumUnits = "structure.joint-branch-maximum-units"
    case generalBranchThreshold = "structure.general-branch-threshold"
    case basicCommitteeThreshold = "structure.basic-committee-threshold"
    case basicCommitteeTermYears = "term.basic-committee-years"
    case branchTermYears = "term.branch-years"
    case villageCommunityTermYears = "term.village-community-years"
    case termWarningDays = "term.warning-days"
    case applicationTalkMonths = "development.application-talk-months"
    case activistReviewMonths = "development.activist-review-months"
    case activistMinimumYears = "development.activist-minimum-years"
    case contactsMaximum = "development.contacts-maximum"
    case sponsorsRequired = "development.sponsors"
    case trainingMinimumDays = "development.training-minimum-days"
    case trainingMinimumHours = "development.training-minimum-hours"
    case approvalMonths = "development.approval-months"
    case approvalMaximumMonths = "development.approval-maximum-months"
    case extensionMinimumMonths = "development.extension-minimum-months"
    case extensionMaximumMonths = "development.extension-maximum-months"
    case publicNoticeWorkingDays = "development.public-notice-working-days"
    case conversionDiscussionMonths = "development.conversion-discussion-months"
    case leavingUnitMonths = "development.leaving-unit-months"
    case disciplinaryProbationMaximumYears = "discipline.probation-maximum-years"
    case lateRecordDays = "record.late-days"
    case generalMeetingMonths = "orglife.general-meeting-months"
    case committeeMeetingMonths = "orglife.committee-meeting-months"
    case groupMeetingMonths = "orglife.group-meeting-months"
    case partyLectureMonths = "orglife.party-lecture-months"
    case themeDayMonths = "orglife.theme-day-months"
    case lifeMeetingMonths = "orglife.life-meeting-months"
    case democraticReviewMonths = "orglife.democratic-review-months"
    case heartTalkMonths = "orglife.heart-talk-months"
    case orgLifeWarningDays = "orglife.warning-days"
    case signInWindowSeconds = "orglife.sign-in-window-seconds"
    case signInOpensMinutesBefore = "orglife.sign-in-opens-minutes-before"
    case excellentShareDivisor = "review.excellent-share-divisor"
    case duesFirstBracketYuan = "dues.bracket-1-up-to-yuan"
    case duesSecondBracketYuan = "dues.bracket-2-up-to-yuan"
    case duesThirdBracketYuan = "dues.bracket-3-up-to-yuan"
    case duesFirstRate = "dues.rate-1-basis-points"
    case duesSecondRate = "dues.rate-2-basis-points"
    case duesThirdRate = "dues.rate-3-basis-points"
    case duesTopRate = "dues.rate-4-basis-points"
    case duesRetiredBracketYuan = "dues.retired-bracket-up-to-yuan"
    case duesRetiredLowerRate = "dues.retired-rate-1-basis-points"
    case duesRetiredUpperRate = "dues.retired-rate-2-basis-points"
    case duesFarmerFen = "dues.farmer-monthly-fen"
    case duesMinimumFen = "dues.student-unemployed-relief-monthly-fen"
    case duesRoundingHalfUp = "dues.rounding-half-up"
    case duesBackPaymentMonths = "dues.back-payment-maximum-months"
    case duesArrearsWarningMonths = "dues.arrears-warning-months"
    case duesLapseMonths = "dues.lapse-months"
    case duesCentreThresholdYuan = "dues.centre-threshold-yuan"
    case duesFixingMonth = "dues.fixing-by-end-of-month"
    case duesReductionMaximumMonths = "dues.reduction-maximum-months"
    case backupMaximumAgeDays = "operations.backup-maximum-age-days"
    case demandAcknowledgeWorkingDays = "participation.acknowledge-working-days"
    case demandAnswerWorkingDays = "participation.answer-working-days"
    case demandRatingDays = "participation.rating-days"
    case publicityVillagePartyMonths = "publicity.village-party-months"
    case publicityVillageAffairsMonths = "publicity.village-affairs-months"
    case publicityVillageFinanceMonths = "publicity.village-finance-months"
    case publicityCommunityPartyMonths = "publicity.community-party-months"
    case publicityCommunityAffairsMonths = "publicity.community-affairs-months"
    case publicityCommunityFinanceMonths = "publicity.community-finance-months"
    case publicityGraceDays = "publicity.grace-days"
    case publicityAnswerWorkingDays = "publicity.answer-working-days"
    case learningMemberHours = "learning.member-hours"
    case learningLeaderHours = "learning.leader-hours"
    case learningMinutesPerHour = "learning.minutes-per-hour"
    case learningPartyLectureHours = "learning.party-lecture-hours"
    case learningPlayedPercent = "learning.played-percent"
    case learningWarningDays = "learning.warning-days"
    case learningCheckPassPercent = "learning.check-pass-percent"
    case learningElderlyAge = "learning.elderly-age"
    case volunteerCreditCapHours = "volunteer.credit-cap-hours"
    case volunteerExchangesPerQuarter = "volunteer.exchanges-per-quarter"
    case volunteerStarStepHours = "volunteer.star-step-hours"
}

/// The rule table in force: the national defaults, with a deployment's overrides applied.
public struct RuleBook: Sendable {
    private var rules: [RuleID: Rule]

    public subscript(id: RuleID) -> Rule { rules[id]! }

    public func value(_ id: RuleID) -> Int { rules[id]!.value }

    public var all: [Rule] { RuleID.allCases.map { rules[$0]! } }

    /// A deployment's change to one rule, as read from `rules.json` in the data directory.
    public struct Override: Sendable, Codable {
        public var id: String
        public var value: Int
        public var source: String?
        public var effective: CalendarDate?
    }

    public enum OverrideProblem: Error, Equatable {
        case unknownRule(String)
        case negativeValue(String)
    }

    public func applying(_ overrides: [Override]) throws(OverrideProblem) -> RuleBook {
        var copy = self
        for override in overrides {
            guard let id = RuleID(rawValue: override.id) else { throw .unknownRule(override.id) }
            guard override.value >= 0 else { throw .negativeValue(override.id) }
            copy.rules[id]!.value = override.value
            if let source = override.source { copy.rules[id]!.source = source; copy.rules[id]!.isPractice = false }
            if let effective = override.effective { copy.rules[id]!.effective = effective }
        }
        return copy
    }

    public static let national: RuleBook = {
        let charter = "《中国共产党章程》"
        let branchRegulation = "《中国共产党支部工作条例（试行）》"
        let termOpinion = "中共中央办公厅《关于党的基层组织任期的意见》"
        let d2018 = CalendarDate(year: 2018, month: 10, day: 28)!
        let d2018terms = CalendarDate(year: 2018, month: 11, day: 5)!
        let d2022 = CalendarDate(year: 2022, month: 10, day: 22)!
        let d2019protection = CalendarDate(year: 2019, month: 12, day: 1)!
        let d2022petitions = CalendarDate(year: 2022, month: 5, day: 1)!
        let d2017openness = CalendarDate(year: 2017, month: 12, day: 20)!
        let villageLaw = "《中华人民共和国村民委员会组织法》"
        let d2018villages = CalendarDate(year: 2018, month: 12, day: 29)!
        let educationPlan = "中共中央办公厅《2019—2023年全国党员教育培训工作规划》"
        let timeBank = "社区“爱心存折”志愿服务积分的通行做法（RULES.md §8）"
        let d2019education = CalendarDate(year: 2019, month: 11, day: 1)!
        let rulesOfDevelopment = "《中国共产党发展党员工作细则》"
        let d2014 = CalendarDate(year: 2014, month: 6, day: 10)!
        let duesRules = "《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）"
        let d2008 = CalendarDate(year: 2008, month: 2, day: 29)!
        let list: [Rule] = [
            Rule(id: .minimumAdmissionAge, title: "入党年龄", source: charter + "第一条", effective: d2022,
                 value: 18, unit: .years, isPractice: false),
            Rule(id: .probationYears, title: "预备期", source: charter + "第七条", effective: d2022,
                 value: 1, unit: .years, isPractice: false),
            Rule(id: .branchMinimumFullMembers, title: "成立党支部的正式党员人数", source: branchRegulation, effective: d2018,
                 value: 3, unit: .count, isPractice: false),
            Rule(id: .branchMaximumMembers, title: "党支部党员人数上限", source: branchRegulation, effective: d2018,
                 value: 50, unit: .count, isPractice: false),
            Rule(id: .branchCommitteeThreshold, title: "设立支部委员会的党员人数", source: branchRegulation, effective: d2018,
                 value: 7, unit: .count, isPractice: false),
            Rule(id: .committeeMinimumSize, title: "支部委员会委员人数下限", source: branchRegulation, effective: d2018,
                 value: 3, unit: .count, isPractice: false),
            Rule(id: .committeeMaximumSize, title: "支部委员会委员人数上限", source: branchRegulation, effective: d2018,
                 value: 7, unit: .count, isPractice: false),
            Rule(id: .jointBranchMaximumUnits, title: "联合党支部覆盖单位数", source: branchRegulation, effective: d2018,
                 value: 5, unit: .count, isPractice: false),
            Rule(id: .generalBranchThreshold, title: "设立党总支的党员人数", source: "各地党组织设置规定", effective: d2018,
                 value: 50, unit: .count, isPractice: true),
            Rule(id: .basicCommitteeThreshold, title: "设立基层党委的党员人数", source: "各地党组织设置规定", effective: d2018,
                 value: 100, unit: .count, isPractice: true),
            Rule(id: .basicCommitteeTermYears, title: "基层党委任期", source: termOpinion, effective: d2018terms,
                 value: 5, unit: .years, isPractice: false),
            Rule(id: .branchTermYears, title: "党总支、党支部任期", source: termOpinion, effective: d2018terms,
                 value: 3, unit: .years, isPractice: false),
            Rule(id: .villageCommunityTermYears, title: "村、社区党组织任期", source: termOpinion, effective: d2018terms,
                 value: 5, unit: .years, isPractice: false),
            Rule(id: .termWarningDays, title: "换届提前提醒天数", source: "换届工作通行做法", effective: d2018terms,
                 value: 90, unit: .days, isPractice: true),
            Rule(id: .applicationTalkMonths, title: "收到入党申请书后谈话期限", source: rulesOfDevelopment + "第七条", effective: d2014,
                 value: 1, unit: .months, isPractice: false),
            Rule(id: .activistReviewMonths, title: "入党积极分子考察间隔", source: rulesOfDevelopment + "第十二条", effective: d2014,
                 value: 6, unit: .months, isPractice: false),
            Rule(id: .activistMinimumYears, title: "入党积极分子培养考察期", source: rulesOfDevelopment + "第十三条", effective: d2014,
                 value: 1, unit: .years, isPractice: false),
            Rule(id: .contactsMaximum, title: "培养联系人人数", source: rulesOfDevelopment + "第十条", effective: d2014,
                 value: 2, unit: .count, isPractice: false),
            Rule(id: .sponsorsRequired, title: "入党介绍人人数", source: charter + "第五条、" + rulesOfDevelopment + "第十五条", effective: d2014,
                 value: 2, unit: .count, isPractice: false),
            Rule(id: .trainingMinimumDays, title: "短期集中培训天数", source: rulesOfDevelopment + "第十七条", effective: d2014,
                 value: 3, unit: .days, isPractice: false),
            Rule(id: .trainingMinimumHours, title: "短期集中培训学时", source: rulesOfDevelopment + "第十七条", effective: d2014,
                 value: 24, unit: .count, isPractice: false),
            Rule(id: .approvalMonths, title: "上级党委审批期限", source: rulesOfDevelopment + "第二十八条", effective: d2014,
                 value: 3, unit: .months, isPractice: false),
            Rule(id: .approvalMaximumMonths, title: "上级党委审批延长后最长期限", source: rulesOfDevelopment + "第二十八条", effective: d2014,
                 value: 6, unit: .months, isPractice: false),
            Rule(id: .extensionMinimumMonths, title: "延长预备期最短", source: charter + "第七条、" + rulesOfDevelopment + "第三十四条", effective: d2014,
                 value: 6, unit: .months, isPractice: false),
            Rule(id: .extensionMaximumMonths, title: "延长预备期最长", source: charter + "第七条、" + rulesOfDevelopment + "第三十四条", effective: d2014,
                 value: 12, unit: .months, isPractice: false),
            Rule(id: .publicNoticeWorkingDays, title: "公示期（工作日）", source: "各地发展党员公示制度", effective: d2014,
                 value: 5, unit: .days, isPractice: true),
            Rule(id: .conversionDiscussionMonths, title: "预备期满后讨论转正期限", source: "各地发展党员工作通行做法", effective: d2014,
                 value: 1, unit: .months, isPractice: true),
            Rule(id: .generalMeetingMonths, title: "支部党员大会", source: branchRegulation, effective: d2018, value: 3, unit: .months, isPractice: false),
            Rule(id: .committeeMeetingMonths, title: "支部委员会会议", source: branchRegulation, effective: d2018, value: 1, unit: .months, isPractice: false),
            Rule(id: .groupMeetingMonths, title: "党小组会", source: branchRegulation, effective: d2018, value: 1, unit: .months, isPractice: false),
            Rule(id: .partyLectureMonths, title: "党课", source: "各地“三会一课”制度", effective: d2018, value: 3, unit: .months, isPractice: true),
            Rule(id: .themeDayMonths, title: "主题党日", source: branchRegulation, effective: d2018, value: 1, unit: .months, isPractice: false),
            Rule(id: .lifeMeetingMonths, title: "组织生活会", source: branchRegulation, effective: d2018, value: 12, unit: .months, isPractice: false),
            Rule(id: .democraticReviewMonths, title: "民主评议党员", source: branchRegulation, effective: d2018, value: 12, unit: .months, isPractice: false),
            Rule(id: .heartTalkMonths, title: "谈心谈话", source: branchRegulation, effective: d2018, value: 12, unit: .months, isPractice: false),
            Rule(id: .orgLifeWarningDays, title: "组织生活提前提醒天数", source: "本平台默认设置", effective: d2018, value: 10, unit: .days, isPractice: true),
            Rule(id: .signInWindowSeconds, title: "签到码更换间隔（秒）", source: "本平台默认设置", effective: d2018, value: 120, unit: .count, isPractice: true),
            Rule(id: .signInOpensMinutesBefore, title: "签到提前开放时间（分钟，会前）", source: "本平台默认设置", effective: d2018, value: 60,
                 unit: .count, isPractice: true),
            Rule(id: .excellentShareDivisor, title: "评为优秀的不超过参评党员的几分之一", source: "各地民主评议党员工作规定", effective: d2018,
                 value: 3, unit: .count, isPractice: true),
            Rule(id: .duesFirstBracketYuan, title: "党费第一档上限（月收入，含）", source: duesRules, effective: d2008, value: 3000, unit: .yuan, isPractice: false),
            Rule(id: .duesSecondBracketYuan, title: "党费第二档上限（月收入，含）", source: duesRules, effective: d2008, value: 5000, unit: .yuan, isPractice: false),
            Rule(id: .duesThirdBracketYuan, title: "党费第三档上限（月收入，含）", source: duesRules, effective: d2008, value: 10000, unit: .yuan, isPractice: false),
            Rule(id: .duesFirstRate, title: "党费第一档比例", source: duesRules, effective: d2008, value: 50, unit: .basisPoints, isPractice: false),
            Rule(id: .duesSecondRate, title: "党费第二档比例", source: duesRules, effective: d2008, value: 100, unit: .basisPoints, isPractice: false),
            Rule(id: .duesThirdRate, title: "党费第三档比例", source: duesRules, effective: d2008, value: 150, unit: .basisPoints, isPractice: false),
            Rule(id: .duesTopRate, title: "党费第四档比例", source: duesRules, effective: d2008, value: 200, unit: .basisPoints, isPractice: false),
            Rule(id: .duesRetiredBracketYuan, title: "离退休党员党费分档（养老金，含）", source: duesRules, effective: d2008, value: 5000, unit: .yuan, isPractice: false),
            Rule(id: .duesRetiredLowerRate, title: "离退休党员党费比例（档内）", source: duesRules, effective: d2008, value: 50, unit: .basisPoints, isPractice: false),
            Rule(id: .duesRetiredUpperRate, title: "离退休党员党费比例（档上）", source: duesRules, effective: d2008, value: 100, unit: .basisPoints, isPractice: false),
            Rule(id: .duesFarmerFen, title: "农民党员每月党费（0.2–1 元，由省级党委组织部门确定）", source: duesRules, effective: d2008,
                 value: 20, unit: .fen, isPractice: true),
            Rule(id: .duesMinimumFen, title: "学生、下岗失业、依靠救济或低保党员每月党费", source: duesRules, effective: d2008, value: 20, unit: .fen, isPractice: false),
            Rule(id: .duesRoundingHalfUp, title: "党费计算到分，分以下四舍五入（1 为四舍五入，0 为舍去）", source: "本平台默认设置", effective: d2008,
                 value: 1, unit: .count, isPractice: true),
            Rule(id: .duesBackPaymentMonths, title: "经支部同意补缴党费，最多补缴的月数", source: duesRules, effective: d2008,
                 value: 6, unit: .months, isPractice: false),
            Rule(id: .duesArrearsWarningMonths, title: "连续未交纳党费达到此月数时提醒支部谈话", source: "本平台默认设置", effective: d2008,
                 value: 3, unit: .months, isPractice: true),
            Rule(id: .duesLapseMonths, title: "没有正当理由连续不交纳党费满此月数，按自行脱党处理", source: charter + "第九条", effective: d2022,
                 value: 6, unit: .months, isPractice: false),
            Rule(id: .duesCentreThresholdYuan, title: "一次自愿交纳党费达到此数额（元）的全部上缴中央", source: duesRules, effective: d2008,
                 value: 1000, unit: .yuan, isPractice: false),
            Rule(id: .duesFixingMonth, title: "每年此月底前核定全年每月党费", source: duesRules + "（年初核定，年内一般不作调整）", effective: d2008,
                 value: 1, unit: .count, isPractice: true),
            Rule(id: .duesReductionMaximumMonths, title: "一次批准少交或免交党费的最长月数（期满重新申请）", source: "本平台默认设置", effective: d2008,
                 value: 12, unit: .months, isPractice: true),
            Rule(id: .disciplinaryProbationMaximumYears, title: "留党察看最长期限", source: charter + "第三十九条", effective: d2022,
                 value: 2, unit: .years, isPractice: false),
            Rule(id: .leavingUnitMonths, title: "拟离开单位的发展对象不办理接收", source: rulesOfDevelopment, effective: d2014,
                 value: 3, unit: .months, isPractice: false),
            Rule(id: .lateRecordDays, title: "登记早于此天数的事项（发展步骤、党费交纳）须写明补录原因", source: "本平台默认设置（防止事后补记）",
                 effective: d2018, value: 30, unit: .days, isPractice: true),
            Rule(id: .backupMaximumAgeDays, title: "最近一次成功的数据备份不得早于此天数", source: "《信息安全技术 网络安全等级保护基本要求》（GB/T 22239—2019）数据备份恢复（每日备份为通行做法）",
                 effective: d2019protection, value: 1, unit: .days, isPractice: true),
            Rule(id: .demandAcknowledgeWorkingDays, title: "群众诉求、意见建议受理期限（工作日）",
                 source: "各地“接诉即办”通行做法（正式信访适用《信访工作条例》15 日告知）", effective: d2022petitions, value: 1, unit: .days, isPractice: true),
            Rule(id: .demandAnswerWorkingDays, title: "群众诉求、意见建议答复期限（工作日）",
                 source: "各地“接诉即办”通行做法（正式信访适用《信访工作条例》60 日办结）", effective: d2022petitions, value: 5, unit: .days, isPractice: true),
            Rule(id: .demandRatingDays, title: "答复后此天数内未评价的，按逾期未评价办结", source: "本平台默认设置", effective: d2022petitions,
                 value: 7, unit: .days, isPractice: true),
            Rule(id: .publicityVillagePartyMonths, title: "村党组织党务公开周期（月）", source: "《中国共产党党务公开条例（试行）》；每月公开为各地通行做法",
                 effective: d2017openness, value: 1, unit: .months, isPractice: true),
            Rule(id: .publicityVillageAffairsMonths, title: "村务公开周期（月，一般事项至少每季度一次）", source: villageLaw + "第三十条", effective: d2018villages,
                 value: 3, unit: .months, isPractice: false),
            Rule(id: .publicityVillageFinanceMonths, title: "村财务收支公开周期（月，集体财务往来较多的每月一次）", source: villageLaw + "第三十条",
                 effective: d2018villages, value: 1, unit: .months, isPractice: false),
            Rule(id: .publicityCommunityPartyMonths, title: "社区党组织党务公开周期（月）", source: "《中国共产党党务公开条例（试行）》；按季度公开为各地通行做法",
                 effective: d2017openness, value: 3, unit: .months, isPractice: true),
            Rule(id: .publicityCommunityAffairsMonths, title: "社区居务公开周期（月）", source: "《中华人民共和国城市居民委员会组织法》；按季度公开为各地通行做法",
                 effective: d2018villages, value: 3, unit: .months, isPractice: true),
            Rule(id: .publicityCommunityFinanceMonths, title: "社区财务公开周期（月）", source: "各地居务公开通行做法", effective: d2018villages,
                 value: 3, unit: .months, isPractice: true),
            Rule(id: .publicityGraceDays, title: "公开期满后此天数内发布（如次月 10 日前）", source: "各地三务公开通行做法", effective: d2018villages,
                 value: 10, unit: .days, isPractice: true),
            Rule(id: .publicityAnswerWorkingDays, title: "对公开内容提问的答复期限（工作日）", source: villageLaw + "第三十条（接受村民的查询）；答复期限为通行做法",
                 effective: d2018villages, value: 5, unit: .days, isPractice: true),
            Rule(id: .learningMemberHours, title: "党员每年集中培训和集体学习学时（一般不少于）", source: educationPlan, effective: d2019education,
                 value: 32, unit: .count, isPractice: false),
            Rule(id: .learningLeaderHours, title: "基层党组织书记和班子成员每年学时（一般不少于）", source: educationPlan, effective: d2019education,
                 value: 56, unit: .count, isPractice: false),
            Rule(id: .learningMinutesPerHour, title: "一个学时的分钟数（支部集体学习一小时计 1 学时）", source: "各地党员教育培训学时认定通行做法",
                 effective: d2019education, value: 60, unit: .count, isPractice: true),
            Rule(id: .learningPartyLectureHours, title: "一次党课计入的学时（未登记时长时）", source: "各地党员教育培训学时认定通行做法", effective: d2019education,
                 value: 2, unit: .count, isPractice: true),
            Rule(id: .learningPlayedPercent, title: "视频、音频课程播放满此百分比算完成（按实际播放的片段，不按在线时长）",
                 source: "本平台默认设置（依据基层减负要求，不以在线时长评价学习）", effective: d2019education, value: 90, unit: .count, isPractice: true),
            Rule(id: .learningWarningDays, title: "必学课程到期前此天数起提醒本人", source: "本平台默认设置", effective: d2019education,
                 value: 7, unit: .days, isPractice: true),
            Rule(id: .learningCheckPassPercent, title: "课后检测答对此百分比算通过（可重做）", source: "本平台默认设置", effective: d2019education,
                 value: 80, unit: .count, isPractice: true),
            Rule(id: .learningElderlyAge, title: "“老党员”学习对象的年龄（周岁，含）", source: "本平台默认设置（各地对年老体弱党员送学上门的通行做法）",
                 effective: d2019education, value: 70, unit: .count, isPractice: true),
            Rule(id: .volunteerCreditCapHours, title: "爱心存折：每次志愿服务最多计入的小时数（1 小时计 1 分）", source: timeBank,
                 effective: d2019education, value: 2, unit: .count, isPractice: true),
            Rule(id: .volunteerExchangesPerQuarter, title: "爱心超市：每人每季度最多兑换次数", source: timeBank,
                 effective: d2019education, value: 1, unit: .count, isPractice: true),
            Rule(id: .volunteerStarStepHours, title: "志愿服务星级：一年服务每满此小时数加一星（最多五星）", source: "社区志愿服务星级评定通行做法（本平台默认设置）",
                 effective: d2019education, value: 10, unit: .count, isPractice: true),
        ]
        return RuleBook(rules: Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) }))
    }()
}

/// 补录 — a fact recorded long after its date: allowed, with the reason written beside it (RuleID.lateRecordDays).
public struct LateRecordRule: Sendable {
    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    /// Whether `date` is far enough behind `today` that a reason is needed.
    public func isLate(_ date: CalendarDate, today: CalendarDate) -> Bool {
        date.days(until: today) > rules.value(.lateRecordDays)
    }

    /// The reason, trimmed, when one is needed and given (at least 4 characters, at most 200); nil when none is needed;
    /// throws the Chinese message when it is needed and missing.
    public func reason(_ text: String?, for date: CalendarDate, today: CalendarDate) throws(DevelopmentRefusal) -> String? {
        guard isLate(date, today: today) else { return nil }
        let reason = text?.trimmed ?? ""
        guard (4...200).contains(reason.count) else {
            throw DevelopmentRefusal("日期 \(date) 早于今天 \(rules.value(.lateRecordDays)) 天以上，属于补录，请写明补录原因（4–200 字）",
                                     rule: rules[.lateRecordDays])
        }
        return reason
    }
}
