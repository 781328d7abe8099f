import DangjianCore
import DangjianHTML
import Vapor

/// 登录: user name, password and, for accounts with two-step verification, the 动态口令.
extension AuthPages.LoginPage {
    func node(county: String) -> Node {
        Frame.page(layout) {
            section(.class("card login")) {
                h1 { "登录" }
                p(.class("muted")) { "\(county)党员管理和组织工作平台" }
                if let error { p(.class("errors"), .role("alert")) { error } }
                form(.method("post"), .action("/login"), .autocomplete("on")) {
                    Forms.csrf(layout)
                    input(.type("hidden"), .name("next"), .value(next))
                    label { "用户名"; input(.name("username"), .value(username), .autocomplete("username"), .required(), .autofocus()) }
                    label { "密码"; input(.type("password"), .name("password"), .autocomplete("current-password"), .required()) }
                    label {
                        "动态口令"
                        input(.name("otp"), .inputmode("numeric"), .autocomplete("one-time-code"), .maxlength(12), .placeholder("已启用两步验证的账号填写"))
                    }
                    button(.class("primary wide")) { "登录" }
                }
                p(.class("muted small")) { "连续输错密码会暂时锁定账号。忘记密码请联系系统管理员。" }
            }
        }
    }
}

/// 修改密码.
extension AuthPages.PasswordPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "修改密码" }
                Forms.errors(errors)
                form(.method("post"), .action("/password")) {
                    Forms.csrf(layout)
                    label { "当前密码"; input(.type("password"), .name("currentPassword"), .autocomplete("current-password"), .required()) }
                    label {
                        "新密码"
                        input(.type("password"), .name("newPassword"), .autocomplete("new-password"), .minlength(minimumLength), .required())
                        small { "至少 \(minimumLength) 位，含字母、数字、符号中的两类，不含用户名" }
                    }
                    label { "再输一次新密码"; input(.type("password"), .name("confirmPassword"), .autocomplete("new-password"), .required()) }
                    button(.class("primary")) { "保存新密码" }
                }
            }
        }
    }
}

/// 出错了: what went wrong in Chinese, and the ways back.
extension ErrorPageMiddleware.ErrorPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { title }
                p(.class("error-message")) { message }
                p {
                    a(.href("/"), .flag("data-back", true)) { "返回上一页" }
                    " · "
                    a(.href("/")) { "回到首页" }
                }
            }
        }
    }
}
