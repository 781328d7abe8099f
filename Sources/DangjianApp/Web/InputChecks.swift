import DangjianCore
import Vapor

/// Years and months sent by callers, checked in one place against `AcceptedYears`: out of range is a 422 naming the
/// field and the range, never a value that reaches a calculation.
extension Request {
    /// The year asked for, or this year when none was sent.
    func year(_ value: Int?, field: String = "year") throws -> Int {
        guard let value else { return today.year }
        guard AcceptedYears.range(today: today).contains(value) else { throw FormProblems(field: field, AcceptedYears.problem(today: today)) }
        return value
    }

    /// The month asked for (`2026-03`), or nil when none was sent.
    func month(_ text: String?, field: String = "month") throws -> DuesMonth? {
        guard let text, !text.trimmed.isEmpty else { return nil }
        guard let month = DuesMonth(parsing: text) else { throw FormProblems(field: field, "月份应写作 2026-03") }
        guard AcceptedYears.range(today: today).contains(month.year) else { throw FormProblems(field: field, AcceptedYears.problem(today: today)) }
        return month
    }
}
