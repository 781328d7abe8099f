/// 发展党员的五个阶段 — the five stages of member development (《中国共产党发展党员工作细则》).
public enum DevelopmentStage: Int, CaseIterable, Sendable, Codable, Comparable {
    case application = 1, activist, candidate, admission, probation

    public var chinese: String {
        switch self {
        case .application: "申请入党"
        case .activist: "入党积极分子的确定和培养教育"
        case .candidate: "发展对象的确定和考察"
        case .admission: "预备党员的接收"
        case .probation: "预备党员的教育考察和转正"
        }
    }

    /// The short name used in funnels.
    public var short: String {
        switch self {
        case .application: "申请人"
        case .activist: "入党积极分子"
        case .candidate: "发展对象"
        case .admission: "接收审批中"
        case .probation: "预备党员"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// 发展党员的二十五个步骤, in their order.
public enum DevelopmentStep: Int, CaseIterable, Sendable, Codable, Comparable {
    case application = 1, applicationTalk
    case activistRecommendation, activistFiling, contactsAssigned, activistEducation
    case candidateDetermination, candidateFiling, sponsorsAssigned, politicalReview, intensiveTraining
    case committeeReview, preReview, volunteerForm, admissionMeeting, higherTalk, admissionApproval, admissionRecord
    case branchPlacement, oath, probationEducation, conversionApplication, conversionMeeting, conversionApproval, archiving

    public var chinese: String {
        switch self {
        case .application: "递交入党申请书"
        case .applicationTalk: "党组织派人谈话"
        case .activistRecommendation: "推荐和确定入党积极分子"
        case .activistFiling: "入党积极分子报上级党委备案"
        case .contactsAssigned: "指定培养联系人"
        case .activistEducation: "培养教育考察"
        case .candidateDetermination: "确定发展对象"
        case .candidateFiling: "发展对象报上级党委备案"
        case .sponsorsAssigned: "确定入党介绍人"
        case .politicalReview: "政治审查"
        case .intensiveTraining: "短期集中培训"
        case .committeeReview: "支部委员会审查"
        case .preReview: "上级党委预审"
        case .volunteerForm: "填写入党志愿书"
        case .admissionMeeting: "支部大会讨论（接收预备党员）"
        case .higherTalk: "上级党委派人谈话"
        case .admissionApproval: "上级党委审批"
        case .admissionRecord: "再上一级党委组织部门备案"
        case .branchPlacement: "编入党支部和党小组"
        case .oath: "入党宣誓"
        case .probationEducation: "继续教育考察"
        case .conversionApplication: "提出转正申请"
        case .conversionMeeting: "支部大会讨论（转正）"
        case .conversionApproval: "上级党委审批（转正）"
        case .archiving: "材料归档"
        }
    }

    public var stage: DevelopmentStage {
        switch rawValue {
        case 1...2: .application
        case 3...6: .activist
        case 7...11: .candidate
        case 12...18: .admission
        default: .probation
        }
    }

    /// Steps that need a public notice (公示) before the next one (practice).
    /// (practice) 公示 at the activist, development-object, admission and 转正 points.
    public var needsPublicNotice: Bool { publicNoticeTitle != nil }

    public var publicNoticeTitle: String? {
        switch self {
        case .activistRecommendation: "入党积极分子公示"
        case .candidateDetermination: "拟确定为发展对象公示"
        case .preReview: "拟接收为预备党员公示"
        case .conversionMeeting: "预备党员拟转正公示"
        default: nil
        }
    }

    public var next: DevelopmentStep? { DevelopmentStep(rawValue: rawValue + 1) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension DevelopmentStep {
    /// Steps the 上级党委 takes, not the branch: 预审, 派人谈话, 审批 and 转正审批. Recording one needs a grant on that
    /// committee (`LevelAbove.committee`).
    public var isTakenAbove: Bool { [.preReview, .higherTalk, .admissionApproval, .conversionApproval].contains(self) }
}
