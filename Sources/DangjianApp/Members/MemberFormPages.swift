import DangjianCore
import DangjianHTML

/// 新增党员 and 修改档案: the register's fields, with what was typed and what to correct.
extension MemberPages.FormPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card")) {
                h1 { layout.title }
                Forms.errors(errors)
                form(.method("post"), .action(memberID.map { "/members/\($0)/edit" } ?? "/members"), .class("grid-form")) {
                    Forms.csrf(layout)
                    if memberID == nil {
                        Forms.choice("所在党组织", name: "organizationID", [SelectOption(value: "", label: "请选择", selected: false)] + organizations,
                                     required: true, full: true)
                    }
                    label { "姓名"; input(.name("name"), .value(typed.name), .required(), .maxlength(30)) }
                    label {
                        "公民身份号码"
                        input(.name("idNumber"), .value(typed.idNumber), .maxlength(18), .autocomplete("off"), .class("mono"),
                              .required(memberID == nil), .placeholder(idMask.map { "\($0)（留空则不变）" } ?? "18 位，最后一位可为 X"))
                        small { "出生日期和性别按号码自动核对" }
                    }
                    Forms.choice("性别", name: "gender", genders)
                    label { "出生日期"; input(.name("birthDate"), .value(typed.birthDate), .placeholder("可留空，按身份证号填写")) }
                    label { "民族"; input(.name("ethnicity"), .value(typed.ethnicity), .maxlength(10)) }
                    Forms.choice("学历", name: "education", educations)
                    Forms.choice("人员类别", name: "category", categories)
                    Forms.choice("党员类型", name: "membership", memberships, required: true)
                    label { "入党时间"; input(.type("date"), .name("joinedOn"), .value(typed.joinedOn), .required()) }
                    label { "转正时间"; input(.type("date"), .name("fullOn"), .value(typed.fullOn)) }
                    label(.class("full")) { "工作单位及职务"; input(.name("job"), .value(typed.job), .maxlength(100)) }
                    label {
                        "联系电话"
                        input(.name("phone"), .value(typed.phone), .inputmode("tel"), .maxlength(20), .class("mono"),
                              .placeholder(phoneMask.map { "\($0)（留空则不变）" } ?? "手机或带区号的固定电话"))
                    }
                    if phoneMask != nil {
                        label(.class("check")) { input(.type("checkbox"), .name("clearPhone"), .value("1")); " 删除已登记的电话" }
                    }
                    label(.class("full")) { "家庭住址"; input(.name("address"), .value(typed.address), .maxlength(200)) }
                    div(.class("full")) { Forms.submit("保存", cancel: memberID.map { "/members/\($0)" } ?? "/members") }
                }
            }
        }
    }
}

/// The forms that act on one member: 调整所在党组织, 变更党籍状态, 留党察看, 查看完整号码.
extension MemberPages.ActionPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                switch action {
                case .transfer: transfer
                case .status: status
                case .discipline: discipline
                case .reveal: reveal
                }
            }
        }
    }

    private var back: String { "/members/\(member.id)" }

    private func form(_ path: String, @HTMLBuilder content: () -> Node) -> Node {
        DangjianHTML.form(.method("post"), .action("/members/\(member.id)/\(path)")) {
            Forms.csrf(layout)
            content()
        }
    }

    private var transfer: Node {
        group {
            h1 { layout.title }
            p { "当前所在：\(member.organizationName)。跨县（市、区）转接请办理组织关系转接。" }
            Forms.errors(errors)
            form("transfer") {
                Forms.choice("新的所在党组织", name: "organizationID", [SelectOption(value: "", label: "请选择", selected: false)] + options,
                             required: true)
                Forms.submit("确认调整", cancel: back)
            }
        }
    }

    private var status: Node {
        group {
            h1 { layout.title }
            p { "当前：\(member.statusLabel)。出党、去世的党员不再计入在册人数，档案保留。" }
            Forms.errors(errors)
            form("status") {
                Forms.choice("新状态", name: "status", options, required: true)
                label { "变动日期"; input(.type("date"), .name("onDate"), .value(today.description), .required()) }
                Forms.choice("流入地党组织（仅流动党员：在哪个党支部参加组织生活）", name: "mobileHostID", hosts)
                Forms.choice("出党原因", name: "leaveReason", reasons)
                label { "说明"; textarea(.name("note"), .maxlength(200), .rows(3)) }
                Forms.submit("保存", cancel: back)
            }
        }
    }

    private var discipline: Node {
        group {
            h1 { layout.title }
            p(.class("muted")) { "留党察看最长不超过两年。察看期间没有表决权、选举权和被选举权，不能作入党介绍人；期满后经支部大会讨论恢复党员权利。" }
            Forms.errors(errors)
            if let current = member.discipline, current.inForce {
                p(.class("notice")) { "\(current.from) 起留党察看 \(current.years) 年，\(current.ends) 期满。" }
                form("discipline") {
                    input(.type("hidden"), .name("action"), .value("restore"))
                    label { "恢复党员权利的日期（期满后）"; input(.type("date"), .name("restoredOn"), .value(today.description), .required()) }
                    Forms.submit("记录恢复党员权利", cancel: back)
                }
            } else {
                form("discipline") {
                    input(.type("hidden"), .name("action"), .value("impose"))
                    label { "处分决定日期"; input(.type("date"), .name("from"), .value(today.description), .required()) }
                    label {
                        "察看期限"
                        select(.name("years")) {
                            option(.value("1")) { "一年" }
                            option(.value("2")) { "二年" }
                        }
                    }
                    label { "处分决定（文号或事由）"; textarea(.name("note"), .maxlength(200), .rows(3), .required()) }
                    Forms.submit("记录留党察看", cancel: back)
                }
            }
        }
    }

    private var reveal: Node {
        group {
            h1 { "查看\(member.name)的完整号码" }
            p { "完整的公民身份号码和电话属于个人敏感信息。查看须写明事由，事由和查看人将记入审计日志。" }
            Forms.errors(errors)
            form("reveal") {
                label {
                    "事由"
                    input(.name("reason"), .required(), .minlength(4), .maxlength(100), .placeholder("例如：办理组织关系转接核对身份"))
                }
                Forms.submit("查看", cancel: back)
            }
        }
    }
}
