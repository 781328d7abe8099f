import Foundation

/// 花名册 — a member roster as secretaries keep it in Excel: which column holds what, recognized by the many ways
/// the headers are written, and each row turned into the register's input.
public enum RosterField: String, CaseIterable, Sendable {
    case name, gender, ethnicity, idNumber, birthDate, education, category, membership, joinedOn, fullOn
    case organization, phone, job, address

    /// The header our own files use.
    public var header: String {
        switch self {
        case .name: "姓名"
        case .gender: "性别"
        case .ethnicity: "民族"
        case .idNumber: "公民身份号码"
        case .birthDate: "出生日期"
        case .education: "学历"
        case .category: "人员类别"
        case .membership: "党员类型"
        case .joinedOn: "入党时间"
        case .fullOn: "转正时间"
        case .organization: "所在党组织"
        case .phone: "联系电话"
        case .job: "工作单位及职务"
        case .address: "家庭住址"
        }
    }

    /// Other ways the column is headed in the rosters branches keep.
    var variants: [String] {
        switch self {
        case .name: ["党员姓名", "名字"]
        case .gender: []
        case .ethnicity: ["民族成分"]
        case .idNumber: ["身份证号", "身份证号码", "身份证", "公民身份证号码", "公民身份证号", "证件号码", "身份号码"]
        case .birthDate: ["出生年月", "出生年月日", "生日"]
        case .education: ["文化程度", "最高学历", "学历学位"]
        case .category: ["工作岗位", "职业", "人员身份", "岗位类别"]
        case .membership: ["党员类别", "党员身份", "正式/预备", "正式或预备"]
        case .joinedOn: ["入党日期", "入党年月", "加入党组织日期", "加入中国共产党日期"]
        case .fullOn: ["转正日期", "转正年月", "转为正式党员日期"]
        case .organization: ["所在党支部", "所在支部", "党组织", "党支部", "所属党组织", "所属党支部", "党组织名称"]
        case .phone: ["手机", "手机号", "手机号码", "电话", "联系方式", "电话号码"]
        case .job: ["工作单位", "单位及职务", "工作单位和职务", "职务"]
        case .address: ["住址", "现居住地", "居住地址", "现住址", "家庭地址"]
        }
    }

    /// Spaces, line breaks, `*` marks of required columns and bracketed notes do not change what a header means.
    static func normalized(_ header: String) -> String {
        var text = header.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
        if let open = text.firstIndex(of: "("), open != text.startIndex { text = String(text[..<open]) }
        return text.filter { !$0.isWhitespace && $0 != "*" && $0 != "＊" && $0 != "：" && $0 != ":" }
    }

    static let lookup: [String: RosterField] = {
        var table: [String: RosterField] = [:]
        for field in allCases {
            for header in [field.header] + field.variants { table[normalized(header)] = field }
        }
        return table
    }()

    public init?(header: String) {
        guard let field = Self.lookup[Self.normalized(header)] else { return nil }
        self = field
    }
}

/// Where the fields sit in a roster: the header row (the first row naming 姓名 among the first ten, so a merged title
/// row above it is skipped) and the column of each recognized field.
public struct RosterLayout: Sendable, Equatable {
    public let headerRow: Int
    public let columns: [RosterField: Int]
    public let headers: [String]

    public init?(headerRow: Int, cells: [String]) {
        var columns: [RosterField: Int] = [:]
        for (index, cell) in cells.enumerated() {
            if let field = RosterField(header: cell), columns[field] == nil { columns[field] = index }
        }
        guard columns[.name] != nil else { return nil }
        self.headerRow = headerRow
        self.columns = columns
        self.headers = cells
    }

    /// Columns the import cannot do without. The organization may instead be chosen for the whole file.
    public func missing(organizationChosen: Bool) -> [RosterField] {
        ([.name, .idNumber, .joinedOn] + (organizationChosen ? [] : [.organization])).filter { columns[$0] == nil }
    }

    public func value(_ field: RosterField, in cells: [String]) -> String {
        guard let index = columns[field], index < cells.count else { return "" }
        return cells[index].trimmed
    }

    /// The register input of one row, with the spreadsheet's ways of writing dates and numbers undone.
    public func input(from cells: [String], today: CalendarDate) -> MemberInput {
        var input = MemberInput(
            name: value(.name, in: cells), gender: value(.gender, in: cells), ethnicity: value(.ethnicity, in: cells),
            birthDate: Self.date(value(.birthDate, in: cells)), idNumber: value(.idNumber, in: cells).uppercased(),
            education: value(.education, in: cells), category: value(.category, in: cells),
            membership: value(.membership, in: cells), joinedOn: Self.date(value(.joinedOn, in: cells)),
            fullOn: Self.date(value(.fullOn, in: cells)), job: value(.job, in: cells), phone: value(.phone, in: cells),
            address: value(.address, in: cells))
        if input.membership.isEmpty { input.membership = Self.inferredMembership(input, today: today).chinese }
        return input
    }

    /// Without a 党员类型 column: a recorded 转正 date, or joining more than a year ago, means a full member.
    static func inferredMembership(_ input: MemberInput, today: CalendarDate) -> Membership {
        if !input.fullOn.isEmpty { return .full }
        if let joined = CalendarDate(parsing: input.joinedOn), joined.adding(years: 1) > today { return .probationary }
        return .full
    }

    /// Excel stores a date typed into a cell as a day count from 1899-12-30, and may add a time of day.
    public static func date(_ text: String) -> String {
        if Self.isPlainNumber(text), let serial = Double(text), serial >= 1, serial < 80_000 {
            let epoch = CalendarDate(year: 1899, month: 12, day: 30)!
            return epoch.adding(days: Int(serial)).description
        }
        if let space = text.firstIndex(of: " "), text[text.index(after: space)...].contains(":") {
            return String(text[..<space])
        }
        return text
    }

    /// An ID number Excel turned into a number (`4.10105E+17`) has lost its last digits and cannot be repaired.
    public static func isMangledByExcel(_ idNumber: String) -> Bool {
        // ^[0-9]\.[0-9]+[Ee]\+?1[67]$, by hand.
        let bytes = Array(idNumber.utf8)
        func digit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        guard bytes.count >= 6, digit(bytes[0]), bytes[1] == 0x2E else { return false }
        var index = 2
        while index < bytes.count, digit(bytes[index]) { index += 1 }
        guard index > 2, index < bytes.count, bytes[index] == 0x45 || bytes[index] == 0x65 else { return false }
        index += 1
        if index < bytes.count, bytes[index] == 0x2B { index += 1 }
        return bytes.count - index == 2 && bytes[index] == 0x31 && (bytes[index + 1] == 0x36 || bytes[index + 1] == 0x37)
    }

    /// `^[0-9]+(\.[0-9]+)?$`, by hand.
    static func isPlainNumber(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: 0x2E, omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
}
