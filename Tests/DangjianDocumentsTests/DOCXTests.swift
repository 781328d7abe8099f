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

    @Test("whatever text a user typed — every control character, U+FFFE, markup, a megabyte — the document stays well-formed XML")
    func hostileText() throws {
        var generator = SystemRandomNumberGenerator()
        var samples = [String((0..<0x20).compactMap { Unicode.Scalar($0).map(Character.init) }), "\u{FFFE}\u{FFFF}</w:t><w:p>&amp;",
                       "]]><!DOCTYPE x [<!ENTITY a \"b\">]>&a;", String(repeating: "党", count: 350_000)]
        for _ in 0..<20 {
            samples.append(String((0..<200).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x2FFFF, using: &generator)).map(Character.init) }))
        }
        for (index, sample) in samples.enumerated() {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).docx")
            defer { try? FileManager.default.removeItem(at: url) }
            try DOCXDocument([.title(sample), .heading(sample), .paragraph(sample), .table([[sample, "x"]])]).write(to: url)
            let archive = try Archive(url: url, accessMode: .read)
            for part in ["word/document.xml", "docProps/core.xml"] {
                guard let entry = archive[part] else { continue }
                var xml = Data()
                _ = try archive.extract(entry) { xml.append($0) }
                #expect(XMLParser(data: xml).parse(), "sample \(index), \(part)")
            }
        }
    }
}
