import DangjianCore
import DangjianHTML

/// 少交或免交党费: a member's application, the branch's opinion and the higher committee's approval.
extension DuesPages.ReductionsPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "少交或免交党费" } }
            p(.class("muted")) { "生活确有困难的党员，本人提出申请，经党支部研究同意，报上一级党委批准后，可以少交或免交党费。批准的月份按批准的金额计算。" }
            Forms.errors(errors)
            if canApply {
                section(.class("card")) {
                    h2 { "我要申请" }
                    form(.method("post"), .action("/dues/reductions"), .class("grid-form")) {
                        Forms.csrf(layout)
                        label { "起始月份"; input(.type("month"), .name("from"), .value(typed.from ?? currentMonth.description), .required()) }
                        label { "截止月份"; input(.type("month"), .name("through"), .value(typed.through), .required()) }
                        label { "申请每月交纳（元，免交填 0）"; input(.name("monthly"), .inputmode("decimal"), .value(typed.monthly), .required()) }
                        label(.class("full")) { "困难情况"; textarea(.name("reason"), .rows(3), .maxlength(300), .required()) { typed.reason ?? "" } }
                        p(.class("full")) { button(.class("primary")) { "提交申请" } }
                    }
                }
            }
            if items.isEmpty {
                p(.class("card muted")) { "没有申请。" }
            } else {
                for item in items { application(item) }
            }
        }
    }

    private static func stateTag(_ state: DuesReductionState) -> String {
        switch state {
        case .approved: "tag ok-tag"
        case .refused: "tag muted-tag"
        default: "tag warn-tag"
        }
    }

    private func application(_ item: DuesReductions.View) -> Node {
        section(.class("card")) {
            h3 { "\(item.name) · \(item.period) 每月 \(item.monthly) 元 "; span(.class(Self.stateTag(item.state))) { item.stateLabel } }
            p { "\(item.appliedOn) 申请：\(item.reason)" }
            if let on = item.branchDecidedOn { p { "支部意见（\(on)）：\(item.branchNote ?? "")" } }
            if let on = item.higherDecidedOn { p { "上级党组织审批（\(on)）：\(item.higherNote ?? "")" } }
            if item.canBranchDecide {
                form(.method("post"), .action("/dues/reductions/\(item.id)/branch"), .class("row-form")) {
                    Forms.csrf(layout)
                    label { "支部研究意见"; input(.name("note"), .required(), .placeholder("如：支委会 9 月 3 日研究同意")) }
                    select(.name("decision"), .ariaLabel("支部决定")) { option(.value("agree")) { "同意，报上级审批" }; option(.value("refuse")) { "不同意" } }
                    button { "记录支部意见" }
                }
            }
            if item.canApprove {
                form(.method("post"), .action("/dues/reductions/\(item.id)/approve"), .class("row-form")) {
                    Forms.csrf(layout)
                    label { "审批意见"; input(.name("note"), .required()) }
                    select(.name("decision"), .ariaLabel("审批决定")) { option(.value("approve")) { "批准" }; option(.value("refuse")) { "不批准" } }
                    button(.class("primary")) { "审批" }
                }
            }
        }
    }
}

/// 党费上缴: recording a remittance to the level above, and the year's remittances sent and received.
extension DuesPages.RemittancesPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "\(organization) · 党费上缴" } }
            DuesNav.links
            Forms.errors(errors)
            if canRemit {
                section(.class("card")) {
                    h2 { "记录向上级上缴" }
                    form(.method("post"), .action("/dues/remittances"), .class("grid-form")) {
                        Forms.csrf(layout)
                        input(.type("hidden"), .name("organizationID"), .value(organizationID))
                        label { "党费所属起始月份"; input(.type("month"), .name("from"), .value(typed.from), .required()) }
                        label { "党费所属截止月份"; input(.type("month"), .name("through"), .value(typed.through), .required()) }
                        label { "上缴金额（元）"; input(.name("amount"), .inputmode("decimal"), .value(typed.amount), .required()) }
                        label { "上缴日期"; input(.type("date"), .name("remittedOn"), .value(typed.remittedOn ?? today.description), .max(today.description)) }
                        label(.class("full")) { "说明"; input(.name("note"), .value(typed.note), .maxlength(200)) }
                        p(.class("full")) { button(.class("primary")) { "记录上缴" } }
                    }
                }
            }
            h2 { "\(year)年上缴和收到的党费" }
            if items.isEmpty {
                p(.class("card muted")) { "没有记录。" }
            } else {
                table(.class("list members")) {
                    thead {
                        tr {
                            for heading in ["日期", "上缴单位", "接收单位", "所属月份"] { th { heading } }
                            th(.class("num")) { "金额（元）" }
                            th { "说明" }
                        }
                    }
                    tbody {
                        for item in items {
                            tr {
                                td(Attribute("data-label", "日期")) { item.remittedOn.description }
                                td(Attribute("data-label", "上缴单位")) { item.organization }
                                td(Attribute("data-label", "接收单位")) { item.toOrganization }
                                td(Attribute("data-label", "所属月份")) { item.period }
                                td(Attribute("data-label", "金额"), .class("num")) { item.amount }
                                td(Attribute("data-label", "说明")) { item.note ?? "" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 党费收缴使用情况公示: the year's collection, remittances and spending, printable for the notice board.
extension DuesPages.PublicationPage {
    var node: Node {
        let sums = publication.sums
        return Frame.page(layout) {
            nav(.class("breadcrumb no-print")) {
                a(.href("/dues")) { "党费" }
                if let ownLink { " · "; a(.href(ownLink)) { "本人所在党支部的公示" } }
            }
            article(.class("card report-sheet")) {
                h1(.class("center")) { "\(publication.name)\(publication.year)年党费收缴使用情况公示" }
                p {
                    "\(publication.year)年，本组织共有党员 \(publication.members) 名，已核定每月应交党费 \(publication.fixedMembers) 人。"
                        + "全年（截至公示日）收缴党费 \(sums.collected) 元，共 \(sums.payments) 笔；党员自愿多交党费 \(sums.voluntary) 元，"
                        + "其中一次交纳 1000 元以上、全部上缴中央的 \(sums.toCentre) 元。向上级党组织上缴党费 \(sums.remitted) 元，"
                        + "收到下级党组织上缴 \(sums.received) 元。" + (publication.owing.map { "目前尚有 \($0) 名党员欠交党费。" } ?? "")
                }
                h2 { "按月收缴情况" }
                table(.class("list")) {
                    thead { tr { th { "月份" }; th(.class("num")) { "交纳人数" }; th(.class("num")) { "金额（元）" } } }
                    tbody {
                        for month in publication.months { tr { td { month.label }; td(.class("num")) { month.payers }; td(.class("num")) { month.amount } } }
                    }
                }
                h2 { "党费上缴" }
                if publication.remittances.isEmpty {
                    p { "本年度没有上缴或收到上缴的记录。" }
                } else {
                    table(.class("list")) {
                        thead { tr { th { "日期" }; th { "事项" }; th { "所属月份" }; th(.class("num")) { "金额（元）" } } }
                        tbody {
                            for item in publication.remittances {
                                tr {
                                    td { item.remittedOn.description }
                                    td { "\(item.organization) 上缴 \(item.toOrganization)" }
                                    td { item.period }
                                    td(.class("num")) { item.amount }
                                }
                            }
                        }
                    }
                }
                h2 { "党建经费使用" }
                if publication.spending.isEmpty {
                    p { "本年度没有党建经费支出。" }
                } else {
                    table(.class("list")) {
                        thead { tr { th { "用途" }; th(.class("num")) { "笔数" }; th(.class("num")) { "金额（元）" } } }
                        tbody {
                            for purpose in publication.spending {
                                tr { td { purpose.label }; td(.class("num")) { purpose.count }; td(.class("num")) { purpose.amount } }
                            }
                            tr { th { "合计" }; th(); th(.class("num")) { publication.spent } }
                        }
                    }
                }
                p(.class("right")) { publication.name; br(); today.description }
                p(.class("actions no-print")) { button(.class("button"), .flag("data-print", true)) { "打印" } }
            }
        }
    }
}
