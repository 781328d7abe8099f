import Foundation
import Testing
import ZIPFoundation
@testable import DangjianDocuments

@Suite("Spreadsheets in and out")
struct SpreadsheetTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dj-doc-\(UUID().uuidString)-\(name)")
    }

    static func rows(_ url: URL) throws -> [(Int, [String])] {
        var rows: [(Int, [String])] = []
        try openSpreadsheet(url).forEachRow { rows.append(($0, $1)) }
        return rows
    }

    static let sample: [[String]] = [
        ["姓名", "公民身份号码", "工作单位及职务", "备注"],
        ["张三", "41990119850314124X", "东岗村 \"会计\"", ""],
        ["李四", "", "县委组织部 <科员> & 干事", "多行\n说明"],
        ["=HYPERLINK(\"x\")", "0123", "", "尾"],
    ]

    @Test("what our .xlsx writer writes, our reader reads back cell for cell")
    func xlsxRoundTrip() throws {
        let url = Self.temporary("out.xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try XLSXWriter(url: url, sheetName: "党员名册", widths: [10, 22, 30, 10])
        for row in Self.sample { try writer.write(row) }
        try writer.finish()
        #expect(try SpreadsheetFormat.detect(url) == .xlsx)
        let read = try Self.rows(url)
        #expect(read.map(\.0) == [1, 2, 3, 4])
        #expect(read[0].1 == Self.sample[0])
        #expect(read[1].1 == ["张三", "41990119850314124X", "东岗村 \"会计\""])
        #expect(read[2].1 == Self.sample[2])
        #expect(read[3].1 == Self.sample[3])
        // No temporary sheet file is left beside the output.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            .filter { $0.contains(url.lastPathComponent) && $0 != url.lastPathComponent }
        #expect(leftovers.isEmpty)
    }

    @Test("what our CSV writer writes (UTF-8 with BOM, CRLF, quotes) reads back, with formulas neutralized")
    func csvRoundTrip() throws {
        let url = Self.temporary("out.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try CSVWriter(url: url)
        for row in Self.sample { try writer.write(row) }
        try writer.finish()
        let bytes = try Data(contentsOf: url)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let read = try Self.rows(url)
        #expect(read.count == 4)
        #expect(read[1].1 == Self.sample[1])
        #expect(read[2].1 == Self.sample[2])
        #expect(read[3].1[0] == "'=HYPERLINK(\"x\")")
        #expect(read.map(\.0) == [1, 2, 3, 5], "a row is numbered by the line it starts on")
    }

    @Test("a GBK CSV, as Excel saves it on Chinese Windows, is detected and read")
    func gbk() throws {
        let url = Self.temporary("gbk.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes: [UInt8] = [208, 213, 195, 251, 44, 208, 212, 177, 240, 44, 200, 235, 181, 179, 202, 177, 188, 228, 13, 10, 213, 197,
                              200, 253, 44, 196, 208, 44, 50, 48, 48, 49, 45, 48, 55, 45, 48, 49, 13, 10, 34, 192, 238, 44, 203, 196,
                              34, 44, 197, 174, 44, 13, 10]
        try Data(bytes).write(to: url)
        #expect(try CSVReader(url: url).encoding == .gb18030)
        let read = try Self.rows(url)
        #expect(read.map(\.1) == [["姓名", "性别", "入党时间"], ["张三", "男", "2001-07-01"], ["李,四", "女", ""]])
    }

    @Test("a GBK character split across read chunks is kept whole")
    func gbkAcrossChunks() throws {
        let url = Self.temporary("gbk-long.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        // "张三,男\r\n" in GBK, repeated so that characters fall across the 64 KiB chunk boundary.
        let line: [UInt8] = [213, 197, 200, 253, 44, 196, 208, 13, 10]
        var data = Data([UInt8(ascii: "x"), 44, UInt8(ascii: "y"), 13, 10])
        for _ in 0..<20_000 { data.append(contentsOf: line) }
        try data.write(to: url)
        var count = 0
        try CSVReader(url: url).forEachRow { _, cells in
            if count > 0 { #expect(cells == ["张三", "男"]) }
            count += 1
        }
        #expect(count == 20_001)
    }

    /// An `.xlsx` the way Excel writes it: shared strings (with rich text and a phonetic guide), sparse cells, a
    /// merged title row, a date typed as a number and booleans.
    static func excelStyleWorkbook() throws -> URL {
        let url = temporary("excel.xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("xl/workbook.xml", #"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId7"/><sheet name="其他" sheetId="2" r:id="rId8"/></sheets></workbook>"#)
        try add("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#)
        try add("xl/sharedStrings.xml", #"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>东岗村党员花名册</t></si><si><t>姓名</t></si><si><r><rPr><b/></rPr><t>入党</t></r><r><t>时间</t></r></si><si><t>王&amp;五</t><rPh sb="0" eb="1"><t>ワン</t></rPh></si><si><t xml:space="preserve"> 党员 </t></si></sst>"#)
        try add("xl/worksheets/sheet1.xml", #"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3"/></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c></row><row r="4" spans="1:3"><c r="A4" t="s"><v>3</v></c><c r="B4" t="b"><v>1</v></c><c r="C4"><v>37073</v></c><c r="D4" t="s"><v>4</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>"#)
        try add("xl/worksheets/sheet2.xml", #"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>不该读到</t></is></c></row></sheetData></worksheet>"#)
        return url
    }

    @Test("an Excel-style workbook: the first sheet by order, shared and rich strings, sparse cells, numbers and booleans")
    func excelStyle() throws {
        let url = try Self.excelStyleWorkbook()
        defer { try? FileManager.default.removeItem(at: url) }
        let read = try Self.rows(url)
        #expect(read.map(\.0) == [1, 2, 4])
        #expect(read[0].1 == ["东岗村党员花名册"])
        #expect(read[1].1 == ["姓名", "", "入党时间"])
        #expect(read[2].1 == ["王&五", "TRUE", "37073", " 党员 "])
    }

    @Test("a file that is neither is refused with a Chinese message")
    func garbage() throws {
        let url = Self.temporary("bad.xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]).write(to: url)
        #expect(throws: SpreadsheetError.notASpreadsheet) { try Self.rows(url) }
        #expect(SpreadsheetError.notASpreadsheet.description.contains("不是"))
    }

    @Test("column names and references")
    func columns() {
        #expect(columnName(0) == "A" && columnName(25) == "Z" && columnName(26) == "AA" && columnName(701) == "ZZ" && columnName(702) == "AAA")
        #expect(columnIndex(ofReference: Array("AB12".utf8)) == 27)
    }
}
