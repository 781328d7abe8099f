import DangjianCore
import DangjianHTML

/// The dues module's pages, one button each.
enum DuesNav {
    static var links: Node {
        p(.class("actions no-print")) {
            for (href, label) in [("/dues", "按月收缴"), ("/dues/arrears", "欠交"), ("/dues/report", "汇总"), ("/dues/reductions", "减免"),
                                  ("/dues/remittances", "上缴"), ("/dues/publication", "公示"), ("/funds", "党建经费"), ("/funds/warmth", "温暖工程"),
                                  ("/dues/calculator", "党费计算")] {
                a(.class("button"), .href(href)) { label }
                " "
            }
        }
    }

    static func stateTag(_ state: DuesLedger.State?) -> String {
        switch state {
        case .paid, .paidAhead: "tag ok-tag"
        case .owing: "tag warn-tag"
        default: "tag"
        }
    }
}

/// 按月收缴: a branch's month — who has paid, who owes — ticked and recorded in one go.
extension DuesPages.SheetPage {
    var node: Node {
        let base = "/dues?organization=\(sheet.organizationID)&month="
        return Frame.page(layout) {
            div(.class("heading")) { h1 { "\(sheet.organization) · \(sheet.label)党费" } }
            DuesNav.links
            p(.class("actions")) {
                a(.class("button"), .href(base + sheet.previous.description)) { "‹ 上月" }
                " "
                a(.class("button"), .href(base + sheet.next.description)) { "下月 ›" }
            }
            div(.class("figures")) {
                for (value, label) in [(String(sheet.paidMembers), "本月已交（人）"), (sheet.collected, "已收（元）"),
                                       (String(sheet.owingMembers), "未交（人）"), (sheet.outstanding, "未收（元）")] {
                    Figures.figure(value, label)
                }
            }
            if sheet.unfixed > 0 {
                p(.class("warning-text")) {
                    "有 \(sheet.unfixed) 名党员尚未核定\(sheet.year)年党费。"
                    if sheet.canWrite { a(.href("/dues/fixing?organization=\(sheet.organizationID)&year=\(sheet.year)")) { "去核定" } }
                }
            }
            Forms.errors(errors)
            form(.method("post"), .action("/dues/collect"), .id("collect")) {
                Forms.csrf(layout)
                input(.type("hidden"), .name("organizationID"), .value(sheet.organizationID))
                input(.type("hidden"), .name("month"), .value(sheet.month.description))
                table(.class("list members"), .flag("data-tick-rows", true)) {
                    thead {
                        tr {
                            if sheet.canWrite { th { "收缴" } }
                            th { "姓名" }; th { "党籍" }; th(.class("num")) { "每月应交（元）" }; th { sheet.label }; th { "交纳日期" }
                            th(.class("num")) { "连续欠交" }
                        }
                    }
                    tbody { for line in rows { row(line) } }
                }
                if sheet.canWrite {
                    div(.class("grid-form")) {
                        label {
                            "交纳日期"
                            input(.type("date"), .name("paidOn"), .value(typed.paidOn ?? today.description), .max(today.description), .required())
                        }
                        Forms.choice("交纳方式", name: "method", methods)
                        label(.class("full")) {
                            "支部同意的记录（补缴以前月份、按季度预交时必填）"
                            input(.name("approval"), .value(typed.approval), .placeholder("如：支委会 3 月 5 日同意补缴"))
                        }
                        label(.class("full")) { "补录原因（交纳日期早于今天 30 天以上时必填）"; input(.name("lateReason"), .value(typed.lateReason), .maxlength(200)) }
                    }
                    div(.class("selection-bar"), .flag("data-selection-bar", true)) {
                        span(.class("selection-sum"), .hidden()) {
                            "已勾选 "; strong(.flag("data-selected-count", true)) { "0" }; " 人，"
                            strong { "¥"; span(.flag("data-selected-sum", true)) { "0.00" } }
                        }
                        button(.type("button"), .class("button"), .flag("data-select-all", true), .hidden()) { "全选未交" }
                        button(.class("primary")) { "记录勾选党员已交\(sheet.label)党费" }
                    }
                }
            }
        }
    }

    private func row(_ line: Row) -> Node {
        tr {
            if sheet.canWrite {
                td(Attribute("data-label", "收缴")) {
                    if line.row.collectable {
                        input(.type("checkbox"), .name("memberIDs[]"), .value(line.row.memberID), Attribute("data-amount", line.row.monthly),
                              .checked(line.checked), .ariaLabel("\(line.row.name) 已交"))
                    }
                }
            }
            td(Attribute("data-label", "姓名")) { a(.href("/dues/members/\(line.row.memberID)")) { line.row.name } }
            td(Attribute("data-label", "党籍")) { line.row.membership }
            td(Attribute("data-label", "每月应交"), .class("num")) { line.row.monthly ?? "" }
            td(Attribute("data-label", sheet.label)) { span(.class(DuesNav.stateTag(line.row.state))) { line.row.stateLabel } }
            td(Attribute("data-label", "交纳日期")) { line.row.paidOn?.description ?? "" }
            td(Attribute("data-label", "连续欠交"), .class("num")) {
                if line.row.consecutive > 0 { span(.class("warning-text")) { "\(line.row.consecutive) 个月" } }
            }
        }
    }
}

/// 党费欠交: who owes, how much and for how long, with what has been done about it.
extension DuesPages.ArrearsPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "\(list.organization) · 党费欠交" } }
            DuesNav.links
            form(.method("get"), .action("/dues/arrears"), .class("row-form filters")) {
                Forms.choice("党组织", name: "organization", organizations)
                Forms.choice("只看", name: "only", filters)
                button { "查看" }
            }
            p(.class("muted")) { "统计上年 1 月以来已过去的月份（本月不计）。连续 \(warning) 个月未交提醒谈话；没有正当理由连续 \(lapse) 个月不交纳党费的，按党章第九条视为自行脱党。" }
            if list.tooLarge {
                p(.class("notice")) { "范围内党员较多，请选择下一级党组织查看名单。" }
            } else if list.rows.isEmpty {
                p(.class("card muted")) { "没有欠交党费的党员。" }
            } else {
                p(.flag("data-total", true)) {
                    "共 "; strong { list.rows.count }; " 人欠交，合计 "; strong { list.owed }; " 元"
                    if kept != list.rows.count { "；符合筛选的 "; strong { kept }; " 人，合计 \(keptOwed) 元" }
                    if kept > rows.count { "；这里是第 \(firstShown)–\(firstShown + rows.count - 1) 人" }
                    "。"
                }
                if kept == 0 {
                    p(.class("card muted")) { "没有符合筛选的党员。" }
                } else {
                    table(.class("list members")) {
                        thead {
                            tr {
                                th { "姓名" }; th(.class("num")) { "欠交月数" }; th(.class("num")) { "欠交金额（元）" }; th { "最早欠交" }
                                th(.class("num")) { "连续未交" }; th { "处置" }
                            }
                        }
                        tbody {
                            for row in rows {
                                tr {
                                    td(Attribute("data-label", "姓名")) { a(.href("/dues/members/\(row.memberID)")) { row.name } }
                                    td(Attribute("data-label", "欠交月数"), .class("num")) { row.months }
                                    td(Attribute("data-label", "欠交金额"), .class("num")) { row.owed }
                                    td(Attribute("data-label", "最早欠交")) { row.firstOwed.description }
                                    td(Attribute("data-label", "连续未交"), .class("num")) {
                                        if row.consecutive >= lapse { span(.class("tag warn-tag")) { "\(row.consecutive) 个月" } }
                                        else if row.consecutive > 0 { "\(row.consecutive) 个月" }
                                    }
                                    td(Attribute("data-label", "处置")) {
                                        if row.handled { span(.class("tag ok-tag")) { "已处置" } }
                                        else if row.consecutive >= warning { span(.class("tag warn-tag")) { "待处置" } }
                                    }
                                }
                            }
                        }
                    }
                    p(.class("pager")) {
                        if let previousLink { a(.class("button"), .href(previousLink)) { "上一页" }; " " }
                        if let nextLink { a(.class("button"), .href(nextLink)) { "下一页" } }
                    }
                }
            }
        }
    }
}
