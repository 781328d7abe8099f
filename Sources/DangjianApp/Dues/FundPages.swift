import DangjianCore
import DangjianHTML

/// 党建经费: the year's budget by purpose, what was spent, and recording either.
extension FundPages.IndexPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "\(ledger.organization) · \(ledger.year)年党建经费" } }
            DuesNav.links
            p(.class("muted")) { "党建经费按用途编制预算，专款专用：没有预算的用途、超出预算的支出不能列支；确需列支的，须写明理由，单独记入审计日志。" }
            div(.class("figures")) {
                Figures.figure(ledger.budget, "预算合计（元）")
                Figures.figure(ledger.spent, "已支出（元）")
            }
            Forms.errors(errors)
            if ledger.lines.isEmpty {
                section(.class("card empty")) {
                    p { "\(ledger.year)年还没有编制党建经费预算，没有预算的用途不能列支。" }
                    if ledger.canWrite {
                        p { a(.class("button primary"), .href("#budget")) { "先编制预算" }; " 按用途填写金额，保存后即可登记支出。" }
                    } else {
                        p(.class("muted")) { "预算由本党组织的书记或经费管理人员编制。" }
                    }
                }
            } else {
                table(.class("list members")) {
                    thead { tr { th { "用途" }; for heading in ["预算（元）", "已支出（元）", "结余（元）"] { th(.class("num")) { heading } } } }
                    tbody {
                        for line in ledger.lines {
                            tr {
                                td(Attribute("data-label", "用途")) { line.label }
                                td(Attribute("data-label", "预算"), .class("num")) {
                                    if let budget = line.budget { budget } else { span(.class("tag warn-tag")) { "未编预算" } }
                                }
                                td(Attribute("data-label", "已支出"), .class("num")) { line.spent }
                                td(Attribute("data-label", "结余"), .class("num")) {
                                    if (line.balanceFen ?? 0) < 0 { span(.class("warning-text")) { line.balance ?? "" } } else { line.balance ?? "" }
                                }
                            }
                        }
                    }
                }
                p(.class("actions")) { a(.class("button"), .href(xlsxLink)) { "导出 Excel" } }
            }
            if ledger.canWrite { forms }
            h2 { "支出明细" }
            if ledger.spendings.isEmpty {
                p(.class("card muted")) { "本年度没有支出。" }
            } else {
                table(.class("list members")) {
                    thead {
                        tr { th { "日期" }; th { "用途" }; th(.class("num")) { "金额（元）" }; th { "收款方" }; th { "事项" }; th { "凭证" } }
                    }
                    tbody {
                        for spending in ledger.spendings {
                            tr {
                                td(Attribute("data-label", "日期")) { spending.spentOn.description }
                                td(Attribute("data-label", "用途")) {
                                    spending.label
                                    if let reason = spending.overrideReason {
                                        br(); span(.class("tag warn-tag")) { "超出列支" }; " "; span(.class("small")) { reason }
                                    }
                                }
                                td(Attribute("data-label", "金额"), .class("num")) { spending.amount }
                                td(Attribute("data-label", "收款方")) { spending.payee }
                                td(Attribute("data-label", "事项")) { spending.description }
                                td(Attribute("data-label", "凭证")) { for file in spending.attachments { a(.href(file.url)) { file.fileName }; " " } }
                            }
                        }
                    }
                }
            }
        }
    }

    private var forms: Node {
        group {
            section(.class("card"), .id("budget")) {
                h2 { "编制或调整预算" }
                form(.method("post"), .action("/funds/budgets"), .class("grid-form")) {
                    Forms.csrf(layout)
                    input(.type("hidden"), .name("organizationID"), .value(ledger.organizationID))
                    input(.type("hidden"), .name("year"), .value(ledger.year))
                    Forms.choice("用途", name: "purpose", purposes)
                    label { "预算金额（元）"; input(.name("amount"), .inputmode("decimal"), .value(budget.amount), .required()) }
                    label(.class("full")) { "说明"; input(.name("note"), .value(budget.note), .maxlength(200)) }
                    p(.class("full")) { button { "保存预算" } }
                }
            }
            section(.class("card")) {
                h2 { "记录支出" }
                form(.method("post"), .action("/funds/spendings"), .enctype("multipart/form-data"), .class("grid-form")) {
                    Forms.csrf(layout)
                    input(.type("hidden"), .name("organizationID"), .value(ledger.organizationID))
                    Forms.choice("用途", name: "purpose", purposes)
                    label { "金额（元）"; input(.name("amount"), .inputmode("decimal"), .value(spend.amount), .required()) }
                    label { "支出日期"; input(.type("date"), .name("spentOn"), .value(spend.spentOn ?? today.description), .max(today.description), .required()) }
                    label { "收款方"; input(.name("payee"), .value(spend.payee), .required()) }
                    label(.class("full")) { "支出事项"; input(.name("description"), .value(spend.description), .required()) }
                    label(.class("full")) { "凭证（发票、收据的照片或扫描件，10 MB 以内，可不传）"; input(.type("file"), .name("file"), .accept("image/*,application/pdf")) }
                    if spend.needsReason {
                        label(.class("full")) {
                            "超出用途或预算的列支理由（将记入审计日志）"
                            textarea(.name("overrideReason"), .rows(2), .maxlength(300)) { spend.overrideReason ?? "" }
                        }
                    }
                    p(.class("full")) { button(.class("primary")) { "记录支出" } }
                }
            }
        }
    }
}

/// 党内温暖工程: money received, grants applied for and decided, within the balance.
extension FundPages.WarmthPage {
    private static func stateTag(_ state: String) -> String {
        switch state {
        case "done": "tag ok-tag"
        case "refused": "tag muted-tag"
        default: "tag warn-tag"
        }
    }

    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "\(fund.organization) · 党内温暖工程" } }
            DuesNav.links
            div(.class("figures")) {
                for (value, label) in [(fund.received, "资金到账（元）"), (fund.granted, "已发放补助（元）"), (fund.balance, "余额（元）")] {
                    Figures.figure(value, label)
                }
            }
            Forms.errors(errors)
            h2 { "补助申请" }
            p(.class("muted")) { "困难党员的补助由本人或所在党支部在其党费账页面提出申请，由本组织审批；提交申请的人不能审批自己提交的申请，补助只能在余额内发放。" }
            if fund.grants.isEmpty {
                p(.class("card muted")) { "没有申请。" }
            } else {
                for grant in fund.grants {
                    section(.class("card")) {
                        h3 { "\(grant.party) · \(grant.amount) 元 "; span(.class(Self.stateTag(grant.state))) { grant.stateLabel } }
                        p { "\(grant.onDate) 申请：\(grant.reason)" }
                        if let decided = grant.decidedOn { p { "审批（\(decided)）：\(grant.decisionNote ?? "")" } }
                        if grant.canDecide {
                            form(.method("post"), .action("/funds/warmth/grants/\(grant.id)/decision"), .class("row-form")) {
                                Forms.csrf(layout)
                                label { "审批意见"; input(.name("note"), .required()) }
                                select(.name("decision"), .ariaLabel("审批决定")) { option(.value("approve")) { "批准发放" }; option(.value("refuse")) { "不批准" } }
                                button(.class("primary")) { "审批" }
                            }
                        }
                    }
                }
            }
            if fund.canWrite {
                section(.class("card")) {
                    h2 { "资金到账" }
                    form(.method("post"), .action("/funds/warmth/donations"), .class("grid-form")) {
                        Forms.csrf(layout)
                        input(.type("hidden"), .name("organizationID"), .value(fund.organizationID))
                        Forms.choice("来源", name: "source", sources)
                        label { "拨款单位或捐款人"; input(.name("donor"), .value(donation.donor), .required()) }
                        label { "金额（元）"; input(.name("amount"), .inputmode("decimal"), .value(donation.amount), .required()) }
                        label { "到账日期"; input(.type("date"), .name("onDate"), .value(donation.onDate ?? today.description), .max(today.description)) }
                        label(.class("full")) { "说明"; input(.name("note"), .value(donation.note), .maxlength(200)) }
                        p(.class("full")) { button { "记录到账" } }
                    }
                }
            }
            h2 { "资金来源" }
            if fund.donations.isEmpty {
                p(.class("card muted")) { "没有记录。" }
            } else {
                table(.class("list members")) {
                    thead { tr { th { "日期" }; th { "来源" }; th { "单位或个人" }; th(.class("num")) { "金额（元）" }; th { "说明" } } }
                    tbody {
                        for entry in fund.donations {
                            tr {
                                td(Attribute("data-label", "日期")) { entry.onDate.description }
                                td(Attribute("data-label", "来源")) { entry.source ?? "" }
                                td(Attribute("data-label", "单位或个人")) { entry.party }
                                td(Attribute("data-label", "金额"), .class("num")) { entry.amount }
                                td(Attribute("data-label", "说明")) { entry.reason }
                            }
                        }
                    }
                }
            }
        }
    }
}
