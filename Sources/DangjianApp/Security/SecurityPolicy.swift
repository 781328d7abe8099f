import Fluent
import Vapor

/// 安全策略 — what the 安全管理员 sets: lockout after failed logins and the shortest password accepted.
struct SecurityPolicy: Content, Equatable {
    var maxFailedLogins: Int
    var lockoutMinutes: Int
    var minimumPasswordLength: Int

    static let defaults = SecurityPolicy(maxFailedLogins: 5, lockoutMinutes: 15, minimumPasswordLength: 8)

    private static let keys = (failures: "lockout.max_failures", minutes: "lockout.minutes", length: "password.min_length")

    static func load(on database: any Database) async throws -> SecurityPolicy {
        let rows = try await SettingModel.query(on: database).all()
        var values: [String: Int] = [:]
        for row in rows { values[row.id ?? ""] = Int(row.value) }
        return SecurityPolicy(maxFailedLogins: values[keys.failures] ?? defaults.maxFailedLogins,
                              lockoutMinutes: values[keys.minutes] ?? defaults.lockoutMinutes,
                              minimumPasswordLength: values[keys.length] ?? defaults.minimumPasswordLength)
    }

    /// The Chinese problems with these values, all at once.
    func problems() -> [String] {
        var found: [String] = []
        if !(3...10).contains(maxFailedLogins) { found.append("连续失败次数上限应在 3–10 次之间") }
        if !(5...1440).contains(lockoutMinutes) { found.append("锁定时长应在 5–1440 分钟之间") }
        if !(8...64).contains(minimumPasswordLength) { found.append("密码最短长度应在 8–64 位之间") }
        return found
    }

    func save(on database: any Database) async throws {
        for (key, value) in [(Self.keys.failures, maxFailedLogins), (Self.keys.minutes, lockoutMinutes),
                             (Self.keys.length, minimumPasswordLength)] {
            if let row = try await SettingModel.find(key, on: database) {
                row.value = "\(value)"
                try await row.update(on: database)
            } else {
                try await SettingModel(key: key, value: "\(value)").create(on: database)
            }
        }
    }

    /// Checks a new password against the policy; nil when acceptable.
    func problem(withPassword password: String, username: String) -> String? {
        if password.count < minimumPasswordLength { return "密码至少 \(minimumPasswordLength) 位" }
        if password.count > 128 { return "密码不能超过 128 位" }
        if password.lowercased().contains(username.lowercased()) { return "密码不能包含用户名" }
        let classes = [password.contains(where: \.isLetter), password.contains(where: \.isNumber),
                       password.contains { !$0.isLetter && !$0.isNumber }].filter { $0 }.count
        if classes < 2 { return "密码须同时包含字母、数字、符号中的至少两类" }
        return nil
    }
}
