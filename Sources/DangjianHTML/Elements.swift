// The elements pages use, one function each: `td(.class("num")) { "100%" }`. Free functions rather than static
// members: in a builder, a statement starting with a dot would continue the statement before it.

public func html(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("html", attributes, content) }
public func head(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("head", attributes, content) }
public func body(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("body", attributes, content) }
public func title(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("title", attributes, content) }
public func header(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("header", attributes, content) }
public func nav(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("nav", attributes, content) }
public func main(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("main", attributes, content) }
public func footer(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("footer", attributes, content) }
public func div(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("div", attributes, content) }
public func span(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("span", attributes, content) }
public func p(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("p", attributes, content) }
public func a(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("a", attributes, content) }
public func h1(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("h1", attributes, content) }
public func h2(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("h2", attributes, content) }
public func h3(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("h3", attributes, content) }
public func h4(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("h4", attributes, content) }
public func section(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("section", attributes, content) }
public func article(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("article", attributes, content) }
public func form(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("form", attributes, content) }
public func label(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("label", attributes, content) }
public func select(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("select", attributes, content) }
public func option(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("option", attributes, content) }
public func optgroup(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("optgroup", attributes, content) }
public func button(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("button", attributes, content) }
public func textarea(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("textarea", attributes, content) }
public func table(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("table", attributes, content) }
public func thead(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("thead", attributes, content) }
public func tbody(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("tbody", attributes, content) }
public func tfoot(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("tfoot", attributes, content) }
public func tr(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("tr", attributes, content) }
public func th(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("th", attributes, content) }
public func td(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("td", attributes, content) }
public func caption(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("caption", attributes, content) }
public func ul(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("ul", attributes, content) }
public func ol(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("ol", attributes, content) }
public func li(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("li", attributes, content) }
public func dl(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("dl", attributes, content) }
public func dt(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("dt", attributes, content) }
public func dd(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("dd", attributes, content) }
public func details(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("details", attributes, content) }
public func summary(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("summary", attributes, content) }
public func small(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("small", attributes, content) }
public func strong(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("strong", attributes, content) }
public func em(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("em", attributes, content) }
public func b(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("b", attributes, content) }
public func code(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("code", attributes, content) }
public func pre(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("pre", attributes, content) }
public func fieldset(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("fieldset", attributes, content) }
public func legend(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("legend", attributes, content) }
public func figure(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("figure", attributes, content) }
public func figcaption(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("figcaption", attributes, content) }
public func time(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("time", attributes, content) }
public func abbr(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("abbr", attributes, content) }
public func output(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("output", attributes, content) }
public func progress(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("progress", attributes, content) }
public func meter(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("meter", attributes, content) }
public func video(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("video", attributes, content) }
public func aside(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("aside", attributes, content) }
public func audio(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("audio", attributes, content) }
public func noscript(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("noscript", attributes, content) }
public func script(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("script", attributes, content) }
public func style(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("style", attributes, content) }
public func mark(_ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node { Node.element("mark", attributes, content) }

public func html(_ attributes: Attribute...) -> Node { Node.element("html", attributes, []) }
public func head(_ attributes: Attribute...) -> Node { Node.element("head", attributes, []) }
public func body(_ attributes: Attribute...) -> Node { Node.element("body", attributes, []) }
public func title(_ attributes: Attribute...) -> Node { Node.element("title", attributes, []) }
public func header(_ attributes: Attribute...) -> Node { Node.element("header", attributes, []) }
public func nav(_ attributes: Attribute...) -> Node { Node.element("nav", attributes, []) }
public func main(_ attributes: Attribute...) -> Node { Node.element("main", attributes, []) }
public func footer(_ attributes: Attribute...) -> Node { Node.element("footer", attributes, []) }
public func div(_ attributes: Attribute...) -> Node { Node.element("div", attributes, []) }
public func span(_ attributes: Attribute...) -> Node { Node.element("span", attributes, []) }
public func p(_ attributes: Attribute...) -> Node { Node.element("p", attributes, []) }
public func a(_ attributes: Attribute...) -> Node { Node.element("a", attributes, []) }
public func h1(_ attributes: Attribute...) -> Node { Node.element("h1", attributes, []) }
public func h2(_ attributes: Attribute...) -> Node { Node.element("h2", attributes, []) }
public func h3(_ attributes: Attribute...) -> Node { Node.element("h3", attributes, []) }
public func h4(_ attributes: Attribute...) -> Node { Node.element("h4", attributes, []) }
public func section(_ attributes: Attribute...) -> Node { Node.element("section", attributes, []) }
public func article(_ attributes: Attribute...) -> Node { Node.element("article", attributes, []) }
public func form(_ attributes: Attribute...) -> Node { Node.element("form", attributes, []) }
public func label(_ attributes: Attribute...) -> Node { Node.element("label", attributes, []) }
public func select(_ attributes: Attribute...) -> Node { Node.element("select", attributes, []) }
public func option(_ attributes: Attribute...) -> Node { Node.element("option", attributes, []) }
public func optgroup(_ attributes: Attribute...) -> Node { Node.element("optgroup", attributes, []) }
public func button(_ attributes: Attribute...) -> Node { Node.element("button", attributes, []) }
public func textarea(_ attributes: Attribute...) -> Node { Node.element("textarea", attributes, []) }
public func table(_ attributes: Attribute...) -> Node { Node.element("table", attributes, []) }
public func thead(_ attributes: Attribute...) -> Node { Node.element("thead", attributes, []) }
public func tbody(_ attributes: Attribute...) -> Node { Node.element("tbody", attributes, []) }
public func tfoot(_ attributes: Attribute...) -> Node { Node.element("tfoot", attributes, []) }
public func tr(_ attributes: Attribute...) -> Node { Node.element("tr", attributes, []) }
public func th(_ attributes: Attribute...) -> Node { Node.element("th", attributes, []) }
public func td(_ attributes: Attribute...) -> Node { Node.element("td", attributes, []) }
public func caption(_ attributes: Attribute...) -> Node { Node.element("caption", attributes, []) }
public func ul(_ attributes: Attribute...) -> Node { Node.element("ul", attributes, []) }
public func ol(_ attributes: Attribute...) -> Node { Node.element("ol", attributes, []) }
public func li(_ attributes: Attribute...) -> Node { Node.element("li", attributes, []) }
public func dl(_ attributes: Attribute...) -> Node { Node.element("dl", attributes, []) }
public func dt(_ attributes: Attribute...) -> Node { Node.element("dt", attributes, []) }
public func dd(_ attributes: Attribute...) -> Node { Node.element("dd", attributes, []) }
public func details(_ attributes: Attribute...) -> Node { Node.element("details", attributes, []) }
public func summary(_ attributes: Attribute...) -> Node { Node.element("summary", attributes, []) }
public func small(_ attributes: Attribute...) -> Node { Node.element("small", attributes, []) }
public func strong(_ attributes: Attribute...) -> Node { Node.element("strong", attributes, []) }
public func em(_ attributes: Attribute...) -> Node { Node.element("em", attributes, []) }
public func b(_ attributes: Attribute...) -> Node { Node.element("b", attributes, []) }
public func code(_ attributes: Attribute...) -> Node { Node.element("code", attributes, []) }
public func pre(_ attributes: Attribute...) -> Node { Node.element("pre", attributes, []) }
public func fieldset(_ attributes: Attribute...) -> Node { Node.element("fieldset", attributes, []) }
public func legend(_ attributes: Attribute...) -> Node { Node.element("legend", attributes, []) }
public func figure(_ attributes: Attribute...) -> Node { Node.element("figure", attributes, []) }
public func figcaption(_ attributes: Attribute...) -> Node { Node.element("figcaption", attributes, []) }
public func time(_ attributes: Attribute...) -> Node { Node.element("time", attributes, []) }
public func abbr(_ attributes: Attribute...) -> Node { Node.element("abbr", attributes, []) }
public func output(_ attributes: Attribute...) -> Node { Node.element("output", attributes, []) }
public func progress(_ attributes: Attribute...) -> Node { Node.element("progress", attributes, []) }
public func meter(_ attributes: Attribute...) -> Node { Node.element("meter", attributes, []) }
public func noscript(_ attributes: Attribute...) -> Node { Node.element("noscript", attributes, []) }
public func script(_ attributes: Attribute...) -> Node { Node.element("script", attributes, []) }
public func style(_ attributes: Attribute...) -> Node { Node.element("style", attributes, []) }
public func mark(_ attributes: Attribute...) -> Node { Node.element("mark", attributes, []) }

public func meta(_ attributes: Attribute...) -> Node { Node.void("meta", attributes) }
public func link(_ attributes: Attribute...) -> Node { Node.void("link", attributes) }
public func input(_ attributes: Attribute...) -> Node { Node.void("input", attributes) }
public func br(_ attributes: Attribute...) -> Node { Node.void("br", attributes) }
public func hr(_ attributes: Attribute...) -> Node { Node.void("hr", attributes) }
public func img(_ attributes: Attribute...) -> Node { Node.void("img", attributes) }
public func col(_ attributes: Attribute...) -> Node { Node.void("col", attributes) }

/// The attributes pages use: `.class("num")`, `.href(link)`, `.selected(option.selected)`; any other by name,
/// `Attribute("data-label", "姓名")`. A value of nil leaves the attribute out.
extension Attribute {
    public static func `class`(_ value: String?) -> Attribute { Attribute("class", value) }
    public static func id(_ value: String?) -> Attribute { Attribute("id", value) }
    public static func href(_ value: String?) -> Attribute { Attribute("href", value) }
    public static func name(_ value: String?) -> Attribute { Attribute("name", value) }
    public static func value(_ value: String?) -> Attribute { Attribute("value", value) }
    public static func type(_ value: String?) -> Attribute { Attribute("type", value) }
    public static func placeholder(_ value: String?) -> Attribute { Attribute("placeholder", value) }
    public static func action(_ value: String?) -> Attribute { Attribute("action", value) }
    public static func method(_ value: String?) -> Attribute { Attribute("method", value) }
    public static func rel(_ value: String?) -> Attribute { Attribute("rel", value) }
    public static func title(_ value: String?) -> Attribute { Attribute("title", value) }
    public static func role(_ value: String?) -> Attribute { Attribute("role", value) }
    public static func lang(_ value: String?) -> Attribute { Attribute("lang", value) }
    public static func charset(_ value: String?) -> Attribute { Attribute("charset", value) }
    public static func content(_ value: String?) -> Attribute { Attribute("content", value) }
    public static func src(_ value: String?) -> Attribute { Attribute("src", value) }
    public static func alt(_ value: String?) -> Attribute { Attribute("alt", value) }
    public static func `for`(_ value: String?) -> Attribute { Attribute("for", value) }
    public static func min(_ value: String?) -> Attribute { Attribute("min", value) }
    public static func max(_ value: String?) -> Attribute { Attribute("max", value) }
    public static func maxlength(_ value: String?) -> Attribute { Attribute("maxlength", value) }
    public static func minlength(_ value: String?) -> Attribute { Attribute("minlength", value) }
    public static func step(_ value: String?) -> Attribute { Attribute("step", value) }
    public static func pattern(_ value: String?) -> Attribute { Attribute("pattern", value) }
    public static func inputmode(_ value: String?) -> Attribute { Attribute("inputmode", value) }
    public static func autocomplete(_ value: String?) -> Attribute { Attribute("autocomplete", value) }
    public static func ariaLabel(_ value: String?) -> Attribute { Attribute("aria-label", value) }
    public static func ariaCurrent(_ value: String?) -> Attribute { Attribute("aria-current", value) }
    public static func ariaHidden(_ value: String?) -> Attribute { Attribute("aria-hidden", value) }
    public static func ariaPressed(_ value: String?) -> Attribute { Attribute("aria-pressed", value) }
    public static func ariaDescribedby(_ value: String?) -> Attribute { Attribute("aria-describedby", value) }
    public static func enctype(_ value: String?) -> Attribute { Attribute("enctype", value) }
    public static func accept(_ value: String?) -> Attribute { Attribute("accept", value) }
    public static func target(_ value: String?) -> Attribute { Attribute("target", value) }
    public static func download(_ value: String?) -> Attribute { Attribute("download", value) }
    public static func rows(_ value: String?) -> Attribute { Attribute("rows", value) }
    public static func cols(_ value: String?) -> Attribute { Attribute("cols", value) }
    public static func colspan(_ value: String?) -> Attribute { Attribute("colspan", value) }
    public static func rowspan(_ value: String?) -> Attribute { Attribute("rowspan", value) }
    public static func scope(_ value: String?) -> Attribute { Attribute("scope", value) }
    public static func form(_ value: String?) -> Attribute { Attribute("form", value) }
    public static func datetime(_ value: String?) -> Attribute { Attribute("datetime", value) }
    public static func style(_ value: String?) -> Attribute { Attribute("style", value) }
    public static func width(_ value: String?) -> Attribute { Attribute("width", value) }
    public static func height(_ value: String?) -> Attribute { Attribute("height", value) }
    public static func viewBox(_ value: String?) -> Attribute { Attribute("viewBox", value) }

    public static func value(_ value: Int) -> Attribute { Attribute("value", String(value)) }
    public static func min(_ value: Int) -> Attribute { Attribute("min", String(value)) }
    public static func max(_ value: Int) -> Attribute { Attribute("max", String(value)) }
    public static func maxlength(_ value: Int) -> Attribute { Attribute("maxlength", String(value)) }
    public static func minlength(_ value: Int) -> Attribute { Attribute("minlength", String(value)) }
    public static func step(_ value: Int) -> Attribute { Attribute("step", String(value)) }
    public static func rows(_ value: Int) -> Attribute { Attribute("rows", String(value)) }
    public static func cols(_ value: Int) -> Attribute { Attribute("cols", String(value)) }
    public static func colspan(_ value: Int) -> Attribute { Attribute("colspan", String(value)) }
    public static func rowspan(_ value: Int) -> Attribute { Attribute("rowspan", String(value)) }
    public static func width(_ value: Int) -> Attribute { Attribute("width", String(value)) }
    public static func height(_ value: Int) -> Attribute { Attribute("height", String(value)) }

    public static func selected(_ on: Bool = true) -> Attribute { .flag("selected", on) }
    public static func checked(_ on: Bool = true) -> Attribute { .flag("checked", on) }
    public static func disabled(_ on: Bool = true) -> Attribute { .flag("disabled", on) }
    public static func required(_ on: Bool = true) -> Attribute { .flag("required", on) }
    public static func hidden(_ on: Bool = true) -> Attribute { .flag("hidden", on) }
    public static func readonly(_ on: Bool = true) -> Attribute { .flag("readonly", on) }
    public static func multiple(_ on: Bool = true) -> Attribute { .flag("multiple", on) }
    public static func `open`(_ on: Bool = true) -> Attribute { .flag("open", on) }
    public static func `defer`(_ on: Bool = true) -> Attribute { .flag("defer", on) }
    public static func autofocus(_ on: Bool = true) -> Attribute { .flag("autofocus", on) }
}
