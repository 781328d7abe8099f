import DangjianCore
import DangjianHTML

/// A small form of one button, posting to `action` (unlock, disable, revoke …), with a confirmation when asked.
private func actionButton(_ action: String, _ caption: String, csrf layout: Layout, confirm: String? = nil, title: String? = nil) -> Node {
    form(.method("post"), .action(action), .class("inline"), Attribute("data-confirm", confirm)) {
        Forms.csrf(layout)
        button(.class("link"), .title(title)) { caption }
    }
}

private func grantTag(_ grant: AccountSummary.GrantInfo) -> String {
    grant.roleLabel + (grant.organizationName.map { " · \($0)" } ?? "")
}

/// 账号管理: the accounts (a member's shown by surname only), their state, and a new account.
extension AdministrationPages.AccountsPage {
    var node: Node {
        Frame.page(layout) {
            h1 { "账号管理" }
            p(.class("muted")) { "系统管理员管理账号，不查看党员信息；关联党员的账号只显示姓氏。角色由安全管理员授予。" }
            table(.class("list")) {
                thead { tr { for heading in ["用户名", "姓名", "角色", "状态", "操作"] { th { heading } } } }
                tbody {
                    for account in accounts {
                        tr {
                            td(.class("mono")) { account.username }
                            td { account.displayName }
                            td { for grant in account.grants { span(.class("tag")) { grantTag(grant) } } }
                            td { account.disabled ? "已停用" : account.locked ? "已锁定" : "正常" }
                            td {
                                if account.locked { actionButton("/accounts/\(account.id)/unlock", "解锁", csrf: layout) }
                                if account.disabled {
                                    actionButton("/accounts/\(account.id)/enable", "启用", csrf: layout)
                                } else {
                                    actionButton("/accounts/\(account.id)/disable", "停用", csrf: layout, confirm: "停用后该账号立即退出登录，确认？")
                                }
                            }
                        }
                    }
                }
            }
            section(.class("card narrow")) {
                h2 { "新建账号" }
                Forms.errors(errors)
                form(.method("post"), .action("/accounts")) {
                    Forms.csrf(layout)
                    label { "用户名"; input(.name("username"), .value(typed.username), .required(), .pattern("[a-z][a-z0-9._-]{2,31}")) }
                    label { "姓名或称呼"; input(.name("displayName"), .value(typed.displayName), .required(), .maxlength(30)) }
                    label { "初始密码"; input(.type("password"), .name("password"), .required(), .autocomplete("new-password")) }
                    label { "关联党员（填本人公民身份号码，可留空）"; input(.name("memberIDNumber"), .maxlength(18), .autocomplete("off"), .class("mono")) }
                    button(.class("primary")) { "新建" }
                }
            }
        }
    }
}

/// 角色授权: who holds which role where, two-step verification, and granting a role.
extension AdministrationPages.GrantsPage {
    var node: Node {
        Frame.page(layout) {
            h1 { "角色授权" }
            p(.class("muted")) { "三员分立：系统管理员、安全管理员、审计管理员须由不同账号担任，且不兼任其他角色。撤销授权后该账号须重新登录。" }
            Forms.errors(errors)
            table(.class("list")) {
                thead { tr { th { "账号" }; th { "角色与范围" }; th { "两步验证" } } }
                tbody {
                    for account in accounts {
                        tr {
                            td(.class("mono")) { account.username }
                            td {
                                for grant in account.grants {
                                    span(.class("tag")) {
                                        grantTag(grant)
                                        actionButton("/grants/\(grant.id)/revoke", "×", csrf: layout, confirm: "确认撤销该授权？", title: "撤销")
                                    }
                                }
                            }
                            td(Attribute("data-label", "两步验证")) {
                                if account.secondFactor {
                                    "已启用"
                                    actionButton("/accounts/\(account.id)/otp-reset", "重置", csrf: layout,
                                                 confirm: "确认重置？该账号将退出登录，下次登录时重新设置。")
                                } else {
                                    span(.class("muted")) { "未启用" }
                                }
                            }
                        }
                    }
                }
            }
            section(.class("card narrow")) {
                h2 { "授予角色" }
                form(.method("post"), .action("/grants")) {
                    Forms.csrf(layout)
                    Forms.choice("账号", name: "accountID", accountOptions, required: true)
                    Forms.choice("角色", name: "role", roles, required: true)
                    Forms.choice("负责的党组织", name: "organizationID", organizations)
                    button(.class("primary")) { "授权" }
                }
            }
        }
    }
}

/// 安全策略: lockout and password length.
extension AdministrationPages.SecurityPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "安全策略" }
                Forms.errors(errors)
                form(.method("post"), .action("/security")) {
                    Forms.csrf(layout)
                    label { "连续输错密码次数上限"; input(.type("number"), .name("maxFailedLogins"), .min(3), .max(10), .value(policy.maxFailedLogins), .required()) }
                    label { "锁定时长（分钟）"; input(.type("number"), .name("lockoutMinutes"), .min(5), .max(1440), .value(policy.lockoutMinutes), .required()) }
                    label {
                        "密码最短长度"
                        input(.type("number"), .name("minimumPasswordLength"), .min(8), .max(64), .value(policy.minimumPasswordLength), .required())
                    }
                    button(.class("primary")) { "保存" }
                }
            }
        }
    }
}
