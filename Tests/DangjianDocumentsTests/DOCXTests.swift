import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import DangjianDocuments

@Suite("Word documents (.docx)")
struct DOCXTests {
    @Test("a report opens as a package with its parts; Chinese text, line breaks and markup characters survive")
    func package() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).docx")
        defer { try? FileManager.default.removeItem(at: url) }
        let document = DOCXDocument([
            .title("东岗村党支部支部党员大会活动总结报告"), .heading("一、基本情况"), .paragraph("主题：<学习> & 讨论\n第二行"),
            .table([["时间", "类型"], ["2026-11-20", "党课"]]),
        ])
        try document.write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        let names = Set(archive.map(\.path))
        #expect(names.isSuperset(of: ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"]))
        var xml = Data()
        _ = try archive.extract(archive["word/document.xml"]!) { xml.append($0) }
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("东岗村党支部支部党员大会活动总结报告"))
        #expect(text.contains("主题：&lt;学习&gt; &amp; 讨论</w:t><w:br/>"))
        #expect(text.contains(#"<w:pStyle w:val="Heading1"/>"#))
        #expect(text.contains("<w:tbl>") && text.contains("2026-11-20"))
        // Well-formed XML: the parser reads the whole body.
        let parser = XMLParser(data: xml)
        #expect(parser.parse())
    }
}
