import DangjianHTML
import Vapor

/// A page of the compiled views (`DangjianHTML`), written straight into the response's buffer.
struct Page: AsyncResponseEncodable {
    let node: Node
    var status: HTTPResponseStatus = .ok

    init(_ node: Node) { self.node = node }

    func encodeResponse(status: HTTPResponseStatus, for request: Request) async throws -> Response {
        var page = self
        page.status = status
        return try await page.encodeResponse(for: request)
    }

    func encodeResponse(for request: Request) async throws -> Response {
        var buffer = request.byteBufferAllocator.buffer(capacity: 16_384)
        buffer.writeStaticString("<!doctype html>\n")
        node.render(into: &buffer)
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(buffer: buffer))
    }
}

/// Every page's frame: the head, the top bar with the navigation the caller may use, the notice after a redirect,
/// the phone's tab bar with 更多, and the footer.
enum Frame {
    static func page(_ layout: Layout, @HTMLBuilder content: () -> Node) -> Node {
        let appName = layout.appName
        return html(.lang("zh-CN"), .class(layout.largeText ? "large" : nil)) {
            head {
                meta(.charset("utf-8"))
                meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
                title { "\(layout.title) · \(appName)" }
                link(.rel("icon"), .href("/favicon.svg"), .type("image/svg+xml"))
                link(.rel("stylesheet"), .href("/css/app.css"))
                script(.src("/js/app.js"), .defer())
            }
            body {
                topBar(layout, appName: appName)
                main {
                    if let notice = layout.notice { p(.class("notice"), .role("status")) { notice } }
                    content()
                }
                if layout.userName != nil { tabBar(layout) }
                footer(.class("footer")) { "\(appName) · 数据仅限授权范围内使用，查看和修改均记入审计日志" }
            }
        }
    }

    /// The frame of 电视模式: no navigation or tab bar, large type, everything reached with the arrow keys.
    static func tv(_ layout: Layout, @HTMLBuilder content: () -> Node) -> Node {
        html(.lang("zh-CN"), .class("tv")) {
            head {
                meta(.charset("utf-8"))
                meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
                title { "\(layout.title) · \(layout.appName)" }
                link(.rel("icon"), .href("/favicon.svg"), .type("image/svg+xml"))
                link(.rel("stylesheet"), .href("/css/app.css"))
                script(.src("/js/app.js"), .defer())
            }
            body {
                main(.class("tv-main")) { content() }
            }
        }
    }

    static let todoCount = span(.class("todo-count"), .flag("data-todo-count", true), .hidden())
    static let messageCount = span(.class("todo-count"), .flag("data-message-count", true), .hidden())

    private static func topBar(_ layout: Layout, appName: String) -> Node {
        header(.class("topbar")) {
            a(.class("brand"), .href("/")) {
                span(.class("emblem"), .ariaHidden("true")) { "党" }
                appName
            }
            if let userName = layout.userName {
                nav(.class("mainnav"), .ariaLabel("主导航")) {
                    for item in layout.nav {
                        a(.href(item.href), .ariaCurrent(item.current ? "page" : nil)) {
                            item.label
                            if item.href == "/todos" { todoCount }
                            if item.href == "/messages" { messageCount }
                        }
                    }
                }
                div(.class("who")) {
                    span(.class("who-name")) { userName }
                    span(.class("who-roles")) { layout.roles ?? "" }
                    button(.type("button"), .class("link"), .flag("data-large-text", true), .ariaPressed(layout.largeText ? "true" : "false"),
                            .hidden()) { "大字" }
                    a(.href("/password")) { "改密码" }
                    a(.href("/security/otp")) { "两步验证" }
                    form(.method("post"), .action("/logout"), .class("inline")) {
                        input(.type("hidden"), .name("_csrf"), .value(layout.csrf))
                        button(.class("link")) { "退出" }
                    }
                }
            }
        }
    }

    private static func tabBar(_ layout: Layout) -> Node {
        nav(.class("tabbar"), .ariaLabel("常用功能")) {
            for tab in layout.tabs {
                a(.href(tab.href), .ariaCurrent(tab.current ? "page" : nil)) {
                    icon(tab.icon)
                    span {
                        tab.label
                        if tab.href == "/todos" { todoCount }
                    }
                }
            }
            details(.class("tab-more")) {
                summary {
                    Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 6h16M4 12h16M4 18h16"/></svg>"#)
                    span { "更多" }
                }
                div(.class("tab-sheet")) {
                    for item in layout.nav { a(.href(item.href), .ariaCurrent(item.current ? "page" : nil)) { item.label } }
                    a(.href("/password")) { "改密码" }
                    a(.href("/security/otp")) { "两步验证" }
                }
            }
        }
    }

    private static func icon(_ name: String?) -> Node {
        switch name {
        case "home": Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 11l9-7 9 7M6 9.5V20h12V9.5M10 20v-6h4v6"/></svg>"#)
        case "todo": Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 4h14v16H5zM8 9l2 2 4-4M8 15h8"/></svg>"#)
        case "checkin":
            Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2"/></svg>"#)
        default: Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4.5 4.5-6.5 8-6.5s7 2 8 6.5"/></svg>"#)
        }
    }
}
