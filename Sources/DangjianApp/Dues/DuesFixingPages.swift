import DangjianCore
import DangjianHTML

/// 党费计算: the monthly amount by the 2008 rules, to check by.
extension DuesPages.CalculatorPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "党费计算" }
                p(.class("muted")) { "按《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）的标准计算每月应交党费，供核对；每年的党费数额由党支部核定。" }
                Forms.errors(errors)
                form(.method("get"), .action("/dues/calculator")) {
                    Forms.choice("党员类别", name: "category", categories, required: true)
                    label {
                        "月缴纳基数（元；农民、学生、下岗失业、低保党员不填）"
                        input(.name("baseIncome"), .inputmode("decimal"), .value(typed.baseIncome), .placeholder("如 6200.00"))
                    }
                    button(.class("primary")) { "计算" }
                }
                if let result {
                    div(.class("notice"), .role("status")) {
                        p(.class("figure-line")) { "每月应交党费 "; strong { result.monthly }; " 元" }
                        p { result.explanation }
                        p(.class("small")) { result.rule }
                    }
                }
            }
        }
    }
}

/// 核定党费: each member's category and base for the year, and the monthly amount they give.
extension DuesPages.FixingPage {
    var node: Node {
        let base = "/dues/fixing?organization=\(sheet.organizationID)&year="
        return Frame.page(layout) {
            div(.class("heading")) { h1 { "\(sheet.organization) · 核定\(sheet.year)年党费" } }
            DuesNav.links
            p(.class("muted")) { "每年年初按党员类别和月缴纳基数核定全年每月应交党费，年内一般不作调整；确需调整的，写明调整原因。已核定 \(sheet.fixedCount) / \(sheet.rows.count) 人。" }
            p(.class("actions")) {
                a(.class("button"), .href(base + String(previousYear))) { "\(previousYear)年" }
                " "
                a(.class("button"), .href(base + String(nextYear))) { "\(nextYear)年" }
            }
            Forms.errors(errors)
            form(.method("post"), .action("/dues/fixing")) {
                Forms.csrf(layout)
                input(.type("hidden"), .name("organizationID"), .value(sheet.organizationID))
                input(.type("hidden"), .name("year"), .value(sheet.year))
                table(.class("list members")) {
                    thead { tr { for heading in ["姓名", "党员类别", "月缴纳基数（元）", "核定结果", "调整原因（已核定后修改时填写）"] { th { heading } } } }
                    tbody { for line in rows { row(line) } }
                }
                button(.class("primary")) { "保存核定结果" }
            }
        }
    }

    private func row(_ line: Row) -> Node {
        let id = line.row.memberID, name = line.row.name
        return tr(.class(line.error != nil ? "has-error" : nil)) {
            td(Attribute("data-label", "姓名")) {
                a(.href("/dues/members/\(id)")) { name }
                if let occupation = line.row.occupation { br(); span(.class("small muted")) { occupation } }
            }
            td(Attribute("data-label", "党员类别")) {
                Node.element("select", [.name("category[\(id)]"), .ariaLabel("\(name) 党员类别")]) {
                    for choice in line.categories { option(.value(choice.value), .selected(choice.selected)) { choice.label } }
                }
            }
            td(Attribute("data-label", "月缴纳基数")) {
                input(.name("base[\(id)]"), .value(line.base), .inputmode("decimal"), .placeholder("如 6200.00"), .ariaLabel("\(name) 月缴纳基数"))
            }
            td(Attribute("data-label", "核定结果")) {
                if line.row.fixed {
                    strong { "\(line.row.monthly ?? "") 元/月" }
                    br()
                    span(.class("small")) { line.row.explanation ?? "" }
                } else {
                    span(.class("tag warn-tag")) { "未核定" }
                }
                if let error = line.error { br(); span(.class("warning-text")) { error } }
            }
            td(Attribute("data-label", "调整原因")) {
                if line.row.fixed { input(.name("reason[\(id)]"), .value(line.reason), .ariaLabel("\(name) 调整原因")) }
            }
        }
    }
}

/// 党费收缴汇总: a period's collection, remittance and spending by the organizations under one.
extension DuesPages.ReportPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "\(report.name) · 党费收缴汇总" } }
            DuesNav.links
            form(.method("get"), .action("/dues/report"), .class("row-form filters")) {
                input(.type("hidden"), .name("organization"), .value(report.organizationID))
                label { "起始月份"; input(.type("month"), .name("from"), .value(report.from.description)) }
                label { "截止月份"; input(.type("month"), .name("through"), .value(report.through.description)) }
                button { "查看" }
                " "
                a(.class("button"), .href(xlsxLink)) { "导出 Excel" }
            }
            p(.class("muted")) { "\(report.period)（按交纳日期统计）" }
            div(.class("figures")) {
                for (value, label) in [(report.total.sums.collected, "收缴党费（元）"), (report.total.sums.voluntary, "自愿多交（元）"),
                                       (report.total.sums.toCentre, "其中上缴中央（元）"), (report.total.sums.remitted, "向上级上缴（元）")] {
                    Figures.figure(value, label)
                }
            }
            table(.class("list members")) {
                thead {
                    tr {
                        th { "党组织" }
                        for heading in ["党员", "收缴（元）", "笔数", "自愿多交", "上缴中央", "向上级上缴", "收到下级上缴", "经费支出"] { th(.class("num")) { heading } }
                    }
                }
                tbody {
                    for row in report.rows {
                        tr {
                            td(Attribute("data-label", "党组织")) { a(.href("/dues?organization=\(row.organizationID)")) { row.name } }
                            Self.figures(row, cell: "td")
                        }
                    }
                    tr(.class("total")) {
                        th { "合计" }
                        Self.figures(report.total, cell: "th")
                    }
                }
            }
            p(.class("actions")) {
                a(.class("button"), .href("/dues/arrears?organization=\(report.organizationID)")) { "欠交名单" }
                " "
                a(.class("button"), .href("/dues/remittances?organization=\(report.organizationID)")) { "上缴记录" }
                " "
                a(.class("button"), .href("/dues/publication?organization=\(report.organizationID)")) { "年度公示" }
            }
        }
    }

    private static func figures(_ row: DuesReports.ReportRow, cell: StaticString) -> Node {
        let sums = row.sums
        let values: [(String, String)] = [("党员", String(row.members)), ("收缴", sums.collected), ("笔数", String(sums.payments)),
                                          ("自愿多交", sums.voluntary), ("上缴中央", sums.toCentre), ("向上级上缴", sums.remitted),
                                          ("收到下级上缴", sums.received), ("经费支出", sums.spent)]
        return group {
            for (label, value) in values { Node.element(cell, [Attribute("data-label", label), .class("num")]) { value } }
        }
    }
}
