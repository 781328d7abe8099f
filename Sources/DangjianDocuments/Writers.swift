import Foundation
import ZIPFoundation

/// Writes a spreadsheet row by row to a file, without holding the rows.
public protocol RowSink: AnyObject {
    func write(_ cells: [String]) throws
    /// Completes the file; nothing may be written after.
    func finish() throws
}

/// CSV as Excel and WPS open it on Chinese systems: UTF-8 with a byte-order mark, CRLF line ends, quotes where needed.
/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is written with a leading apostrophe.
public final class CSVWriter: RowSink {
    private let handle: FileHandle
    private var buffer = Data()

    public init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: Data([0xEF, 0xBB, 0xBF])) else {
            throw CocoaError(.fileWriteUnknown)
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    public func write(_ cells: [String]) throws {
        var line = cells.map(Self.field).joined(separator: ",")
        line += "\r\n"
        buffer.append(contentsOf: line.utf8)
        if buffer.count > 1 << 16 { try flush() }
    }

    static func field(_ value: String) -> String {
        var text = neutralized(value)
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// Spreadsheet formula injection: text from users never starts a formula in the exported file.
    static func neutralized(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
        if first == "-", Double(value) != nil { return value }
        return "'" + value
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func finish() throws {
        try flush()
        try handle.close()
    }
}

/// `.xlsx` with one worksheet, text cells written inline (no shared-string table, so rows stream straight to disk),
/// a bold frozen header row and column widths. The sheet is written to a temporary file and then deflated into the
/// package in chunks.
public final class XLSXWriter: RowSink {
    private let url: URL
    private let sheetURL: URL
    private let handle: FileHandle
    private var buffer = Data()
    private var rowNumber = 0
    private let sheetName: String
    private let widths: [Int]

    /// `widths` are column widths in characters (Excel's unit), for as many columns as given.
    public init(url: URL, sheetName: String = "Sheet1", widths: [Int] = []) throws {
        self.url = url
        self.sheetName = sheetName
        self.widths = widths
        sheetURL = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent)-\(UUID().uuidString).sheet.xml")
        guard FileManager.default.createFile(atPath: sheetURL.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        handle = try FileHandle(forWritingTo: sheetURL)
        var head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        head += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        head += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        if !widths.isEmpty {
            head += "<cols>" + widths.enumerated().map { #"<col min="\#($0.offset + 1)" max="\#($0.offset + 1)" width="\#($0.element)" customWidth="1"/>"# }.joined() + "</cols>"
        }
        head += "<sheetData>"
        buffer.append(contentsOf: head.utf8)
    }

    public func write(_ cells: [String]) throws {
        rowNumber += 1
        let style = rowNumber == 1 ? #" s="1""# : ""
        var xml = #"<row r="\#(rowNumber)">"#
        for (index, cell) in cells.enumerated() where !cell.isEmpty {
            xml += #"<c r="\#(columnName(index))\#(rowNumber)" t="inlineStr"\#(style)><is><t xml:space="preserve">"#
            xml += Self.escape(cell)
            xml += "</t></is></c>"
        }
        xml += "</row>"
        buffer.append(contentsOf: xml.utf8)
        if buffer.count > 1 << 16 { try flush() }
    }

    /// XML-escaped, with the control characters XML 1.0 forbids removed.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func finish() throws {
        buffer.append(contentsOf: "</sheetData></worksheet>".utf8)
        try flush()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: sheetURL) }
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ path: String, _ text: String) throws { try archive.addText(path, text) }
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>
            """)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>
            """)
        try add("docProps/core.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>智慧党建平台</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">\(Date().formatted(.iso8601))</dcterms:created></cp:coreProperties>
            """)
        try add("docProps/app.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Dangjian</Application></Properties>
            """)
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(Self.escape(String(sheetName.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """)
        try add("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/></cellXfs></styleSheet>
            """)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: sheetURL, compressionMethod: .deflate)
    }
}

extension Archive {
    /// Adds a text part (UTF-8, deflated) to an Office Open XML package.
    func addText(_ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
