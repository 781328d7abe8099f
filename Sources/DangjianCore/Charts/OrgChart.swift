/// One box of the organization chart.
public struct OrgChartNode: Sendable {
    public let id: Int
    public let name: String
    /// The second line, for example `党支部 · 32 人`.
    public let caption: String
    /// Where the box links to, already a path on this site.
    public let link: String?
    public let highlighted: Bool
    public var children: [OrgChartNode]

    public init(id: Int, name: String, caption: String, link: String?, highlighted: Bool = false,
                children: [OrgChartNode] = []) {
        self.id = id
        self.name = name
        self.caption = caption
        self.link = link
        self.highlighted = highlighted
        self.children = children
    }

    var isLeaf: Bool { children.isEmpty }
}

/// 组织架构图 — renders a subtree as SVG that stays readable with a few hundred boxes: children that have no
/// children of their own are stacked in one column under their parent instead of spreading sideways, and only
/// organizations with children of their own open a new column.
public struct OrgChartRenderer: Sendable {
    /// Names of up to 12 characters and captions at 14 px fit without being cut.
    public var boxWidth: Double = 200
    public var boxHeight: Double = 54
    public var columnGap: Double = 18
    public var rowGap: Double = 30
    public var stackGap: Double = 8
    public var stackIndent: Double = 18
    public var margin: Double = 16
    public var fontSize: Double = 15

    public init() {}

    /// The chart as a drawing a page may embed.
    public func document(_ root: OrgChartNode, title: String) -> SVGDocument { SVGDocument(markup: render(root, title: title)) }

    public func render(_ root: OrgChartNode, title: String) -> String {
        let layout = measure(root)
        let width = layout.width + 2 * margin
        let height = layout.height + 2 * margin
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" class="org-chart" role="img" aria-label="\(SVG.escape(title))" \
        width="\(SVG.number(width))" height="\(SVG.number(height))" viewBox="0 0 \(SVG.number(width)) \(SVG.number(height))" \
        font-family="Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif">
        <title>\(SVG.escape(title))</title>
        <style>.oc-box{fill:#fff;stroke:#c8161d;stroke-width:1.2}.oc-hl{fill:#fdecea}.oc-name{font-size:\(SVG.number(fontSize))px;fill:#222}\
        .oc-cap{font-size:\(SVG.number(fontSize - 1))px;fill:#666}.oc-line{stroke:#b9b9b9;stroke-width:1;fill:none}a:hover .oc-box{fill:#fff4f3}</style>

        """
        draw(layout, x: margin, y: margin, into: &out)
        out += "</svg>\n"
        return out
    }

    /// The size of a subtree and how its children are placed.
    struct Layout {
        let node: OrgChartNode
        let width: Double
        let height: Double
        /// Children without children of their own, stacked in the first column.
        let stacked: [OrgChartNode]
        /// Children with children of their own, each a column of its own.
        let columns: [Layout]
    }

    func measure(_ node: OrgChartNode) -> Layout {
        let stacked = node.children.filter(\.isLeaf)
        let columns = node.children.filter { !$0.isLeaf }.map(measure)
        if stacked.isEmpty && columns.isEmpty {
            return Layout(node: node, width: boxWidth, height: boxHeight, stacked: [], columns: [])
        }
        var columnWidths: [Double] = columns.map(\.width)
        var columnHeights: [Double] = columns.map(\.height)
        if !stacked.isEmpty {
            columnWidths.insert(stackIndent + boxWidth, at: 0)
            columnHeights.insert(Double(stacked.count) * (boxHeight + stackGap) - stackGap, at: 0)
        }
        let childrenWidth = columnWidths.reduce(0, +) + columnGap * Double(columnWidths.count - 1)
        return Layout(node: node, width: max(boxWidth, childrenWidth), height: boxHeight + rowGap + columnHeights.max()!,
                      stacked: stacked, columns: columns)
    }

    func draw(_ layout: Layout, x: Double, y: Double, into out: inout String) {
        drawBox(layout.node, x: x, y: y, into: &out)
        guard !layout.stacked.isEmpty || !layout.columns.isEmpty else { return }
        let parentCenter = x + boxWidth / 2
        let busY = y + boxHeight + rowGap / 2
        let childTop = y + boxHeight + rowGap
        var cursor = x
        var columnCenters: [Double] = []
        if !layout.stacked.isEmpty {
            let spineX = cursor + stackIndent / 2
            columnCenters.append(spineX)
            var boxY = childTop
            for child in layout.stacked {
                let middle = boxY + boxHeight / 2
                out += "<path class=\"oc-line\" d=\"M\(SVG.number(spineX)) \(SVG.number(middle))H\(SVG.number(cursor + stackIndent))\"/>\n"
                drawBox(child, x: cursor + stackIndent, y: boxY, into: &out)
                boxY += boxHeight + stackGap
            }
            let lastMiddle = boxY - stackGap - boxHeight / 2
            out += "<path class=\"oc-line\" d=\"M\(SVG.number(spineX)) \(SVG.number(busY))V\(SVG.number(lastMiddle))\"/>\n"
            cursor += stackIndent + boxWidth + columnGap
        }
        for column in layout.columns {
            let center = cursor + boxWidth / 2
            columnCenters.append(center)
            out += "<path class=\"oc-line\" d=\"M\(SVG.number(center)) \(SVG.number(busY))V\(SVG.number(childTop))\"/>\n"
            draw(column, x: cursor, y: childTop, into: &out)
            cursor += column.width + columnGap
        }
        let left = min(parentCenter, columnCenters.min()!)
        let right = max(parentCenter, columnCenters.max()!)
        out += "<path class=\"oc-line\" d=\"M\(SVG.number(parentCenter)) \(SVG.number(y + boxHeight))V\(SVG.number(busY))"
            + "M\(SVG.number(left)) \(SVG.number(busY))H\(SVG.number(right))\"/>\n"
    }

    func drawBox(_ node: OrgChartNode, x: Double, y: Double, into out: inout String) {
        let textWidth = boxWidth - 12
        let name = SVG.fit(node.name, width: textWidth, fontSize: fontSize)
        let caption = SVG.fit(node.caption, width: textWidth, fontSize: fontSize - 1)
        var box = "<g><title>\(SVG.escape(node.name))\n\(SVG.escape(node.caption))</title>"
        box += "<rect class=\"oc-box\(node.highlighted ? " oc-hl" : "")\" x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" "
        box += "width=\"\(SVG.number(boxWidth))\" height=\"\(SVG.number(boxHeight))\" rx=\"5\"/>"
        box += "<text class=\"oc-name\" x=\"\(SVG.number(x + 6))\" y=\"\(SVG.number(y + 22))\">\(SVG.escape(name))</text>"
        box += "<text class=\"oc-cap\" x=\"\(SVG.number(x + 6))\" y=\"\(SVG.number(y + 44))\">\(SVG.escape(caption))</text></g>"
        if let link = node.link {
            out += "<a href=\"\(SVG.escape(link))\">\(box)</a>\n"
        } else {
            out += box + "\n"
        }
    }
}
