/// The kinds of organizational life of RULES.md §3 (三会一课 and the rest).
public enum ActivityKind: String, Sendable, Codable, CaseIterable {
    case generalMeeting = "general-meeting"
    case committeeMeeting = "committee-meeting"
    case groupMeeting = "group-meeting"
    case partyLecture = "party-lecture"
    case themeDay = "theme-day"
    case lifeMeeting = "life-meeting"
    case democraticReview = "democratic-review"
    case heartTalk = "heart-talk"

    public var chinese: String {
        switch self {
        case .generalMeeting: "支部党员大会"
        case .committeeMeeting: "支部委员会会议"
        case .groupMeeting: "党小组会"
        case .partyLecture: "党课"
        case .themeDay: "主题党日"
        case .lifeMeeting: "组织生活会"
        case .democraticReview: "民主评议党员"
        case .heartTalk: "谈心谈话"
        }
    }

    /// How often the rules ask for it.
    public var frequencyRule: RuleID {
        switch self {
        case .generalMeeting: .generalMeetingMonths
        case .committeeMeeting: .committeeMeetingMonths
        case .groupMeeting: .groupMeetingMonths
        case .partyLecture: .partyLectureMonths
        case .themeDay: .themeDayMonths
        case .lifeMeeting: .lifeMeetingMonths
        case .democraticReview: .democraticReviewMonths
        case .heartTalk: .heartTalkMonths
        }
    }

    /// Who is expected: the whole organization, or only its committee.
    public var expectsCommitteeOnly: Bool { self == .committeeMeeting }

    /// Held by a 党小组 rather than by the branch itself.
    public var isHeldByGroups: Bool { self == .groupMeeting }
}

/// Why a member was not at an activity, or that they were.
public enum AttendanceStatus: String, Sendable, Codable, CaseIterable {
    case present
    /// 请假 (personal reasons, approved)
    case leave
    /// 因公 (on duty elsewhere)
    case official
    /// 外出 (away: working or living elsewhere)
    case away
    /// 病假
    case sick
    /// 缺席 without a reason given.
    case absent
    /// Expected and not yet signed in (the meeting is not over).
    case expected

    public var chinese: String {
        switch self {
        case .present: "出席"
        case .leave: "请假"
        case .official: "因公缺席"
        case .away: "外出"
        case .sick: "病假"
        case .absent: "缺席"
        case .expected: "未签到"
        }
    }

    /// An absence with a reason the branch accepts.
    public var isExcused: Bool { [.leave, .official, .away, .sick].contains(self) }
}
