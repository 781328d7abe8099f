/// 数据备份 as a to-do for the security administrators: the latest successful backup is older than the rule allows, or
/// there has never been one.
public struct BackupToDos: ToDoRule {
    public struct Facts: Sendable {
        /// The day of the latest backup that succeeded, nil when none has.
        public let lastSuccess: CalendarDate?
        /// The day the platform's database was created: a new installation gets the rule's days for its first backup.
        public let installedOn: CalendarDate

        public init(lastSuccess: CalendarDate?, installedOn: CalendarDate) {
            self.lastSuccess = lastSuccess
            self.installedOn = installedOn
        }
    }

    public let rules: RuleBook

    public init(rules: RuleBook) { self.rules = rules }

    public func todos(for facts: Facts, today: CalendarDate) -> [ToDo] {
        let days = rules.value(.backupMaximumAgeDays)
        let due = (facts.lastSuccess ?? facts.installedOn).adding(days: days)
        guard due <= today else { return [] }
        let title = facts.lastSuccess.map { "数据备份已有 \($0.days(until: today)) 天未成功（最近一次 \($0)）" } ?? "尚未做过数据备份"
        return [ToDo(kind: "operations.backup", title: title, subject: .system(name: "本平台"), due: due, rule: rules[.backupMaximumAgeDays],
                     link: "/backups")]
    }
}
