import Testing
@testable import DangjianCore

@Suite("Roster columns")
struct RosterTests {
    @Test("headers are recognized in the ways secretaries write them", arguments: [
        ("姓名", RosterField.name), ("身份证号", .idNumber), ("公民身份号码（18位）", .idNumber), ("* 入党时间", .joinedOn),
        ("入党\n日期", .joinedOn), ("所在党支部", .organization), ("手机号码", .phone), ("文化程度", .education),
        ("工作单位及职务", .job), ("转为正式党员日期", .fullOn), ("党员类别", .membership),
    ])
    func headers(_ header: String, _ field: RosterField) {
        #expect(RosterField(header: header) == field)
    }

    @Test("unknown headers are left alone")
    func unknown() {
        #expect(RosterField(header: "备注") == nil)
        #expect(RosterField(header: "") == nil)
    }

    @Test("the layout needs 姓名; it names the columns still missing")
    func layout() {
        #expect(RosterLayout(headerRow: 1, cells: ["东岗村党员花名册"]) == nil)
        let layout = RosterLayout(headerRow: 2, cells: ["序号", "姓名", "身份证号", "入党时间"])!
        #expect(layout.missing(organizationChosen: false) == [.organization])
        #expect(layout.missing(organizationChosen: true).isEmpty)
        #expect(layout.value(.idNumber, in: ["1", "张三", " 41990119850314124x "]) == "41990119850314124x")
    }

    @Test("dates typed as Excel numbers or with a time of day become calendar dates")
    func dates() {
        #expect(RosterLayout.date("37073") == "2001-07-01")
        #expect(RosterLayout.date("1") == "1899-12-31")
        #expect(RosterLayout.date("2001-07-01 00:00:00") == "2001-07-01")
        #expect(RosterLayout.date("2001年7月1日") == "2001年7月1日")
        #expect(RosterLayout.date("") == "")
    }

    @Test("membership is inferred from the dates when the roster has no column for it")
    func membership() {
        let today = CalendarDate(year: 2026, month: 11, day: 26)!
        let layout = RosterLayout(headerRow: 1, cells: ["姓名", "公民身份号码", "入党时间", "转正时间"])!
        #expect(layout.input(from: ["甲", "x", "2026-03-01", ""], today: today).membership == "预备党员")
        #expect(layout.input(from: ["乙", "x", "2025-11-26", ""], today: today).membership == "正式党员")
        #expect(layout.input(from: ["丙", "x", "2026-03-01", "2026-11-01"], today: today).membership == "正式党员")
    }

    @Test("an ID number Excel stored as a number is recognized")
    func mangled() {
        #expect(RosterLayout.isMangledByExcel("4.10105198503141E+17"))
        #expect(!RosterLayout.isMangledByExcel("41010519850314124X"))
    }
}
