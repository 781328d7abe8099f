import DangjianCore
import DangjianHTML

/// 党费账: one member's assessments, the year's months, recording and voiding payments, voluntary dues, reductions,
/// 温暖工程 grants and the handling of long arrears.
extension DuesPages.LedgerPage {
    private var id: Int { ledger.memberID }

    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { layout.title } }
            p(.class("muted")) { "\(ledger.name) · \(ledger.organization) · \(ledger.membership) · \(ledger.joinedOn) 入党" }
            if !ledger.isOwn { DuesNav.links }
            for todo in ledger.todos {
                p(.class(todo.overdue ? "warning" : "todo-line")) {
                    strong { todo.title }
                    "（\(todo.due) 前" + (todo.overdue ? "，已逾期" : "") + "）"
                    br()
                    span(.class("small")) { todo.rule }
                }
            }
            div(.class("figures")) {
                for (value, label) in [(ledger.arrears.owed, "欠交金额（元）"), (String(ledger.arrears.months.count), "欠交月数"),
                                       (String(ledger.arrears.consecutive), "连续未交（月）")] {
                    Figures.figure(value, label)
                }
            }
            if !ledger.arrears.months.isEmpty { p(.class("warning-text")) { "欠交月份：" + ledger.arrears.months.joined(separator: " ") } }
            Forms.errors(errors)
            assessments
            year
            voluntaryDues
            section(.class("card")) {
                h2 { "少交或免交党费" }
                if ledger.reductions.isEmpty {
                    p(.class("muted")) { "没有申请。" }
                } else {
                    ul {
                        for item in ledger.reductions {
                            li { "\(item.period) 每月 \(item.monthly) 元 · "; span(.class("tag")) { item.stateLabel }; " · \(item.reason)" }
                        }
                    }
                }
                if ledger.isOwn { p { a(.class("button"), .href("/dues/reductions")) { "申请少交或免交" } } }
            }
            warmthGrants
            if ledger.canWrite && ledger.arrears.consecutive >= 3 { arrearsReview }
            if !ledger.reviews.isEmpty {
                section(.class("card")) {
                    h2 { "处置记录" }
                    ul {
                        for review in ledger.reviews {
                            li {
                                "\(review.recordedOn)：自\(review.since)起连续 \(review.months) 个月未交；原因：\(review.reasonGiven)（"
                                    + (review.justified ? "正当" : "不正当") + "）；处理：\(review.decision)"
                            }
                        }
                    }
                }
            }
        }
    }

    private var assessments: Node {
        section(.class("card")) {
            h2 { "每月应交党费（核定）" }
            if ledger.assessments.isEmpty {
                p(.class("muted")) { "尚未核定。" }
            } else {
                table(.class("list members")) {
                    thead {
                        tr {
                            th { "年度" }; th { "党员类别" }; th(.class("num")) { "月缴纳基数（元）" }; th(.class("num")) { "每月应交（元）" }; th { "计算" }
                        }
                    }
                    tbody {
                        for item in ledger.assessments {
                            tr {
                                td(Attribute("data-label", "年度")) { item.year }
                                td(Attribute("data-label", "类别")) { item.categoryLabel }
                                td(Attribute("data-label", "基数"), .class("num")) { item.base ?? "" }
                                td(Attribute("data-label", "每月应交"), .class("num")) { strong { item.monthly } }
                                td(Attribute("data-label", "计算")) {
                                    item.explanation
                                    if let reason = item.reason { br(); span(.class("small")) { "调整原因：\(reason)" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func stateTag(_ state: DuesLedger.State) -> String {
        switch state {
        case .paid, .paidAhead: "tag ok-tag"
        case .owing: "tag warn-tag"
        case .exempt, .upcoming: "tag muted-tag"
        default: "tag"
        }
    }

    private var year: Node {
        section(.class("card")) {
            h2 { "\(ledger.year)年交纳情况" }
            p(.class("actions")) { for year in ledger.years { a(.class("button"), .href("/dues/members/\(id)?year=\(year)")) { "\(year)年" }; " " } }
            table(.class("list members")) {
                thead {
                    tr {
                        th { "月份" }; th(.class("num")) { "应交（元）" }; th { "状态" }; th(.class("num")) { "实交（元）" }; th { "交纳日期" }; th { "方式" }
                        th { "收据号" }
                    }
                }
                tbody {
                    for line in ledger.lines {
                        tr {
                            td(Attribute("data-label", "月份")) {
                                line.label
                                if line.provisional { span(.class("small muted")) { "（未核定，暂按上年）" } }
                                if line.reduced { span(.class("small muted")) { "（经批准减免）" } }
                            }
                            td(Attribute("data-label", "应交"), .class("num")) { line.due }
                            td(Attribute("data-label", "状态")) { span(.class(Self.stateTag(line.state))) { line.stateLabel } }
                            td(Attribute("data-label", "实交"), .class("num")) { line.paid ?? "" }
                            td(Attribute("data-label", "交纳日期")) { line.paidOn?.description ?? "" }
                            td(Attribute("data-label", "方式")) { line.method ?? "" }
                            td(Attribute("data-label", "收据号"), .class("mono small")) {
                                line.receipt ?? ""
                                if let late = line.lateReason { br(); span(.class("muted")) { "补录：\(late)" } }
                            }
                        }
                    }
                }
            }
            if ledger.canCollect { collecting }
        }
    }

    private var collecting: Node {
        group {
            h3 { "记录交纳" }
            form(.method("post"), .action("/dues/members/\(id)/pay")) {
                Forms.csrf(layout)
                fieldset {
                    legend { "交纳的月份" }
                    for line in ledger.lines where line.payable {
                        label(.class("inline")) {
                            input(.type("checkbox"), .name("months[]"), .value(line.month.description), .checked(line.month == currentMonth))
                            " \(line.label)（\(line.due) 元）"
                        }
                        " "
                    }
                }
                div(.class("grid-form")) {
                    label { "交纳日期"; input(.type("date"), .name("paidOn"), .value(pay.paidOn ?? today.description), .max(today.description), .required()) }
                    Forms.choice("交纳方式", name: "method", methods)
                    label { "代交人（他人代交时填写）"; input(.name("payer"), .value(pay.payer)) }
                    label { "支部同意的记录（补缴、按季度预交、他人代交时必填）"; input(.name("approval"), .value(pay.approval), .placeholder("如：支委会 3 月 5 日同意")) }
                    label {
                        "补录原因（交纳日期早于今天 30 天以上时必填）"
                        input(.name("lateReason"), .value(pay.lateReason), .maxlength(200), .placeholder("如：收据遗失后补登"))
                    }
                }
                button(.class("primary")) { "记录交纳" }
            }
            if !receipts.isEmpty {
                details {
                    summary { "撤销记错的交纳" }
                    form(.method("post"), .action("/dues/members/\(id)/void"), .class("grid-form")) {
                        Forms.csrf(layout)
                        Forms.choice("收据", name: "receipt", receipts)
                        label { "撤销原因"; input(.name("reason"), .value(void.reason), .maxlength(200), .required(), .placeholder("如：误记，实际未交")) }
                        p(.class("full")) { button { "撤销这张收据" } }
                    }
                }
            }
        }
    }

    private var voluntaryDues: Node {
        section(.class("card")) {
            h2 { "自愿多交党费" }
            p(.class("muted small")) { "一次自愿多交 1000 元以上的，全部上缴中央。" }
            if !ledger.voluntary.isEmpty {
                ul {
                    for item in ledger.voluntary {
                        li { "\(item.paidOn) 自愿交纳 \(item.amount) 元" + (item.toCentre ? "（全部上缴中央）" : "") + (item.note.map { "：\($0)" } ?? "") }
                    }
                }
            }
            if ledger.canWrite {
                form(.method("post"), .action("/dues/members/\(id)/voluntary"), .class("grid-form")) {
                    Forms.csrf(layout)
                    label { "金额（元）"; input(.name("amount"), .inputmode("decimal"), .value(voluntary.amount), .required()) }
                    label { "交纳日期"; input(.type("date"), .name("paidOn"), .value(voluntary.paidOn ?? today.description), .max(today.description)) }
                    label(.class("full")) { "说明"; input(.name("note"), .value(voluntary.note), .maxlength(200)) }
                    p(.class("full")) { button { "记录自愿多交" } }
                }
            }
        }
    }

    private var warmthGrants: Node {
        section(.class("card")) {
            h2 { "党内温暖工程补助" }
            if !ledger.warmth.isEmpty {
                ul {
                    for item in ledger.warmth {
                        li {
                            "\(item.onDate) 申请 \(item.amount) 元 · "
                            span(.class("tag")) { item.stateLabel }
                            " · \(item.reason)" + (item.decisionNote.map { "（\($0)）" } ?? "")
                        }
                    }
                }
            }
            if ledger.isOwn || ledger.canWrite {
                form(.method("post"), .action("/funds/warmth/grants"), .class("grid-form")) {
                    Forms.csrf(layout)
                    input(.type("hidden"), .name("memberID"), .value(id))
                    Forms.choice("向哪一级申请", name: "organizationID", funds)
                    label { "申请金额（元）"; input(.name("amount"), .inputmode("decimal"), .value(warmth.amount), .required()) }
                    label(.class("full")) { "困难情况"; textarea(.name("reason"), .rows(2), .maxlength(300), .required()) { warmth.reason ?? "" } }
                    p(.class("full")) { button { "提交补助申请" } }
                }
            }
        }
    }

    private var arrearsReview: Node {
        section(.class("card")) {
            h2 { "欠交处置" }
            p(.class("muted")) {
                "自\(ledger.arrears.since?.description ?? "")起连续 \(ledger.arrears.consecutive) 个月未交纳党费。党章第九条：党员没有正当理由连续六个月不交纳党费，就被认为是自行脱党，支部大会讨论决定除名并报上级党组织批准。请与本人谈话，记录原因和支部的处理意见。"
            }
            form(.method("post"), .action("/dues/members/\(id)/review"), .class("grid-form")) {
                Forms.csrf(layout)
                label(.class("full")) { "党员说明的原因"; textarea(.name("reasonGiven"), .rows(2), .maxlength(300), .required()) { review.reasonGiven ?? "" } }
                label {
                    "原因是否正当"
                    select(.name("justified")) {
                        option(.value("yes"), .selected(review.justified == "yes")) { "正当理由" }
                        option(.value("no"), .selected(review.justified == "no")) { "没有正当理由" }
                    }
                }
                label(.class("full")) { "支部处理意见"; textarea(.name("decision"), .rows(2), .maxlength(300), .required()) { review.decision ?? "" } }
                p(.class("full")) { button(.class("primary")) { "记录处置" } }
            }
        }
    }
}
