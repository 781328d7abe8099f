import DangjianCore
import DangjianHTML

/// The parts every form shares: the list of what to correct, the CSRF field, a labelled choice.
enum Forms {
    /// 请修改以下内容后再提交: each problem with the field it is about (`data-field`, which the page's script marks).
    static func errors(_ errors: [FieldError]) -> Node {
        if errors.isEmpty { return Node.empty }
        return div(.class("errors"), .role("alert")) {
            strong { "请修改以下内容后再提交：" }
            ul {
                for error in errors { li(Attribute("data-field", error.field)) { error.message } }
            }
        }
    }

    /// The page's CSRF token, which every form that writes carries.
    static func csrf(_ layout: Layout) -> Node {
        input(.type("hidden"), .name("_csrf"), .value(layout.csrf))
    }

    /// `caption` over a choice of `options`.
    static func choice(_ caption: String, name: String, _ options: [SelectOption], required: Bool = false, full: Bool = false) -> Node {
        label(.class(full ? "full" : nil)) {
            caption
            select(.name(name), .required(required)) {
                for choice in options { option(.value(choice.value), .selected(choice.selected)) { choice.label } }
            }
        }
    }

    /// 保存 (or another verb) and a way back.
    static func submit(_ verb: String, cancel: String) -> Node {
        group {
            button(.class("primary")) { verb }
            " "
            a(.href(cancel)) { "取消" }
        }
    }
}
