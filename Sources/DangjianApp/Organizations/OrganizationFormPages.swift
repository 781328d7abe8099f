import DangjianCore
import DangjianHTML

/// 党组织: the roots of the caller's scope (one root goes straight to its page).
extension OrganizationPages.IndexPage {
    var node: Node {
        Frame.page(layout) {
            h1 { "党组织" }
            if roots.isEmpty {
                section(.class("card empty")) {
                    p { "您的角色不负责具体的党组织，这里没有可查看的党组织。" }
                    p(.class("muted")) { "党组织和党员由组织部、各级党（工）委和支部书记维护；如需查看某个党组织，请联系安全管理员授权。" }
                    p { a(.class("button"), .href("/")) { "回到首页" } }
                }
            }
            ul(.class("cards")) {
                for root in roots {
                    li(.class("card")) {
                        a(.href("/organizations/\(root.id)")) { strong { root.name } }
                        " "
                        span(.class("tag")) { root.kindLabel }
                    }
                }
            }
        }
    }
}

/// 新建下级党组织 and 修改: name, kind, sector, founding date, units covered.
extension OrganizationPages.FormPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { layout.title }
                if let parent { p(.class("muted")) { "上级党组织：\(parent.name)" } }
                Forms.errors(errors)
                form(.method("post"), .action("/organizations/\(organization.id)/\(parent == nil ? "edit" : "children")")) {
                    Forms.csrf(layout)
                    label { "名称"; input(.name("name"), .value(typed.name), .required(), .maxlength(60), .readonly(!canRestructure)) }
                    label {
                        "组织类别"
                        select(.name("kind"), .disabled(!canRestructure)) {
                            for choice in kinds { option(.value(choice.value), .selected(choice.selected)) { choice.label } }
                        }
                    }
                    if !canRestructure {
                        input(.type("hidden"), .name("kind"), .value(typed.kind))
                        p(.class("muted small")) { "更名和变更组织类别须由上级党组织办理。" }
                    }
                    Forms.choice("单位类型", name: "sector", sectors)
                    label { "成立日期"; input(.type("date"), .name("establishedOn"), .value(typed.establishedOn)) }
                    label {
                        "覆盖单位数（联合党支部填写）"
                        input(.type("number"), .name("coveredUnits"), .min(1), .max(100), .value(typed.coveredUnits))
                    }
                    Forms.submit("保存", cancel: "/organizations/\(organization.id)")
                }
            }
        }
    }
}

/// 调整隶属关系: the new parent; everything below moves with it.
extension OrganizationPages.MovePage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { layout.title }
                p { "移动后，\(organization.name)的全部下级组织和党员随之调整。" }
                Forms.errors(errors)
                form(.method("post"), .action("/organizations/\(organization.id)/move"), Attribute("data-confirm", "确认调整隶属关系？")) {
                    Forms.csrf(layout)
                    Forms.choice("新的上级党组织", name: "parentID", [SelectOption(value: "", label: "请选择", selected: false)] + targets,
                                 required: true)
                    Forms.submit("移动", cancel: "/organizations/\(organization.id)")
                }
            }
        }
    }
}

/// 组织架构图, with download, print and zoom.
extension OrganizationPages.ChartPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) {
                a(.href("/organizations/\(organization.id)")) { organization.name }
                " › "
                span { "组织架构图" }
            }
            h1 { "\(organization.name) · 组织架构图" }
            p(.class("actions")) {
                a(.class("button"), .href("/organizations/\(organization.id)/chart.svg"), .flag("download", true)) { "下载 SVG" }
                " "
                button(.class("button"), .flag("data-print", true)) { "打印" }
            }
            p(.class("actions zoom"), .flag("data-zoom", true), .hidden()) {
                button(.type("button"), .class("button"), Attribute("data-zoom-by", "0.8")) { "缩小" }
                " "
                button(.type("button"), .class("button"), .flag("data-zoom-fit", true)) { "适合宽度" }
                " "
                button(.type("button"), .class("button"), Attribute("data-zoom-by", "1.25")) { "放大" }
                " "
                button(.type("button"), .class("button"), .flag("data-zoom-reset", true)) { "原大" }
            }
            div(.class("chart-scroll"), .flag("data-zoom-target", true)) { Node.svg(svg) }
        }
    }
}
