import Testing
@testable import DangjianCore

@Suite("Backups as a to-do (the rule's days since the last successful backup)")
struct BackupToDosTests {
    let rules = RuleBook.national
    let day = CalendarDate(year: 2026, month: 11, day: 30)!

    @Test("a new installation has the rule's days for its first backup; then “尚未做过数据备份”")
    func never() {
        let todos = BackupToDos(rules: rules)
        #expect(todos.todos(for: .init(lastSuccess: nil, installedOn: day), today: day).isEmpty)
        let missed = todos.todos(for: .init(lastSuccess: nil, installedOn: day), today: day.adding(days: 1))
        #expect(missed.map(\.title) == ["尚未做过数据备份"])
        #expect(missed.first?.link == "/backups" && missed.first?.subjectName == "本平台")
    }

    @Test("a backup yesterday is on time; two days ago is a to-do, overdue, citing the rule")
    func late() throws {
        let todos = BackupToDos(rules: rules)
        #expect(todos.todos(for: .init(lastSuccess: day.adding(days: -1), installedOn: day.adding(days: -100)), today: day.adding(days: -1)).isEmpty)
        let late = try #require(todos.todos(for: .init(lastSuccess: day.adding(days: -2), installedOn: day.adding(days: -100)), today: day).first)
        #expect(late.title == "数据备份已有 2 天未成功（最近一次 2026-11-28）")
        #expect(late.isOverdue(on: day) && late.rule.citation.contains("GB/T 22239"))
    }

    @Test("a deployment that backs up weekly says so in its rules")
    func weekly() throws {
        let weekly = try rules.applying([RuleBook.Override(id: RuleID.backupMaximumAgeDays.rawValue, value: 7, source: "县委组织部规定每周备份", effective: nil)])
        let todos = BackupToDos(rules: weekly)
        #expect(todos.todos(for: .init(lastSuccess: day.adding(days: -6), installedOn: day.adding(days: -100)), today: day).isEmpty)
        #expect(todos.todos(for: .init(lastSuccess: day.adding(days: -8), installedOn: day.adding(days: -100)), today: day).count == 1)
    }
}
