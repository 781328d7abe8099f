import Foundation

/// A closed list of values with a Chinese label, parsed from either the stored identifier or the label.
public protocol ChineseLabelled: RawRepresentable<String>, CaseIterable, Sendable, Codable, Hashable {
    var chinese: String { get }
    /// Other spellings secretaries use for the same value (`大专` for `大学专科`).
    var aliases: [String] { get }
}

extension ChineseLabelled {
    /// Accepts the stored identifier, the Chinese label, or one of `aliases`.
    public init?(label text: String) {
        let trimmed = text.trimmed
        if let value = Self(rawValue: trimmed) { self = value; return }
        if let value = Self.allCases.first(where: { $0.chinese == trimmed || $0.aliases.contains(trimmed) }) {
            self = value
            return
        }
        return nil
    }

    public var aliases: [String] { [] }

    /// `[(identifier, label)]` for select boxes.
    public static var options: [(value: String, label: String)] { allCases.map { ($0.rawValue, $0.chinese) } }
}

/// 党员类型 — full or probationary member.
public enum Membership: String, ChineseLabelled {
    case full, probationary

    public var chinese: String { self == .full ? "正式党员" : "预备党员" }
    public var aliases: [String] { self == .full ? ["正式"] : ["预备"] }
}

/// 党籍状态 — where a member stands in the register.
public enum MemberStatus: String, ChineseLabelled {
    /// 正常 — in the register, taking part in the branch's life.
    case active
    /// 流动 — away from the branch (a 流动党员), still a member of it.
    case mobile
    /// 失联 — out of contact with the branch.
    case lostContact
    /// 停止党籍 — membership suspended after long loss of contact.
    case suspended
    /// 出党 — no longer a member (withdrawal, removal, expulsion, probation cancelled).
    case left
    /// 去世
    case deceased

    public var chinese: String {
        switch self {
        case .active: "正常"
        case .mobile: "流动"
        case .lostContact: "失联"
        case .suspended: "停止党籍"
        case .left: "出党"
        case .deceased: "去世"
        }
    }

    /// Counted among the organization's members (流动 and 失联 members still belong to their branch).
    public var isInRegister: Bool { self == .active || self == .mobile || self == .lostContact }

    public static var inRegister: [MemberStatus] { allCases.filter(\.isInRegister) }
}

/// 出党方式
public enum LeaveReason: String, ChineseLabelled {
    case withdrew, removed, expelled, probationCancelled

    public var chinese: String {
        switch self {
        case .withdrew: "退党"
        case .removed: "除名"
        case .expelled: "开除党籍"
        case .probationCancelled: "取消预备党员资格"
        }
    }
}

/// 学历 — highest education completed.
public enum Education: String, ChineseLabelled {
    case doctorate, master, bachelor, juniorCollege, technicalSecondary, highSchool, juniorHigh, primary

    public var chinese: String {
        switch self {
        case .doctorate: "博士研究生"
        case .master: "硕士研究生"
        case .bachelor: "大学本科"
        case .juniorCollege: "大学专科"
        case .technicalSecondary: "中专"
        case .highSchool: "高中"
        case .juniorHigh: "初中"
        case .primary: "小学及以下"
        }
    }

    public var aliases: [String] {
        switch self {
        case .doctorate: ["博士", "研究生（博士）"]
        case .master: ["硕士", "研究生", "研究生（硕士）"]
        case .bachelor: ["本科", "大学"]
        case .juniorCollege: ["大专", "专科"]
        case .technicalSecondary: ["中技", "中等专科", "中专/中技", "职高"]
        case .highSchool: ["高中及同等学历"]
        case .juniorHigh: ["初中及以下"]
        case .primary: ["小学", "文盲", "半文盲"]
        }
    }

    /// 大专及以上 — the share of members with higher education is a standard statistic.
    public var isHigherEducation: Bool {
        switch self {
        case .doctorate, .master, .bachelor, .juniorCollege: true
        default: false
        }
    }
}

/// 人员类别 — the occupational category of the national member statistics.
public enum MemberCategory: String, ChineseLabelled {
    case worker, farmer, professional, enterpriseManager, civilServant, institutionManager
    case student, retired, otherOccupation, unemployed

    public var chinese: String {
        switch self {
        case .worker: "工人"
        case .farmer: "农牧渔民"
        case .professional: "专业技术人员"
        case .enterpriseManager: "企业管理人员"
        case .civilServant: "党政机关工作人员"
        case .institutionManager: "事业单位管理人员"
        case .student: "学生"
        case .retired: "离退休人员"
        case .otherOccupation: "其他职业人员"
        case .unemployed: "无职业人员"
        }
    }

    public var aliases: [String] {
        switch self {
        case .farmer: ["农民", "农牧渔民（农民）"]
        case .civilServant: ["公务员", "机关干部"]
        case .retired: ["离退休", "退休人员"]
        default: []
        }
    }
}

/// 民族 — the 56 ethnic groups in the order of GB/T 3304.
public enum Ethnicity {
    public static let all: [String] = [
        "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
        "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
        "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
        "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
        "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
        "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
    ]

    /// The canonical name for `text`, accepting the name without its final 族 (`汉` → `汉族`).
    public static func normalized(_ text: String) -> String? {
        let trimmed = text.trimmed
        if all.contains(trimmed) { return trimmed }
        if all.contains(trimmed + "族") { return trimmed + "族" }
        return nil
    }
}
