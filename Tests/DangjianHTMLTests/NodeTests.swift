import Testing
@testable import DangjianHTML

@Suite("页面生成：转义与结构")
struct NodeTests {
    static let hostile = [#"<script>alert("x")</script>"#, #"" onmouseover="alert(1)"#, "张&三", "'单引号'", "</td></tr></table>", "a<b>c"]

    @Test("text is escaped wherever it is put: content, attribute values, titles", arguments: hostile)
    func escaping(_ text: String) {
        let page = div(.class(text), .title(text)) {
            text
            a(.href("/members?q=" + text)) { text }
            input(.value(text), .placeholder(text))
        }.rendered
        #expect(!page.contains("<script"))
        #expect(!page.contains("</td>"))
        #expect(!page.contains("<b>"))
        // Inside attributes no quote survives to end the value early: every attribute is name="…" with no " inside.
        let attributes = page.split(separator: "<").flatMap { tag in tag.split(separator: ">").first.map { [$0] } ?? [] }
        for tag in attributes {
            #expect(tag.filter { $0 == "\"" }.count % 2 == 0, "\(tag)")
            #expect(!tag.contains("'"), "\(tag)")
        }
        #expect(page.contains("&lt;") || page.contains("&amp;") || page.contains("&#39;") || page.contains("&quot;"))
    }

    @Test("the escaped forms are exactly the five characters' entities, and other text is unchanged")
    func entities() {
        #expect(Node.text(#"<a href="x">'&'</a>"#).rendered == #"&lt;a href="x"&gt;'&amp;'&lt;/a&gt;"#)
        #expect(p(.title(#"<"'&>"#)) { "党员 100%" }.rendered == #"<p title="&lt;&quot;&#39;&amp;&gt;">党员 100%</p>"#)
        #expect(Node.text("余秀梅").rendered == "余秀梅")
    }

    @Test("flags appear only when set, absent values leave the attribute out, void elements have no end tag")
    func attributes() {
        #expect(option(.value("a"), .selected(true)) { "甲" }.rendered == #"<option value="a" selected>甲</option>"#)
        #expect(option(.value("a"), .selected(false)) { "甲" }.rendered == #"<option value="a">甲</option>"#)
        #expect(a(.href("/"), .ariaCurrent(nil)) { "首页" }.rendered == #"<a href="/">首页</a>"#)
        #expect(input(.name("q"), .value(3)).rendered == #"<input name="q" value="3">"#)
        #expect(br().rendered == "<br>")
    }

    @Test("if, else, for and optional content build the nodes they say")
    func builder() {
        let names = ["甲", "乙"]
        let empty: [String] = []
        func list(_ items: [String], note: String?) -> Node {
            ul {
                for name in items { li { name } }
                if items.isEmpty { li(.class("muted")) { "无" } } else { "共 \(items.count) 人" }
                if let note { li { note } }
            }
        }
        #expect(list(names, note: nil).rendered == "<ul><li>甲</li><li>乙</li>共 2 人</ul>")
        #expect(list(empty, note: "备注").rendered == #"<ul><li class="muted">无</li><li>备注</li></ul>"#)
        #expect(td { 42 }.rendered == "<td>42</td>")
        #expect(td().rendered == "<td></td>")
    }

    @Test("long text with many characters to escape is written whole")
    func longText() {
        let text = String(repeating: "党<&>员", count: 5_000)
        let page = p { text }.rendered
        #expect(page.count == "<p></p>".count + 5_000 * "党&lt;&amp;&gt;员".count)
    }
}
