import Foundation

/// A spreadsheet read row by row, without holding the file: `.xlsx` (first sheet) or `.csv` (UTF-8 or GBK).
public protocol RowSource {
    /// Calls `body` with each row's 1-based number in the file and its cells, in order; stops when `body` throws.
    func forEachRow(_ body: (Int, [String]) throws -> Void) throws
}

public enum SpreadsheetFormat: String, Sendable {
    case xlsx, csv

    /// By content, not by name: an `.xlsx` is a ZIP file (`PK\u{3}\u{4}`).
    public static func detect(_ url: URL) throws -> SpreadsheetFormat {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 4) ?? Data()
        return head.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? .xlsx : .csv
    }
}

public enum SpreadsheetError: Error, Equatable, CustomStringConvertible {
    case notASpreadsheet
    case missingPart(String)
    case malformed(String)
    case unreadableEncoding
    /// A part, a cell or a row beyond what any real roster holds (a ZIP bomb, a cell of megabytes): refused, not read.
    case tooLarge(String)

    public var description: String {
        switch self {
        case .notASpreadsheet: "文件不是 Excel（.xlsx）或 CSV 表格"
        case .missingPart(let part): "Excel 文件不完整，缺少 \(part)；请用 Excel 或 WPS 另存为 .xlsx 后重试"
        case .malformed(let detail): "Excel 文件内容有误（\(detail)）；请用 Excel 或 WPS 另存为 .xlsx 后重试"
        case .unreadableEncoding: "无法识别 CSV 文件的文字编码；请另存为 UTF-8 或 GBK 编码的 CSV"
        case .tooLarge(let what): "文件中\(what)超出上限，无法读取；请检查文件是否损坏，或分成几个文件导入"
        }
    }
}

/// What a roster file may hold. Beyond it the file is refused with `SpreadsheetError.tooLarge` before it can take the
/// server's memory or time: a ZIP bomb, a cell of megabytes, a row of a million commas, XML nested thousands deep.
public struct SpreadsheetLimits: Sendable {
    /// The workbook and its relationships (a real one is a few kilobytes).
    public var partBytes = 1 << 20
    /// The first worksheet, inflated (a million-row roster is about half a gigabyte).
    public var sheetBytes = 4 << 30
    /// Excel's table of distinct texts, held in memory while the sheet is read.
    public var sharedStringBytes = 256 << 20
    /// How many times its compressed size a part may inflate to (real sheets: 5–30)…
    public var ratio = 200
    /// …once it is past this size, so that small parts of unusual content are never refused.
    public var ratioFloorBytes = 16 << 20
    /// One cell: Excel's limit is 32,767 characters, at most 4 bytes each in UTF-8.
    public var cellBytes = 32_767 * 4
    /// Cells in one row (Excel's last column is XFD, 16,384).
    public var cellsPerRow = 16_384
    /// Elements open at once in the small parts.
    public var nesting = 64

    public init() {}
}

/// Opens `url` as whichever of the two formats it is.
public func openSpreadsheet(_ url: URL, limits: SpreadsheetLimits = SpreadsheetLimits()) throws -> any RowSource {
    switch try SpreadsheetFormat.detect(url) {
    case .xlsx: try XLSXReader(url: url, limits: limits)
    case .csv: try CSVReader(url: url, limits: limits)
    }
}

/// Excel's column letters: 0 → A, 25 → Z, 26 → AA.
public func columnName(_ index: Int) -> String {
    var name = ""
    var n = index + 1
    while n > 0 {
        let remainder = (n - 1) % 26
        name = String(UnicodeScalar(UInt8(65 + remainder))) + name
        n = (n - 1) / 26
    }
    return name
}

/// The 0-based column of a cell reference such as `AB12`.
func columnIndex(ofReference reference: some Collection<UInt8>) -> Int? {
    var index = 0
    var letters = 0
    for byte in reference {
        guard byte >= 65 && byte <= 90 else { break }
        // Excel's last column is XFD: a longer run of letters is not a reference (and would overflow).
        guard letters < 3 else { return nil }
        index = index * 26 + Int(byte - 64)
        letters += 1
    }
    return letters > 0 ? index - 1 : nil
}
