import DangjianHTML

/// 党员名册: the filters, one page of the register and the link to the next.
extension MemberPages.IndexPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 {
                    "党员名册"
                    if let organization { " · \(organization.name)" }
                }
                div(.class("actions")) {
                    a(.class("button"), .href(exportLink)) { "导出名册" }
                    if canReveal { a(.class("button"), .href(unmaskedLink)) { "导出完整号码" } }
                    if canAdd {
                        a(.class("button"), .href("/imports")) { "导入" }
                        a(.class("button primary"), .href("/members/new" + (organization.map { "?org=\($0.id)" } ?? ""))) { "新增党员" }
                    }
                }
            }
            filters
            if page.items.isEmpty {
                p(.class("card muted")) { "没有符合条件的党员。" }
            } else {
                rows
                if let nextLink { p(.class("pager")) { a(.class("button"), .href(nextLink), .rel("next")) { "下一页" } } }
            }
        }
    }

    private var filters: Node {
        form(.method("get"), .action("/members"), .class("filters")) {
            if let org = filter.org { input(.type("hidden"), .name("org"), .value(org)) }
            label(.class("grow")) {
                "搜索"
                input(.name("q"), .value(filter.q), .placeholder("姓名、名字或拼音首字母（如 ysm），身份证号、手机号或其后四位"))
            }
            Forms.choice("党籍状态", name: "status", statuses)
            Forms.choice("人员类别", name: "category", categories)
            Forms.choice("性别", name: "gender", genders)
            Forms.choice("年龄段", name: "ageBand", ageBands)
            Forms.choice("学历", name: "education", educations)
            label(.class("check")) {
                input(.type("checkbox"), .name("incomplete"), .value("true"), .checked(filter.incomplete == true))
                " 仅看信息不完整"
            }
            button(.class("primary")) { "查询" }
        }
    }

    private var rows: Node {
        table(.class("list members")) {
            thead {
                tr {
                    for heading in ["姓名", "性别", "出生日期", "身份证号", "手机", "类型", "状态", "所在党组织"] { th { heading } }
                    th(.class("num")) { "完整度" }
                }
            }
            tbody {
                for member in page.items {
                    tr {
                        td(Attribute("data-label", "姓名")) { a(.href("/members/\(member.id)")) { member.name } }
                        td(Attribute("data-label", "性别")) { member.genderLabel }
                        td(Attribute("data-label", "出生")) { member.birthDate }
                        td(Attribute("data-label", "身份证"), .class("mono")) { member.idNumber ?? "" }
                        td(Attribute("data-label", "手机"), .class("mono")) { member.phone ?? "" }
                        td(Attribute("data-label", "类型")) { member.membershipLabel }
                        td(Attribute("data-label", "状态")) { member.statusLabel }
                        td(Attribute("data-label", "组织")) { member.organizationName }
                        td(Attribute("data-label", "完整度"), .class("num")) {
                            if member.completeness < 100 { span(.class("badge")) { "\(member.completeness)%" } } else { "100%" }
                        }
                    }
                }
            }
        }
    }
}
