import DangjianCore
import DangjianHTML

/// 两步验证: setting it up (the key to type into an authenticator app), the recovery codes once, or its state.
extension SecondFactorPages.OTPPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "两步验证" }
                Forms.errors(errors)
                if let recoveryCodes {
                    p(.class("notice"), .role("status")) { "两步验证已启用。下面的恢复码只显示这一次：请抄在纸上，与手机分开保管；手机丢失时，用其中一个代替动态口令登录（每个只能用一次）。" }
                    ol(.class("mono recovery")) { for code in recoveryCodes { li { code } } }
                    p { a(.class("button primary"), .href("/")) { "完成" } }
                } else if enabled {
                    p { "您的账号已启用两步验证：登录时除密码外，还要输入手机认证应用中的 6 位动态口令。" }
                    p(.class("muted")) { "更换手机或丢失手机时，请联系安全管理员重置，再重新设置。" }
                } else {
                    ol(.class("steps")) {
                        li { "在手机上打开认证应用（任何支持“基于时间的动态口令”的应用均可，无需联网）。" }
                        li { "选择“手动输入密钥”，账号填 "; strong { username }; "，密钥填："; p(.class("mono secret")) { secret ?? "" } }
                        li { "输入应用中显示的 6 位数字，确认启用。" }
                    }
                    form(.method("post"), .action("/security/otp")) {
                        Forms.csrf(layout)
                        label {
                            "动态口令"
                            input(.name("code"), .inputmode("numeric"), .autocomplete("one-time-code"), .maxlength(6), .pattern("[0-9]{6}"), .required())
                        }
                        button(.class("primary")) { "确认启用" }
                    }
                }
            }
        }
    }
}
