import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) in chunks. The encoding is detected
/// from the first bytes: UTF-8 (with or without BOM) when they are valid UTF-8, otherwise GBK/GB18030, the encoding
/// Excel uses for CSV on Chinese Windows.
public struct CSVReader: RowSource {
    public enum Encoding: Sendable, Equatable { case utf8, gb18030 }

    let url: URL
    public let encoding: Encoding
    let limits: SpreadsheetLimits
    static let chunkSize = 1 << 16

    public init(url: URL, limits: SpreadsheetLimits = SpreadsheetLimits()) throws {
        self.url = url
        self.limits = limits
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = [UInt8](try handle.read(upToCount: Self.chunkSize) ?? Data())
        self.encoding = Self.looksLikeUTF8(head) ? .utf8 : .gb18030
    }

    /// Valid UTF-8, allowing a sequence cut off at the end of the sample.
    static func looksLikeUTF8(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            if index + length > bytes.count { return bytes.count - index < 4 }
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    public func forEachRow(_ body: (Int, [String]) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let converter = try encoding == .gb18030 ? Transcoder(from: "GB18030") : nil
        var parser = CSVParser(limits: limits)
        var first = true
        while let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty {
            var bytes = try converter?.convert([UInt8](chunk)) ?? [UInt8](chunk)
            if first {
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                first = false
            }
            try parser.feed(bytes, emit: body)
        }
        if let converter, !converter.pending.isEmpty { throw SpreadsheetError.unreadableEncoding }
        try parser.finish(emit: body)
    }
}

/// The CSV state machine over UTF-8 bytes; keeps only the row being read.
struct CSVParser {
    let limits: SpreadsheetLimits
    private var field: [UInt8] = []
    private var row: [String] = []
    private var inQuotes = false
    private var quotePending = false
    private var sawAnything = false
    private var lastWasCR = false
    private(set) var rowNumber = 0
    /// Counts physical lines, so that a row's number is where it starts in the file.
    private var lineNumber = 1
    private var rowStartLine = 1

    init(limits: SpreadsheetLimits = SpreadsheetLimits()) { self.limits = limits }

    mutating func feed(_ bytes: [UInt8], emit: (Int, [String]) throws -> Void) throws {
        for byte in bytes {
            if quotePending {
                quotePending = false
                if byte == UInt8(ascii: "\"") {
                    field.append(byte)
                    continue
                }
                inQuotes = false
            }
            if inQuotes {
                if byte == UInt8(ascii: "\"") { quotePending = true } else {
                    if byte == 0x0A { lineNumber += 1 }
                    field.append(byte)
                    if field.count > limits.cellBytes { throw SpreadsheetError.tooLarge("单元格的文字") }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if field.isEmpty { inQuotes = true } else { field.append(byte) }
                sawAnything = true
            case UInt8(ascii: ","):
                try endField()
                sawAnything = true
            case 0x0D:
                try endRow(emit)
                lineNumber += 1
                lastWasCR = true
                continue
            case 0x0A:
                if !lastWasCR {
                    try endRow(emit)
                    lineNumber += 1
                }
            default:
                field.append(byte)
                if field.count > limits.cellBytes { throw SpreadsheetError.tooLarge("单元格的文字") }
                sawAnything = true
            }
            lastWasCR = false
        }
    }

    mutating func finish(emit: (Int, [String]) throws -> Void) throws {
        quotePending = false
        inQuotes = false
        try endRow(emit)
    }

    private mutating func endField() throws {
        guard row.count < limits.cellsPerRow else { throw SpreadsheetError.tooLarge("一行的列数") }
        row.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRow(_ emit: (Int, [String]) throws -> Void) throws {
        defer { rowStartLine = lineNumber + 1 }
        guard sawAnything || !field.isEmpty || !row.isEmpty else { return }
        try endField()
        let cells = row
        row.removeAll(keepingCapacity: true)
        sawAnything = false
        rowNumber += 1
        try emit(rowStartLine, cells)
    }
}

/// Converts a byte stream from another encoding to UTF-8 with iconv, keeping a character cut at a chunk's end for
/// the next chunk.
final class Transcoder {
    private let descriptor: iconv_t
    private(set) var pending: [UInt8] = []

    init(from encoding: String) throws {
        guard let descriptor = iconv_open("UTF-8", encoding), descriptor != iconv_t(bitPattern: -1) else {
            throw SpreadsheetError.unreadableEncoding
        }
        self.descriptor = descriptor
    }

    deinit { iconv_close(descriptor) }

    func convert(_ input: [UInt8]) throws -> [UInt8] {
        var source = pending + input
        pending = []
        var output = [UInt8](repeating: 0, count: source.count * 2 + 16)
        var produced = 0
        try source.withUnsafeMutableBufferPointer { sourceBuffer in
            try output.withUnsafeMutableBufferPointer { outputBuffer in
                guard let sourceStart = sourceBuffer.baseAddress, let outputStart = outputBuffer.baseAddress else { return }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(sourceStart).assumingMemoryBound(to: CChar.self)
                var inLeft = sourceBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputStart).assumingMemoryBound(to: CChar.self)
                var outLeft = outputBuffer.count
                while inLeft > 0 {
                    if iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                        if errno == EINVAL { break }
                        throw SpreadsheetError.unreadableEncoding
                    }
                }
                produced = outputBuffer.count - outLeft
                if inLeft > 0 {
                    let consumed = sourceBuffer.count - inLeft
                    pending = Array(sourceBuffer[consumed...])
                }
            }
        }
        return Array(output[..<produced])
    }
}
