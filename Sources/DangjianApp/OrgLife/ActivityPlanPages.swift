import DangjianCore
import DangjianHTML

/// 组织生活: the activities in scope, newest first, filtered and paged with their total.
extension ActivityPages.IndexPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "组织生活" }
                if canWrite { a(.class("button primary"), .href("/activities/new")) { "安排活动" } }
            }
            p(.class("actions")) {
                a(.class("button"), .href("/compliance")) { "落实情况（红黄绿）" }
                " "
                a(.class("button"), .href("/board")) { "实时看板" }
            }
            form(.method("get"), .action("/activities"), .class("row-form filters")) {
                if let organization = filter.organizationID?.value { input(.type("hidden"), .name("organizationID"), .value(organization)) }
                Forms.choice("类型", name: "kind", kinds)
                Forms.choice("状态", name: "state", states)
                label { "年度"; input(.type("number"), .name("year"), .min(1949), .max(2100), .value(filter.year.map(String.init))) }
                button { "筛选" }
            }
            if total == 0 {
                section(.class("card empty")) {
                    p { "没有符合条件的活动。" }
                    if canWrite { p { a(.class("button primary"), .href("/activities/new")) { "安排一次组织生活" } } }
                }
            } else {
                p(.class("muted"), .flag("data-total", true)) {
                    "共 \(total) 次活动" + (total > activities.count ? "，这里是第 \(firstShown)–\(firstShown + activities.count - 1) 次" : "")
                }
                table(.class("list members")) {
                    thead {
                        tr {
                            for heading in ["日期", "类型", "主题", "党组织", "状态"] { th { heading } }
                            th(.class("num")) { "出席/应到" }
                        }
                    }
                    tbody {
                        for activity in activities {
                            tr {
                                td(Attribute("data-label", "日期")) { activity.date.description + (activity.startTime.map { " \($0)" } ?? "") }
                                td(Attribute("data-label", "类型")) { activity.kindLabel }
                                td(Attribute("data-label", "主题")) { a(.href("/activities/\(activity.id)")) { activity.topic } }
                                td(Attribute("data-label", "党组织")) { activity.organizationName }
                                td(Attribute("data-label", "状态")) { span(.class(Self.stateTag(activity.state))) { activity.stateLabel } }
                                td(Attribute("data-label", "出席"), .class("num")) { "\(activity.present)/\(activity.expected)" }
                            }
                        }
                    }
                }
                p(.class("pager")) {
                    if let firstLink { a(.class("button"), .href(firstLink)) { "回到最新" }; " " }
                    if let nextLink { a(.class("button"), .href(nextLink)) { "更早的活动" } }
                }
            }
        }
    }

    static func stateTag(_ state: String) -> String {
        switch state {
        case "held": "tag ok-tag"
        case "cancelled": "tag muted-tag"
        default: "tag"
        }
    }
}

/// 安排组织生活: first the organization, then the plan with the people who may host, record or talk.
extension ActivityPages.FormPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/activities")) { "组织生活" }; " › "; span { "安排活动" } }
            section(.class("card")) {
                h1 { "安排组织生活" }
                Forms.errors(errors)
                if organizationID != nil {
                    form(.method("post"), .action("/activities"), .class("grid-form")) {
                        Forms.csrf(layout)
                        Forms.choice("党组织", name: "organizationID", organizations, required: true)
                        Forms.choice("活动类型", name: "kind", kinds, required: true)
                        label(.class("full")) {
                            "活动主题"
                            input(.name("topic"), .value(typed.topic), .required(), .maxlength(100), .placeholder("如：学习贯彻党的二十届四中全会精神"))
                        }
                        label { "日期"; input(.type("date"), .name("date"), .value(typed.date ?? today.description), .required()) }
                        label { "开始时间"; input(.type("time"), .name("startTime"), .value(typed.startTime)) }
                        label { "地点"; input(.name("place"), .value(typed.place), .required(), .maxlength(60)) }
                        Forms.choice("主持人", name: "hostMemberID", [SelectOption(value: "", label: "（暂不指定）", selected: false)] + hosts)
                        Forms.choice("记录人", name: "recorderMemberID", [SelectOption(value: "", label: "（暂不指定）", selected: false)] + recorders)
                        label {
                            "谈心谈话双方（仅谈心谈话）"
                            select(.name("participants[]"), .multiple(), Attribute("size", "4")) {
                                for person in participants { option(.value(person.value), .selected(person.selected)) { person.label } }
                            }
                        }
                        label(.class("full")) { "议程"; textarea(.name("agenda"), .rows(4), .maxlength(2000)) { typed.agenda ?? "" } }
                        p(.class("full muted small")) { "应到人员按党组织自动生成：支部委员会会议为班子成员，其他活动为本组织全体在册党员（含党小组）。" }
                        div(.class("full")) { button(.class("primary")) { "保存计划" } }
                    }
                } else {
                    form(.method("get"), .action("/activities/new"), .class("row-form")) {
                        Forms.choice("先选择党组织", name: "organizationID", organizations.map { SelectOption(value: $0.value, label: $0.label, selected: false) },
                                     required: true)
                        input(.type("hidden"), .name("kind"), .value(typed.kind))
                        button { "下一步" }
                    }
                }
            }
        }
    }
}

/// 修改计划: the plan's fields as they are; every change is kept in the meeting's 变更记录.
extension ActivityPages.EditPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) {
                a(.href("/activities")) { "组织生活" }
                " › "
                a(.href("/activities/\(id)")) { typed.topic ?? "" }
                " › "
                span { "修改计划" }
            }
            section(.class("card")) {
                h1 { "修改计划" }
                p(.class("muted")) { "\(organizationName) · \(kindLabel)。党组织、活动类型和应到人员不能修改；如需更换，请取消本次活动后重新安排。每次修改都记入活动的变更记录。" }
                Forms.errors(errors)
                form(.method("post"), .action("/activities/\(id)/edit"), .class("grid-form"), .flag("data-unsaved", true)) {
                    Forms.csrf(layout)
                    label(.class("full")) { "活动主题"; input(.name("topic"), .value(typed.topic), .required(), .maxlength(100)) }
                    label { "日期"; input(.type("date"), .name("date"), .value(typed.date), .required()) }
                    label { "开始时间"; input(.type("time"), .name("startTime"), .value(typed.startTime)) }
                    label { "地点"; input(.name("place"), .value(typed.place), .required(), .maxlength(60)) }
                    Forms.choice("主持人", name: "hostMemberID", hosts)
                    Forms.choice("记录人", name: "recorderMemberID", recorders)
                    label(.class("full")) { "议程"; textarea(.name("agenda"), .rows(4), .maxlength(2000)) { typed.agenda ?? "" } }
                    div(.class("full")) {
                        button(.class("primary")) { "保存修改" }
                        " "
                        a(.class("button"), .href("/activities/\(id)")) { "不修改，返回" }
                    }
                }
            }
        }
    }
}
