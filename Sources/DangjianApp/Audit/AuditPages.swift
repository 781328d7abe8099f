import DangjianCore
import DangjianHTML

/// 审计日志: newest first, filtered, in Chinese; the hash chain's verification on top when asked.
extension AuditPages.IndexPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "审计日志" }
                a(.class("button"), .href("/audit/verify")) { "校验哈希链" }
                a(.class("button"), .href("/audit/refusals")) { "登录失败汇总" }
            }
            if let verification { p(.class(intact ? "notice" : "errors"), .role("status")) { verification } }
            form(.method("get"), .action("/audit"), .class("filters")) {
                label { "操作人"; input(.name("actor"), .value(filter.actor), .placeholder("姓名或用户名")) }
                Forms.choice("操作", name: "action", actions)
                label { "对象编号"; input(.name("target"), .value(filter.target), .placeholder("如 member#12")) }
                Forms.choice("结果", name: "outcome", outcomes)
                label { "起"; input(.type("date"), .name("from"), .value(filter.from)) }
                label { "止"; input(.type("date"), .name("to"), .value(filter.to)) }
                button(.class("primary")) { "查询" }
            }
            table(.class("list audit")) {
                thead {
                    tr {
                        th(.class("num")) { "序号" }
                        for heading in ["时间", "操作人", "操作", "对象", "结果", "内容", "来源"] { th { heading } }
                    }
                }
                tbody {
                    for row in rows {
                        tr(.class(row.record.outcome.rawValue)) {
                            td(.class("num"), Attribute("data-label", "序号")) { row.record.sequence }
                            td(Attribute("data-label", "时间"), .class("nowrap")) { row.time }
                            td(Attribute("data-label", "操作人"), .class("nowrap")) { row.record.actorName }
                            td(Attribute("data-label", "操作"), .class("nowrap"), .title(row.record.action)) { row.actionName }
                            td(Attribute("data-label", "对象")) { row.object }
                            td(Attribute("data-label", "结果"), .class("nowrap")) { row.outcomeLabel }
                            td(Attribute("data-label", "内容")) { row.record.detail }
                            td(Attribute("data-label", "来源"), .class("small muted")) { "\(row.record.clientAddress) · \(row.record.requestID)" }
                        }
                    }
                }
            }
            if let nextLink { p(.class("pager")) { a(.class("button"), .href(nextLink)) { "更早的记录" } } }
        }
    }
}

/// 登录失败与表单令牌被拒: counted by source and minute rather than entry by entry.
extension AuditPages.RefusalsPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) { h1 { "登录失败与表单令牌被拒" }; a(.class("button"), .href("/audit")) { "审计日志" } }
            p(.class("muted")) { "这类拒绝可能成批涌来，按来源地址和分钟汇总计数，不逐条写入审计日志；账号因此被锁定时另有审计记录。用户名只保留前 32 个字，形如身份证号、手机号的已隐去。" }
            form(.method("get"), .action("/audit/refusals"), .class("filters")) {
                Forms.choice("类别", name: "kind", kinds)
                button(.class("primary")) { "查询" }
            }
            table(.class("list")) {
                thead {
                    tr {
                        for heading in ["时间（分钟）", "类别", "来源地址"] { th { heading } }
                        th(.class("num")) { "次数" }
                        th { "首次所用用户名或页面" }
                    }
                }
                tbody {
                    for row in page.items {
                        tr {
                            td(Attribute("data-label", "时间")) { row.minute }
                            td(Attribute("data-label", "类别")) { row.kindLabel }
                            td(Attribute("data-label", "来源"), .class("mono")) { row.source }
                            td(.class("num"), Attribute("data-label", "次数")) { row.count }
                            td(Attribute("data-label", "首次")) { row.sample ?? "" }
                        }
                    }
                }
            }
            if empty { p(.class("muted")) { "没有记录。" } }
            if let nextLink { p(.class("pager")) { a(.class("button"), .href(nextLink)) { "更早的记录" } } }
        }
    }
}
