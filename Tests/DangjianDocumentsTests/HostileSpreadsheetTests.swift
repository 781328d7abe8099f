import Foundation
import Testing
import ZIPFoundation
@testable import DangjianDocuments

/// Files built to hurt the reader: each must be read or refused with a Chinese message, never stop the process or
/// take memory and time out of proportion to the file.
@Suite("Hostile spreadsheets")
struct HostileSpreadsheetTests {
    static let workbook = #"<?xml version="1.0"?><workbook xmlns:r="r"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    static let relations = #"<?xml version="1.0"?><Relationships><Relationship Id="rId1" Type="t/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="t/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#

    /// An `.xlsx` made of the given parts; the workbook and relationships default to a one-sheet book.
    static func workbook(_ parts: [String: Data]) throws -> URL {
        let url = SpreadsheetTests.temporary("hostile.xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        var all = ["xl/workbook.xml": Data(workbook.utf8), "xl/_rels/workbook.xml.rels": Data(relations.utf8)]
        all.merge(parts) { _, new in new }
        for (path, data) in all.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    static func sheet(_ rows: String) -> Data {
        Data(#"<?xml version="1.0"?><worksheet><sheetData>\#(rows)</sheetData></worksheet>"#.utf8)
    }

    static func read(_ url: URL, limits: SpreadsheetLimits = SpreadsheetLimits()) throws -> [[String]] {
        var rows: [[String]] = []
        try openSpreadsheet(url, limits: limits).forEachRow { _, cells in rows.append(cells) }
        return rows
    }

    @Test("a negative or too large shared-string index reads as an empty cell")
    func sharedStringIndex() throws {
        let url = try Self.workbook([
            "xl/sharedStrings.xml": Data("<sst><si><t>张三</t></si></sst>".utf8),
            "xl/worksheets/sheet1.xml": Self.sheet(#"<row r="1"><c r="A1" t="s"><v>-1</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>7</v></c><c r="D1" t="s"><v>99999999999999999999</v></c></row>"#),
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Self.read(url) == [["", "张三"]])
    }

    @Test("a cell reference of 14 letters or a negative row does not overflow; the cell keeps its order")
    func longColumnReference() throws {
        let url = try Self.workbook([
            "xl/worksheets/sheet1.xml": Self.sheet(#"<row r="-5"><c r="ABCDEFGHIJKLMN1"><v>1</v></c><c r="XFE1"><v>2</v></c><c r="B1"><v>3</v></c></row>"#),
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Self.read(url) == [["1", "3"]])
        #expect(columnIndex(ofReference: Array("ZZZZZZZZZZZZZZ1".utf8)) == nil)
        #expect(columnIndex(ofReference: Array("XFD1".utf8)) == 16_383)
    }

    @Test("a ZIP bomb stops once it inflates past its ratio, with a Chinese message")
    func zipBomb() throws {
        let row = Data(#"<row><c><v>0</v></c></row>"#.utf8)
        var rows = Data()
        rows.reserveCapacity(row.count * 250_000)
        for _ in 0..<250_000 { rows.append(row) }
        let url = try Self.workbook(["xl/worksheets/sheet1.xml": Self.sheet(String(decoding: rows, as: UTF8.self))])
        defer { try? FileManager.default.removeItem(at: url) }
        var limits = SpreadsheetLimits()
        limits.ratioFloorBytes = 1 << 20
        var read = 0
        #expect(throws: SpreadsheetError.tooLarge("工作表 解压后的大小")) {
            try openSpreadsheet(url, limits: limits).forEachRow { _, _ in read += 1 }
        }
        #expect(read < 250_000, "refused before the whole sheet was read")
        #expect(SpreadsheetError.tooLarge("工作表 解压后的大小").description.contains("超出上限"))
        // The same file under the default floor (16 MB) is an ordinary 6 MB sheet and reads whole.
        #expect(try Self.read(url).count == 250_000)
    }

    @Test("a huge shared string or cell is refused, not held")
    func hugeStrings() throws {
        let huge = String(repeating: "党", count: 50_000)
        let shared = try Self.workbook([
            "xl/sharedStrings.xml": Data("<sst><si><t>\(huge)</t></si></sst>".utf8),
            "xl/worksheets/sheet1.xml": Self.sheet(#"<row><c t="s"><v>0</v></c></row>"#),
        ])
        defer { try? FileManager.default.removeItem(at: shared) }
        #expect(throws: SpreadsheetError.tooLarge("单元格的文字")) { try Self.read(shared) }
        let inline = try Self.workbook(["xl/worksheets/sheet1.xml": Self.sheet("<row><c t=\"inlineStr\"><is><t>\(huge)</t></is></c></row>")])
        defer { try? FileManager.default.removeItem(at: inline) }
        #expect(throws: SpreadsheetError.tooLarge("单元格的文字")) { try Self.read(inline) }
    }

    @Test("a workbook nested thousands deep is refused before it is decoded")
    func deepNesting() throws {
        let deep = String(repeating: "<a>", count: 20_000) + String(repeating: "</a>", count: 20_000)
        let url = try Self.workbook(["xl/workbook.xml": Data("<workbook>\(deep)</workbook>".utf8), "xl/worksheets/sheet1.xml": Self.sheet("")])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: SpreadsheetError.tooLarge("xl/workbook.xml 的嵌套层数")) { try Self.read(url) }
    }

    @Test("a tag that never closes is refused once it passes 64 KB")
    func endlessTag() throws {
        let url = try Self.workbook(["xl/worksheets/sheet1.xml": Data(("<worksheet><sheetData><row a=\"" + String(repeating: "x", count: 200_000)).utf8)])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: SpreadsheetError.tooLarge("XML 标签的长度")) { try Self.read(url) }
    }

    @Test("a truncated archive is refused with a message, wherever it is cut")
    func truncated() throws {
        let url = try Self.workbook(["xl/worksheets/sheet1.xml": Self.sheet(String(repeating: #"<row><c t="inlineStr"><is><t>王五</t></is></c></row>"#, count: 2_000))])
        defer { try? FileManager.default.removeItem(at: url) }
        let whole = try Data(contentsOf: url)
        for fraction in [0.1, 0.3, 0.5, 0.7, 0.9, 0.99] {
            try whole.prefix(Int(Double(whole.count) * fraction)).write(to: url)
            #expect(throws: SpreadsheetError.self) { try Self.read(url) }
        }
        // Damage inside the compressed sheet, with the directory intact: refused, or read as whatever it inflates to.
        for start in stride(from: whole.count / 3, to: whole.count * 2 / 3, by: 97) {
            var damaged = whole
            for offset in start..<min(start + 16, damaged.count) { damaged[offset] ^= 0x5A }
            try damaged.write(to: url)
            do { _ = try Self.read(url) } catch { #expect(error is SpreadsheetError, "\(error)") }
        }
    }

    @Test("text and entities cut anywhere between chunks read the same as in one piece")
    func scannerAcrossChunks() throws {
        let xml = Array(#"<si><t>王&amp;五 &#x515A;员</t></si><si><t>&lt;李四&gt;</t></si>"#.utf8)
        func events(chunk size: Int) throws -> String {
            // Text may come in several events (the readers append their bytes); a tag ends it.
            var scanner = XMLScanner()
            var out = ""
            var text: [UInt8] = []
            var offset = 0
            while offset < xml.count {
                let end = min(xml.count, offset + size)
                try scanner.feed(Data(xml[offset..<end])) { event in
                    if case .text(let bytes) = event { text += bytes; return }
                    out += String(decoding: text, as: UTF8.self)
                    text = []
                    switch event {
                    case .open(let name, _, _): out += "<\(name)>"
                    case .close(let name): out += "</\(name)>"
                    case .text: break
                    }
                }
                offset = end
            }
            return out
        }
        let whole = try events(chunk: xml.count)
        #expect(whole == "<si><t>王&五 党员</t></si><si><t><李四></t></si>")
        for size in 1...13 { #expect(try events(chunk: size) == whole, "chunks of \(size) bytes") }
    }

    @Test("a CSV row of a hundred thousand commas or a field of a megabyte is refused")
    func hostileCSV() throws {
        let wide = SpreadsheetTests.temporary("wide.csv")
        defer { try? FileManager.default.removeItem(at: wide) }
        try Data(("姓名\n" + String(repeating: ",", count: 100_000) + "\n").utf8).write(to: wide)
        #expect(throws: SpreadsheetError.tooLarge("一行的列数")) { try Self.read(wide) }
        let long = SpreadsheetTests.temporary("long.csv")
        defer { try? FileManager.default.removeItem(at: long) }
        try Data(("\"" + String(repeating: "a", count: 1 << 20) + "\"\n").utf8).write(to: long)
        #expect(throws: SpreadsheetError.tooLarge("单元格的文字")) { try Self.read(long) }
    }

    @Test("a CSV that is neither UTF-8 nor GB18030 is refused")
    func wrongEncoding() throws {
        let url = SpreadsheetTests.temporary("utf16.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        // UTF-16LE with a BOM, as some tools save: not valid UTF-8, and 0xFF is not a GB18030 lead byte.
        var data = Data([0xFF, 0xFE])
        data.append("姓名,性别\r\n".data(using: .utf16LittleEndian) ?? Data())
        try data.write(to: url)
        #expect(throws: SpreadsheetError.unreadableEncoding) { try Self.read(url) }
    }
}
