import DangjianCore
import DangjianHTML

/// An organization's page: where it sits, its figures, the structure warnings, its children, its committee, the units
/// of a community's 大党委 and its city–village pairings, with the small forms that keep them.
extension OrganizationPages.ShowPage {
    private var id: Int { detail.organization.id }

    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb"), .ariaLabel("上级组织")) {
                for item in detail.breadcrumb {
                    a(.href("/organizations/\(item.id)")) { item.name }
                    " › "
                }
                span { detail.organization.name }
            }
            div(.class("heading")) {
                h1 { detail.organization.name }
                span(.class("tag")) { detail.organization.kindLabel }
                span(.class("tag muted-tag")) { detail.organization.sectorLabel }
            }
            Forms.errors(errors)
            div(.class("actions")) {
                if canReadMembers { a(.class("button"), .href("/members?org=\(id)")) { "党员名册" } }
                if canAddMembers { a(.class("button"), .href("/members/new?org=\(id)")) { "新增党员" } }
                a(.class("button"), .href("/organizations/\(id)/chart")) { "组织架构图" }
                if canWrite {
                    a(.class("button"), .href("/organizations/\(id)/new")) { "新建下级组织" }
                    a(.class("button"), .href("/organizations/\(id)/edit")) { "修改信息" }
                }
                if canRestructure { a(.class("button"), .href("/organizations/\(id)/move")) { "调整隶属关系" } }
            }
            section(.class("figures small-figures")) {
                Figures.figure(detail.totals.fullMembers, "正式党员（含下级）")
                Figures.figure(detail.totals.probationaryMembers, "预备党员（含下级）")
                Figures.figure(detail.organization.fullMembers, "本级正式党员")
                Figures.figure(detail.totals.organizations, "党组织（含本级）")
            }
            if !detail.findings.isEmpty {
                section(.class("card")) {
                    h2 { "设置提醒" }
                    ul(.class("findings")) {
                        for finding in detail.findings {
                            li(.class(finding.severity.rawValue)) {
                                finding.message
                                br()
                                small(.class("muted")) { "依据：\(finding.rule.source)" }
                            }
                        }
                    }
                }
            }
            if !detail.children.isEmpty { children }
            if hasTerm { committee }
            if isCommunityCommittee { residentUnits }
            if !detail.pairings.isEmpty || !villages.isEmpty { pairings }
        }
    }

    /// A small form of this page, posting to `/organizations/{id}/{path}`.
    private func rowForm(_ path: String, @HTMLBuilder content: () -> Node) -> Node {
        form(.method("post"), .action("/organizations/\(id)/\(path)"), .class("row-form")) {
            Forms.csrf(layout)
            content()
            button { "保存" }
        }
    }

    private var children: Node {
        section(.class("card")) {
            h2 { "下级组织（\(detail.children.count)）" }
            table(.class("list")) {
                thead {
                    tr { th { "名称" }; th { "类别" }; th(.class("num")) { "党员" }; th(.class("num")) { "提醒" } }
                }
                tbody {
                    for child in detail.children {
                        tr {
                            td { a(.href("/organizations/\(child.organization.id)")) { child.organization.name } }
                            td { child.organization.kindLabel }
                            td(.class("num")) { child.totals.fullMembers + child.totals.probationaryMembers }
                            td(.class("num")) { if child.warnings > 0 { span(.class("badge")) { child.warnings } } }
                        }
                    }
                }
            }
        }
    }

    private var committee: Node {
        section(.class("card")) {
            h2 { "班子" }
            if let elected = detail.committee.termElectedOn {
                p { "本届：\(elected) 选举，任期 \(detail.committee.termYears ?? 0) 年，\(detail.committee.termEndsOn?.description ?? "") 届满" }
            } else {
                p(.class("muted")) { "尚未录入本届选举日期" }
            }
            if detail.committee.offices.isEmpty {
                p(.class("muted")) { "未录入班子成员" }
            } else {
                table(.class("list")) {
                    thead {
                        tr {
                            th { "职务" }; th { "姓名" }; th { "任职日期" }
                            if canEditCommittee { th() }
                        }
                    }
                    tbody {
                        for office in detail.committee.offices {
                            tr {
                                td { office.officeLabel }
                                td {
                                    if canReadMembers { a(.href("/members/\(office.memberID)")) { office.memberName } } else { office.memberName }
                                }
                                td { office.since.description }
                                if canEditCommittee {
                                    td {
                                        form(.method("post"), .action("/organizations/\(id)/offices/\(office.id)/end"), .class("inline"),
                                             Attribute("data-confirm", "确认办理离任？")) {
                                            Forms.csrf(layout)
                                            button(.class("link")) { "离任" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if canEditCommittee {
                details {
                    summary { "录入换届" }
                    rowForm("terms") {
                        label { "选举日期"; input(.type("date"), .name("electedOn"), .required()) }
                        label { "任期（年）"; input(.type("number"), .name("years"), .min(1), .max(5), .placeholder("按规定")) }
                    }
                }
                details {
                    summary { "增加班子成员" }
                    rowForm("offices") {
                        if choosesByName && candidates.isEmpty {
                            label { "党员姓名"; input(.type("text"), .name("memberName"), .required(), .maxlength(40), .placeholder("本组织及下级组织的在册党员")) }
                        } else {
                            Forms.choice("党员", name: "memberID", [SelectOption(value: "", label: "请选择", selected: false)] + candidates, required: true)
                        }
                        Forms.choice("职务", name: "office", offices)
                        label { "任职日期"; input(.type("date"), .name("since"), .required()) }
                    }
                }
            }
        }
    }

    private var residentUnits: Node {
        section(.class("card")) {
            h2 { "大党委驻区单位（\(detail.residentUnits.count)）" }
            if !detail.residentUnits.isEmpty {
                table(.class("list")) {
                    thead { tr { th { "单位" }; th { "性质" }; th { "兼职委员" }; th { "加入日期" } } }
                    tbody {
                        for unit in detail.residentUnits {
                            tr { td { unit.name }; td { unit.unitType }; td { unit.representative ?? "" }; td { unit.joinedOn.description } }
                        }
                    }
                }
            }
            if canWrite {
                details {
                    summary { "增加驻区单位" }
                    rowForm("units") {
                        label { "单位名称"; input(.name("name"), .required(), .maxlength(60)) }
                        label { "单位性质"; input(.name("unitType"), .required(), .maxlength(30), .placeholder("机关、学校、医院、企业")) }
                        label { "兼职委员"; input(.name("representative"), .maxlength(30)) }
                        label { "加入日期"; input(.type("date"), .name("joinedOn"), .required()) }
                    }
                }
            }
        }
    }

    private var pairings: Node {
        section(.class("card")) {
            h2 { "城乡结对" }
            if !detail.pairings.isEmpty {
                ul {
                    for pairing in detail.pairings {
                        li {
                            "\(pairing.role)："
                            a(.href("/organizations/\(pairing.partnerID)")) { pairing.partnerName }
                            "，自 \(pairing.startedOn)，\(pairing.focus)"
                        }
                    }
                }
            }
            if !villages.isEmpty {
                details {
                    summary { "新增结对" }
                    rowForm("pairings") {
                        Forms.choice("农村党支部", name: "villageID", [SelectOption(value: "", label: "请选择", selected: false)] + villages, required: true)
                        label { "结对日期"; input(.type("date"), .name("startedOn"), .required()) }
                        label { "结对内容"; input(.name("focus"), .required(), .maxlength(100), .placeholder("产业帮扶、党员教育……")) }
                    }
                }
            }
        }
    }
}
