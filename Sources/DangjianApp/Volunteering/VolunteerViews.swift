import DangjianCore
import DangjianHTML

/// How the 志愿服务 pages look: phone first, each list a stack of cards below 600 px.
enum VolunteerViews {
    static func stars(_ count: Int) -> String { count == 0 ? "—" : String(repeating: "★", count: count) + String(repeating: "☆", count: max(0, 5 - count)) }

    static func standing(_ standing: SupermarketWork.Holder) -> Node {
        dl(.class("fields")) {
            dt { "积分余额" }; dd { strong { standing.balance }; " 分" }
            dt { "今年服务时长" }; dd { "\(standing.servedThisYear) 小时" }
            dt { "志愿星级" }; dd(.class("stars")) { stars(standing.stars) }
            dt { "本季度兑换" }; dd { standing.exchangeable ? "可以兑换" : (standing.reason ?? "不能兑换") }
        }
    }

    static func activities(_ items: [VolunteerWork.Summary], empty: String) -> Node {
        if items.isEmpty { return p(.class("card muted")) { empty } }
        return table(.class("list cards")) {
            thead { tr { for heading in ["活动", "组织", "时间", "地点", "报名", "状态"] { th { heading } } } }
            tbody {
                for item in items {
                    tr {
                        td(Attribute("data-label", "活动")) { a(.href("/volunteer/activities/\(item.id)")) { item.title } }
                        td(Attribute("data-label", "组织")) { item.organizationName }
                        td(Attribute("data-label", "时间")) { item.startsAt }
                        td(Attribute("data-label", "地点")) { item.place }
                        td(Attribute("data-label", "报名")) { "\(item.signedUp) / \(item.capacity)" }
                        td(Attribute("data-label", "状态")) { item.mine.map { "\(item.stateLabel)（我：\($0)）" } ?? item.stateLabel }
                    }
                }
            }
        }
    }

    struct HomePage {
        let layout: Layout
        let standing: SupermarketWork.Holder?
        let organizes: Bool
        let activities: [VolunteerWork.Summary]

        var node: Node {
            Frame.page(layout) {
                div(.class("heading")) {
                    h1 { "志愿服务" }
                    div(.class("actions")) {
                        if organizes {
                            a(.class("button"), .href("/volunteer/manage")) { "发布和管理" }
                            a(.class("button"), .href("/volunteer/counter")) { "爱心超市柜台" }
                        }
                    }
                }
                if let standing {
                    section(.class("card")) {
                        h2 { "我的爱心存折" }
                        VolunteerViews.standing(standing)
                        p {
                            a(.class("button"), .href("/volunteer/passbook")) { "积分明细" }
                            " "
                            a(.class("button"), .href("/volunteer/card")) { "我的服务卡" }
                        }
                    }
                }
                h2 { "可以报名的活动" }
                VolunteerViews.activities(activities, empty: "本村（社区）和上级近期没有发布志愿服务活动。")
            }
        }
    }

    struct ActivityPage {
        let layout: Layout
        let activity: VolunteerWork.View
        let errors: [FieldError]

        var node: Node {
            Frame.page(layout) {
                nav(.class("breadcrumb")) { a(.href("/volunteer")) { "志愿服务" }; " › "; span { activity.title } }
                div(.class("heading")) { h1 { activity.title } }
                Forms.errors(errors)
                section(.class("card")) {
                    dl(.class("fields")) {
                        dt { "发布" }; dd { activity.organizationName }
                        dt { "时间" }; dd { "\(activity.startsAt) 至 \(activity.endsAt)（\(activity.plannedHours) 小时）" }
                        dt { "地点" }; dd { activity.place }
                        dt { "报名" }; dd { "\(activity.signedUp) / \(activity.capacity) 人" }
                        dt { "状态" }; dd { activity.stateLabel }
                        if let mine = activity.mine { dt { "我" }; dd { mine.chinese } }
                    }
                    if !activity.details.isEmpty { p(.class("demand-text")) { activity.details } }
                    p(.class("muted small")) { "服务 1 小时计 1 分，每次最多计入 \(activity.creditCapHours) 分；组织者在活动结束后确认时长。" }
                    if activity.canSignUp {
                        form(.method("post"), .action("/volunteer/activities/\(activity.id)/signup")) {
                            Forms.csrf(layout)
                            button(.class("primary")) { "报名参加" }
                        }
                    }
                    if activity.canWithdraw {
                        form(.method("post"), .action("/volunteer/activities/\(activity.id)/withdraw")) {
                            Forms.csrf(layout)
                            button { "取消报名" }
                        }
                    }
                }
                if let signups = activity.signups { roster(signups) }
            }
        }

        private func roster(_ signups: [VolunteerWork.Signup]) -> Node {
            section(.class("card")) {
                h2 { "报名名单（\(signups.count) 人）" }
                if activity.canConfirm {
                    p(.class("muted")) { "填写每人实际服务的小时数（如 2 或 1.5），未到的留空；确认后计入爱心存折，不能再改。" }
                    form(.method("post"), .action("/volunteer/activities/\(activity.id)/confirm")) {
                        Forms.csrf(layout)
                        for signup in signups {
                            label { signup.name; input(.type("text"), .name("hours-\(signup.accountID)"), .value(activity.plannedHours), Attribute("inputmode", "decimal"), .maxlength(6)) }
                        }
                        button(.class("primary")) { "确认服务时长" }
                    }
                } else if signups.isEmpty {
                    p(.class("muted")) { "还没有人报名。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["志愿者", "状态", "服务时长", "计入积分"] { th { heading } } } }
                        tbody {
                            for signup in signups {
                                tr {
                                    td(Attribute("data-label", "志愿者")) { signup.name }
                                    td(Attribute("data-label", "状态")) { signup.stateLabel }
                                    td(Attribute("data-label", "服务时长")) { signup.servedHours.map { "\($0) 小时" } ?? "—" }
                                    td(Attribute("data-label", "计入积分")) { signup.creditedPoints ?? "—" }
                                }
                            }
                        }
                    }
                    let served = signups.filter { $0.state == .served }
                    if !served.isEmpty {
                        details {
                            summary { "投诉核实成立，撤销时长" }
                            form(.method("post"), .action("/volunteer/activities/\(activity.id)/complaints")) {
                                Forms.csrf(layout)
                                Forms.choice("志愿者", name: "accountID", SelectOption.list(served.map { ("\($0.accountID)", $0.name) }, selected: nil), required: true)
                                label { "核实情况"; textarea(.name("reason"), .rows(2), .maxlength(200), .required()) { "" } }
                                button(.class("danger")) { "撤销其本次积分和时长" }
                            }
                        }
                    }
                }
                if activity.state == .open && !activity.canConfirm {
                    form(.method("post"), .action("/volunteer/activities/\(activity.id)/cancel")) {
                        Forms.csrf(layout)
                        button(.class("link danger")) { "取消活动" }
                    }
                }
            }
        }
    }

    struct DeskPage {
        let layout: Layout
        let organizations: [OrganizationModel]
        let shelf: OrganizationModel?
        let items: [SupermarketWork.Item]
        let activities: [VolunteerWork.Summary]
        let typed: VolunteerWork.ActivityInput
        let activityErrors: [FieldError]
        let itemErrors: [FieldError]

        var node: Node {
            Frame.page(layout) {
                nav(.class("breadcrumb")) { a(.href("/volunteer")) { "志愿服务" }; " › "; span { "发布和管理" } }
                h1 { "志愿服务管理" }
                section(.class("card"), .id("new")) {
                    h2 { "发布活动" }
                    Forms.errors(activityErrors)
                    form(.method("post"), .action("/volunteer/activities")) {
                        Forms.csrf(layout)
                        Forms.choice("发布组织", name: "organizationID",
                                     SelectOption.organizations(organizations, selected: typed.organizationID?.value ?? shelf?.id), required: true)
                        label { "活动名称"; input(.name("title"), .value(typed.title), .maxlength(40), .required(), .placeholder("如：敬老院陪护")) }
                        label { "地点"; input(.name("place"), .value(typed.place), .maxlength(60), .required()) }
                        label { "开始时间"; input(.type("datetime-local"), .name("startsAt"), .value(typed.startsAt), .required()) }
                        label { "结束时间"; input(.type("datetime-local"), .name("endsAt"), .value(typed.endsAt), .required()) }
                        label { "招募人数"; input(.type("number"), .name("capacity"), .value(typed.capacity?.value.map(String.init)), .min("1"), .max("500"), .required()) }
                        label { "活动说明（可选）"; textarea(.name("details"), .rows(3), .maxlength(1000)) { typed.details ?? "" } }
                        button(.class("primary")) { "发布" }
                    }
                }
                h2 { "已发布的活动" }
                VolunteerViews.activities(activities, empty: "还没有发布志愿服务活动。")
                shelfSection
            }
        }

        private var shelfSection: Node {
            section(.class("card"), .id("shelf")) {
                h2 { "爱心超市货架" + (shelf.map { "：\($0.name)" } ?? "") }
                form(.method("get"), .action("/volunteer/manage"), .class("row-form")) {
                    Forms.choice("爱心超市", name: "organization", SelectOption.organizations(organizations, selected: shelf?.id))
                    button { "查看" }
                }
                Forms.errors(itemErrors)
                if items.isEmpty {
                    p(.class("muted")) { "货架上还没有物品。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["物品", "积分", "库存", "捐赠", "调整库存"] { th { heading } } } }
                        tbody {
                            for item in items {
                                tr {
                                    td(Attribute("data-label", "物品")) { item.name + (item.active ? "" : "（已下架）") }
                                    td(Attribute("data-label", "积分")) { item.points }
                                    td(Attribute("data-label", "库存")) { "\(item.stock)" }
                                    td(Attribute("data-label", "捐赠")) { item.donor.isEmpty ? "—" : item.donor }
                                    td(Attribute("data-label", "调整库存")) {
                                        form(.method("post"), .action("/volunteer/items/\(item.id)/stock"), .class("inline")) {
                                            Forms.csrf(layout)
                                            input(.type("number"), .name("change"), .min("-10000"), .max("10000"), .placeholder("+10 或 -2"), .class("short"))
                                            button { "调整" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if let shelf, let id = shelf.id {
                    h3 { "上架物品" }
                    form(.method("post"), .action("/volunteer/items")) {
                        Forms.csrf(layout)
                        input(.type("hidden"), .name("organizationID"), .value("\(id)"))
                        label { "物品名称"; input(.name("name"), .maxlength(30), .required(), .placeholder("如：食用油 5 升")) }
                        label { "兑换积分"; input(.name("points"), Attribute("inputmode", "decimal"), .maxlength(5), .required(), .placeholder("如 5 或 2.5")) }
                        label { "库存"; input(.type("number"), .name("stock"), .min("0"), .max("10000"), .required()) }
                        label { "捐赠单位（可选）"; input(.name("donor"), .maxlength(40)) }
                        button(.class("primary")) { "上架" }
                    }
                }
            }
        }
    }
}
