import DangjianCore
import DangjianHTML

/// 发展党员: the stages with how many people are at each (and overdue), and the people of the chosen stage.
extension DevelopmentPages.IndexPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "发展党员" }
                if canWrite { a(.class("button primary"), .href("/development/new")) { "登记入党申请" } }
            }
            section(.class("funnel"), .ariaLabel("各阶段人数")) {
                for step in funnel.stages {
                    a(.class(stage == step.stage ? "figure current" : "figure"),
                      .href("/development?stage=\(step.stage)" + (organization.map { "&org=\($0)" } ?? ""))) {
                        span(.class("value")) { step.people }
                        span(.class("label")) {
                            step.label
                            if step.overdue > 0 { span(.class("badge")) { "\(step.overdue) 人有逾期" } }
                        }
                    }
                }
            }
            if stage != nil { p { a(.href("/development")) { "显示全部" } } }
            if funnel.people.isEmpty {
                p(.class("card muted")) { "没有发展对象。" }
            } else {
                table(.class("list members")) {
                    thead {
                        tr {
                            for heading in ["姓名", "党组织", "阶段", "下一步"] { th { heading } }
                            th(.class("num")) { "本阶段天数" }
                        }
                    }
                    tbody {
                        for person in funnel.people {
                            tr {
                                td(Attribute("data-label", "姓名")) { a(.href("/development/\(person.id)")) { person.name } }
                                td(Attribute("data-label", "党组织")) { person.organizationName }
                                td(Attribute("data-label", "阶段")) { person.stageLabel }
                                td(Attribute("data-label", "下一步")) { person.nextStepLabel ?? "" }
                                td(Attribute("data-label", "天数"), .class("num")) { person.daysAtStage }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 登记入党申请.
extension DevelopmentPages.NewPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "登记入党申请" }
                p(.class("muted")) { "申请人须年满 18 周岁，出生日期按公民身份号码核对。收到申请书后 1 个月内应派人谈话。" }
                Forms.errors(errors)
                form(.method("post"), .action("/development")) {
                    Forms.csrf(layout)
                    Forms.choice("接收申请的党支部", name: "organizationID", [SelectOption(value: "", label: "请选择", selected: false)] + organizations,
                                 required: true)
                    label { "申请人姓名"; input(.name("name"), .value(typed.name), .required(), .maxlength(30)) }
                    label { "公民身份号码"; input(.name("idNumber"), .value(typed.idNumber), .required(), .maxlength(18), .class("mono"), .autocomplete("off")) }
                    label { "联系电话"; input(.name("phone"), .value(typed.phone), .inputmode("tel"), .maxlength(20), .class("mono")) }
                    label { "收到入党申请书的日期"; input(.type("date"), .name("appliedOn"), .value(typed.appliedOn), .required()) }
                    label { "补录原因（日期早于今天 30 天以上时必填）"; input(.name("lateReason"), .value(typed.lateReason), .maxlength(200)) }
                    Forms.submit("登记", cancel: "/development")
                }
            }
        }
    }
}

/// 待办: everything due in the caller's scope, overdue first marked.
extension DevelopmentPages.ToDoPage {
    var node: Node {
        Frame.page(layout) {
            h1 { "待办" }
            if items.isEmpty {
                p(.class("card muted")) { "没有待办事项。" }
            } else {
                table(.class("list members")) {
                    thead { tr { for heading in ["事项", "对象", "期限", "依据"] { th { heading } } } }
                    tbody {
                        for item in items {
                            tr(.class(item.overdue ? "denied" : nil)) {
                                td(Attribute("data-label", "事项")) { a(.href(item.link)) { item.title } }
                                td(Attribute("data-label", "对象")) { item.subject }
                                td(Attribute("data-label", "期限")) {
                                    item.due.description
                                    if item.overdue { " "; span(.class("badge")) { "已逾期" } }
                                }
                                td(Attribute("data-label", "依据"), .class("small muted")) { item.rule }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 公示栏: the notices of the caller's branch and scope.
extension DevelopmentPages.BoardPage {
    var node: Node {
        Frame.page(layout) {
            h1 { "公示栏" }
            p(.class("muted")) { "本支部及所负责范围内的发展党员公示，保留公示结束后 90 天。" }
            if notices.isEmpty {
                p(.class("muted")) { "目前没有公示。" }
            } else {
                table(.class("list")) {
                    thead { tr { for heading in ["公示", "党组织", "公示期", "状态"] { th { heading } } } }
                    tbody {
                        for notice in notices {
                            tr {
                                td { a(.href("/notices/\(notice.id)")) { notice.title } }
                                td { notice.organizationName }
                                td { "\(notice.startsOn) 至 \(notice.endsOn)" }
                                td { span(.class(notice.state == "open" ? "tag ok-tag" : "tag muted-tag")) { notice.stateLabel } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 发布公示: the draft of the notice due now, to adjust and publish.
extension DevelopmentPages.NoticeFormPage {
    var node: Node {
        let id = detail.summary.id
        return Frame.page(layout) {
            nav(.class("breadcrumb")) {
                a(.href("/development")) { "发展党员" }; " › "; a(.href("/development/\(id)")) { detail.summary.name }; " › "; span { "公示" }
            }
            section(.class("card narrow")) {
                if let title {
                    h1 { "发布\(title)" }
                    Forms.errors(errors)
                    form(.method("post"), .action("/development/\(id)/notices")) {
                        Forms.csrf(layout)
                        label { "公示开始日期"; input(.type("date"), .name("startsOn"), .value(startsOn.description), .required()) }
                        p(.class("muted small")) {
                            "公示期为 5 个工作日（地方通行做法，可在规则表中调整），按所选开始日期计算" + (endsOn.map { "，至 \($0)" } ?? "") + "；节假日请相应顺延开始日期。"
                        }
                        label { "公示内容"; textarea(.name("body"), .rows(7), .maxlength(1000)) { body ?? "" } }
                        Forms.submit("发布到公示栏", cancel: "/development/\(id)")
                    }
                } else {
                    h1 { "公示" }
                    p { "目前没有需要公示的环节。确定入党积极分子、确定发展对象、上级党委预审后（拟接收为预备党员）和支部大会讨论转正后，均应公示。" }
                    p { a(.href("/development/\(id)")) { "返回" } }
                }
            }
        }
    }
}

/// A published notice, printable, with withdrawing it for those who may.
extension DevelopmentPages.PrintPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb no-print")) { a(.href("/notices")) { "公示栏" }; " › "; span { notice.title } }
            Forms.errors(errors)
            article(.class("card notice-sheet")) {
                h1(.class("center")) { notice.title }
                if notice.state == "withdrawn" { p(.class("warning-text center")) { "本公示已撤回" } }
                p(.class("body")) { notice.body }
                p(.class("right")) { notice.organizationName; br(); notice.startsOn.description }
                p(.class("actions no-print")) {
                    button(.class("button"), .flag("data-print", true)) { "打印" }
                    " "
                    span(.class(notice.state == "open" ? "tag ok-tag" : "tag muted-tag")) { notice.stateLabel }
                    " "
                    small(.class("muted")) { "\(notice.publishedBy) 发布" }
                }
            }
            if canWithdraw {
                details(.class("card no-print")) {
                    summary { "撤回公示" }
                    form(.method("post"), .action("/notices/\(notice.id)/withdraw"), .class("row-form"),
                         Attribute("data-confirm", "撤回后公示栏将标注“已撤回”，确认？")) {
                        Forms.csrf(layout)
                        label { "撤回原因"; input(.name("reason"), .required(), .maxlength(200)) }
                        button { "撤回" }
                    }
                }
            }
        }
    }
}
