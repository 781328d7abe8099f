/// 信息完整度 — how much of the national register a record fills, and what is missing.
public struct Completeness: Sendable, Equatable, Codable {
    /// 0…100.
    public let score: Int
    /// Chinese labels of the missing fields, in form order.
    public let missing: [String]

    /// The presence of each field that the national register asks for.
    public struct Facts: Sendable {
        public var hasIDNumber: Bool
        public var hasEthnicity: Bool
        public var hasEducation: Bool
        public var hasCategory: Bool
        public var hasJob: Bool
        public var hasPhone: Bool
        public var hasAddress: Bool
        public var membership: Membership
        public var hasFullOn: Bool

        public init(hasIDNumber: Bool, hasEthnicity: Bool, hasEducation: Bool, hasCategory: Bool, hasJob: Bool,
                    hasPhone: Bool, hasAddress: Bool, membership: Membership, hasFullOn: Bool) {
            self.hasIDNumber = hasIDNumber
            self.hasEthnicity = hasEthnicity
            self.hasEducation = hasEducation
            self.hasCategory = hasCategory
            self.hasJob = hasJob
            self.hasPhone = hasPhone
            self.hasAddress = hasAddress
            self.membership = membership
            self.hasFullOn = hasFullOn
        }
    }

    /// Name, gender, birth date, joined date and organization are always present (the form requires them),
    /// and count toward the score so that a record missing everything optional still shows its real share.
    static let alwaysPresent = 5

    public init(_ facts: Facts) {
        var checks: [(String, Bool)] = [
            ("公民身份号码", facts.hasIDNumber),
            ("民族", facts.hasEthnicity),
            ("学历", facts.hasEducation),
            ("人员类别", facts.hasCategory),
            ("工作单位及职务", facts.hasJob),
            ("联系电话", facts.hasPhone),
            ("家庭住址", facts.hasAddress),
        ]
        if facts.membership == .full { checks.append(("转正时间", facts.hasFullOn)) }
        let present = checks.filter(\.1).count + Self.alwaysPresent
        let total = checks.count + Self.alwaysPresent
        self.score = present * 100 / total
        self.missing = checks.filter { !$0.1 }.map(\.0)
    }
}
