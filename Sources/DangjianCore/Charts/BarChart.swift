/// A horizontal bar chart for the home-page distributions (age bands, education, categories).
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public let label: String
        public let value: Int

        public init(label: String, value: Int) {
            self.label = label
            self.value = value
        }
    }

    /// In user units; the chart scales to its box, so a card about 310 px wide (a 360 px phone) draws `fontSize` 16 at
    /// about 15 px, and the label and value columns take the room their longest text needs — nothing is clipped.
    public var width: Double = 320
    public var barHeight: Double = 20
    public var gap: Double = 9
    public var fontSize: Double = 16

    public init() {}

    /// The chart as a drawing a page may embed.
    public func document(_ bars: [Bar], title: String) -> SVGDocument { SVGDocument(markup: render(bars, title: title)) }

    public func render(_ bars: [Bar], title: String) -> String {
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        let total = bars.map(\.value).reduce(0, +)
        let height = Double(bars.count) * (barHeight + gap) + gap
        func valueText(_ bar: Bar) -> String {
            let share = total > 0 ? Double(bar.value) * 100 / Double(total) : 0
            return "\(bar.value)（\(SVG.number((share * 10).rounded() / 10))%）"
        }
        // The columns take what their longest text needs (a label at most 12 characters); the bars keep at least 64
        // units, widening the chart when the numbers are long rather than cutting them.
        let valueWidth = (bars.map { SVG.textWidth(valueText($0), fontSize: fontSize) }.max() ?? 0) + 8
        let labelWidth = min(bars.map { SVG.textWidth($0.label, fontSize: fontSize) }.max() ?? 0, 12 * fontSize) + 8
        let width = max(self.width, labelWidth + valueWidth + 64)
        let track = width - labelWidth - valueWidth
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" aria-label="\(SVG.escape(title))" \
        viewBox="0 0 \(SVG.number(width)) \(SVG.number(height))" width="100%" preserveAspectRatio="xMinYMin meet" \
        font-family="Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif">
        <title>\(SVG.escape(title))</title>

        """
        for (index, bar) in bars.enumerated() {
            let y = gap + Double(index) * (barHeight + gap)
            let length = track * Double(bar.value) / Double(maximum)
            let textY = SVG.number(y + barHeight / 2 + fontSize / 2 - 2)
            out += "<text x=\"0\" y=\"\(textY)\" font-size=\"\(SVG.number(fontSize))\" fill=\"#333\">"
            out += "\(SVG.escape(SVG.fit(bar.label, width: labelWidth - 6, fontSize: fontSize)))</text>"
            out += "<rect x=\"\(SVG.number(labelWidth))\" y=\"\(SVG.number(y))\" width=\"\(SVG.number(track))\" "
            out += "height=\"\(SVG.number(barHeight))\" fill=\"#f3f3f3\"/>"
            out += "<rect x=\"\(SVG.number(labelWidth))\" y=\"\(SVG.number(y))\" width=\"\(SVG.number(length))\" "
            out += "height=\"\(SVG.number(barHeight))\" fill=\"#c8161d\"><title>\(SVG.escape(bar.label))：\(bar.value)</title></rect>"
            out += "<text x=\"\(SVG.number(width))\" y=\"\(textY)\" text-anchor=\"end\" font-size=\"\(SVG.number(fontSize))\" fill=\"#333\">"
            out += "\(SVG.escape(SVG.fit(valueText(bar), width: valueWidth - 4, fontSize: fontSize)))</text>\n"
        }
        out += "</svg>\n"
        return out
    }
}
