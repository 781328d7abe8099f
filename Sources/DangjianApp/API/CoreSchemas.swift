import DangjianCore
import Foundation

/// How the Core types that write themselves as text appear in the API document.
extension CalendarDate: APISchemaProviding {
    static var apiSchema: Schema { .string(format: "date", description: "日期，如 2026-03-01") }
    static var apiExample: CalendarDate { CalendarDate(Date()) }
}

extension DuesMonth: APISchemaProviding {
    static var apiSchema: Schema { .monthHint }
    static var apiExample: DuesMonth { DuesMonth(CalendarDate(Date())) }
}

extension OrgPath: APISchemaProviding {
    static var apiSchema: Schema { .string(pattern: "^/([1-9][0-9]*/)*$", description: "组织路径，如 /1/5/23/") }
    static var apiExample: OrgPath { .root }
}

extension LenientID: APISchemaProviding {
    static var apiSchema: Schema {
        Schema(type: ["integer", "string"], pattern: "^\\s*[1-9][0-9]{0,17}\\s*$", minimum: 1, description: "编号：数字，或写成文字的数字")
    }
    static var apiExample: LenientID { LenientID(1) }
}

extension Schema {
    /// A year a caller may ask for (`AcceptedYears`), up to next year by the server's clock.
    static var yearHint: Schema {
        .integer(minimum: AcceptedYears.first, maximum: CalendarDate(Date()).year + 1, description: "年份")
    }

    static var monthHint: Schema { .string(pattern: "^[0-9]{4}-[0-9]{1,2}$", description: "月份，如 2026-03") }
}
