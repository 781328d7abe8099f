import Foundation
import ZIPFoundation

/// A Word document (.docx) written by our own code: a title, headings, paragraphs and simple tables, in styles that
/// Word and WPS both know (标题, 标题 1, 正文), with 宋体/黑体 named for the Chinese text.
public struct DOCXDocument: Sendable {
    public enum Block: Sendable, Equatable {
        case title(String)
        case heading(String)
        case paragraph(String)
        /// The first row is the header row.
        case table([[String]])
    }

    public var blocks: [Block]

    public init(_ blocks: [Block] = []) { self.blocks = blocks }

    public mutating func append(_ block: Block) { blocks.append(block) }

    public func write(to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        try archive.addText("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>
            """)
        try archive.addText("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>
            """)
        try archive.addText("docProps/core.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(XLSXWriter.escape(title))</dc:title><dc:creator>智慧党建平台</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">\(Date().formatted(.iso8601))</dcterms:created></cp:coreProperties>
            """)
        try archive.addText("docProps/app.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Dangjian</Application></Properties>
            """)
        try archive.addText("word/_rels/document.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """)
        try archive.addText("word/styles.xml", Self.styles)
        try archive.addText("word/document.xml", documentXML)
    }

    var title: String {
        for case .title(let text) in blocks { return text }
        return ""
    }

    /// The body part: one `w:p` per paragraph (line breaks inside a text become `w:br`), tables with borders.
    public var documentXML: String {
        var body = ""
        for block in blocks {
            switch block {
            case .title(let text): body += Self.paragraph(text, style: "Title")
            case .heading(let text): body += Self.paragraph(text, style: "Heading1")
            case .paragraph(let text): body += Self.paragraph(text, style: nil)
            case .table(let rows): body += Self.table(rows)
            }
        }
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#
            + body
            + #"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    }

    static func run(_ text: String) -> String {
        text.components(separatedBy: "\n").map { #"<w:t xml:space="preserve">"# + XLSXWriter.escape($0) + "</w:t>" }.joined(separator: "<w:br/>")
    }

    static func paragraph(_ text: String, style: String?) -> String {
        let properties = style.map { #"<w:pPr><w:pStyle w:val="\#($0)"/></w:pPr>"# } ?? ""
        return "<w:p>\(properties)<w:r>\(run(text))</w:r></w:p>"
    }

    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return "" }
        let width = 9000 / columns
        var xml = #"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>"#
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += #"<w:\#(side) w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#
        }
        xml += "</w:tblBorders></w:tblPr><w:tblGrid>" + String(repeating: #"<w:gridCol w:w="\#(width)"/>"#, count: columns) + "</w:tblGrid>"
        for (index, row) in rows.enumerated() {
            xml += "<w:tr>"
            for column in 0..<columns {
                let text = column < row.count ? row[column] : ""
                let bold = index == 0 ? "<w:rPr><w:b/></w:rPr>" : ""
                xml += #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/></w:tcPr><w:p><w:r>\#(bold)\#(run(text))</w:r></w:p></w:tc>"#
            }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl><w:p/>"
    }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/><w:spacing w:before="240" w:after="360"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style></w:styles>
        """
}
