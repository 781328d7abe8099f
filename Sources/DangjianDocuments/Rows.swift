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

    public var description: String {
        switch self {
        case .notASpreadsheet: "文件不是 Excel（.xlsx）或 CSV 表格"
        case .missingPart(let part): "Excel 文件不完整，缺少 \(part)；请用 Excel 或 WPS 另存为 .xlsx 后重试"
        case .malformed(let detail): "Excel 文件内容有误（\(detail)）；请用 Excel 或 WPS 另存为 .xlsx 后重试"
        case .unreadableEncoding: "无法识别 CSV 文件的文字编码；请另存为 UTF-8 或 GBK 编码的 CSV"
        }
    }
}

/// Opens `url` as whichever of the two formats it is.
public func openSpreadsheet(_ url: URL) throws -> any RowSource {
    switch try SpreadsheetFormat.detect(url) {
    case .xlsx: try XLSXReader(url: url)
    case .csv: try CSVReader(url: url)
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
    var seen = false
    for byte in reference {
        guard byte >= 65 && byte <= 90 else { break }
        index = index * 26 + Int(byte - 64)
        seen = true
    }
    return seen ? index - 1 : nil
}
