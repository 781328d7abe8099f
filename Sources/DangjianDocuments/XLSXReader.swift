import Foundation
import XMLCoder
import ZIPFoundation

/// Reads the first worksheet of an `.xlsx` file. The workbook's small parts are decoded with XMLCoder; the sheet is
/// inflated and scanned in chunks, so a million-row sheet never sits in memory. Shared strings (Excel's table of
/// distinct texts) are held, as every reader must.
public struct XLSXReader: RowSource {
    let archive: Archive
    let sheetPath: String
    let sharedStringsPath: String?
    let limits: SpreadsheetLimits

    public init(url: URL, limits: SpreadsheetLimits = SpreadsheetLimits()) throws {
        self.limits = limits
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SpreadsheetError.notASpreadsheet
        }
        let workbook: Workbook = try Self.decode("xl/workbook.xml", from: archive, limits: limits)
        let relations: Relationships = try Self.decode("xl/_rels/workbook.xml.rels", from: archive, limits: limits)
        guard let first = workbook.sheets.sheet.first,
              let target = relations.relationship.first(where: { $0.id == first.relationID })?.target else {
            throw SpreadsheetError.missingPart("工作表")
        }
        sheetPath = Self.resolve(target)
        sharedStringsPath = relations.relationship.first { $0.type.hasSuffix("/sharedStrings") }.map { Self.resolve($0.target) }
    }

    static func resolve(_ target: String) -> String {
        target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// Decodes a small part (the workbook, its relationships) with XMLCoder, after checking its size and nesting: a
    /// part nested thousands deep would take a recursive decoder's whole stack.
    static func decode<T: Decodable>(_ path: String, from archive: Archive, limits: SpreadsheetLimits) throws -> T {
        guard let entry = archive[path] else { throw SpreadsheetError.missingPart(path) }
        var data = Data()
        try extract(entry, from: archive, cap: limits.partBytes, limits: limits, what: path) { data.append($0) }
        var scanner = XMLScanner()
        var depth = 0
        try scanner.feed(data) { event in
            switch event {
            case .open: depth += 1
            case .close: depth -= 1
            case .text: break
            }
            if depth > limits.nesting { throw SpreadsheetError.tooLarge("\(path) 的嵌套层数") }
        }
        do {
            let decoder = XMLDecoder()
            return try decoder.decode(T.self, from: data)
        } catch {
            throw SpreadsheetError.malformed(path)
        }
    }

    struct Workbook: Decodable {
        struct Sheets: Decodable { let sheet: [Sheet] }
        struct Sheet: Decodable {
            let name: String
            let relationID: String

            struct AnyKey: CodingKey {
                let stringValue: String
                init(stringValue: String) { self.stringValue = stringValue }
                var intValue: Int? { nil }
                init?(intValue: Int) { nil }
            }

            /// The relationship attribute is `r:id` under whatever prefix the producer chose.
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: AnyKey.self)
                name = try container.decode(String.self, forKey: AnyKey(stringValue: "name"))
                guard let key = container.allKeys.first(where: { $0.stringValue == "id" || $0.stringValue.hasSuffix(":id") }) else {
                    throw SpreadsheetError.missingPart("r:id")
                }
                relationID = try container.decode(String.self, forKey: key)
            }
        }
        let sheets: Sheets
    }

    struct Relationships: Decodable {
        struct Relationship: Decodable {
            let id: String
            let type: String
            let target: String
            enum CodingKeys: String, CodingKey {
                case id = "Id"
                case type = "Type"
                case target = "Target"
            }
        }
        let relationship: [Relationship]
        enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
    }

    /// Inflates `entry` chunk by chunk, refusing it once it grows past `cap` or past `limits.ratio` times its
    /// compressed size (whichever is smaller, with a floor for small parts): a ZIP bomb stops after its first megabytes.
    static func extract(_ entry: Entry, from archive: Archive, cap: Int, limits: SpreadsheetLimits, what: String,
                        _ consumer: (Data) throws -> Void) throws {
        let compressed = Int(clamping: entry.compressedSize)
        let allowed = min(cap, max(limits.ratioFloorBytes, compressed.multipliedReportingOverflow(by: limits.ratio).overflow ? Int.max : compressed * limits.ratio))
        var total = 0
        var thrown: (any Error)?
        do {
            _ = try archive.extract(entry, skipCRC32: true) { chunk in
                total += chunk.count
                guard total <= allowed else {
                    let error = SpreadsheetError.tooLarge("\(what) 解压后的大小")
                    thrown = error
                    throw error
                }
                do { try consumer(chunk) } catch { thrown = error; throw error }
            }
        } catch {
            // The consumer's own error comes back as it was thrown, not wrapped by the archive reader.
            throw thrown ?? SpreadsheetError.malformed(what)
        }
    }

    func sharedStrings() throws -> [String] {
        guard let path = sharedStringsPath, let entry = archive[path] else { return [] }
        var strings: [String] = []
        var scanner = XMLScanner()
        var current: [UInt8] = []
        var inText = false
        var inPhonetic = false
        let limit = limits.cellBytes
        try Self.extract(entry, from: archive, cap: limits.sharedStringBytes, limits: limits, what: "共享字符串表") { chunk in
            try scanner.feed(chunk) { event in
                switch event {
                case .open(let name, _, let selfClosing):
                    if name == "si" { current.removeAll(keepingCapacity: true) }
                    // Phonetic guides (<rPh>) carry readings, not the cell's text.
                    if name == "rPh" { inPhonetic = !selfClosing }
                    if name == "t" && !selfClosing && !inPhonetic { inText = true }
                case .close(let name):
                    if name == "t" { inText = false }
                    if name == "rPh" { inPhonetic = false }
                    if name == "si" { strings.append(String(decoding: current, as: UTF8.self)) }
                case .text(let bytes):
                    if inText {
                        current.append(contentsOf: bytes)
                        if current.count > limit { throw SpreadsheetError.tooLarge("单元格的文字") }
                    }
                }
            }
        }
        return strings
    }

    public func forEachRow(_ body: (Int, [String]) throws -> Void) throws {
        let strings = try sharedStrings()
        guard let entry = archive[sheetPath] else { throw SpreadsheetError.missingPart(sheetPath) }
        var scanner = XMLScanner()
        var row: [String] = []
        var rowNumber = 0
        var column = 0
        var cellType = ""
        var value: [UInt8] = []
        var capture = false
        var inPhonetic = false
        let limit = limits.cellBytes
        try Self.extract(entry, from: archive, cap: limits.sheetBytes, limits: limits, what: "工作表") { chunk in
                try scanner.feed(chunk) { event in
                    switch event {
                    case .open(let name, let attributes, let selfClosing):
                        switch name {
                        case "row":
                            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
                            row.removeAll(keepingCapacity: true)
                            column = 0
                            if selfClosing { try body(rowNumber, []) }
                        case "c":
                            column = attributes["r"].flatMap { columnIndex(ofReference: Array($0.utf8)) } ?? row.count
                            cellType = attributes["t"] ?? "n"
                            value.removeAll(keepingCapacity: true)
                            if selfClosing { Self.place("", at: column, in: &row) }
                        case "v", "t":
                            capture = !selfClosing && !inPhonetic
                        case "rPh":
                            inPhonetic = !selfClosing
                        default: break
                        }
                    case .close(let name):
                        switch name {
                        case "v", "t": capture = false
                        case "rPh": inPhonetic = false
                        case "c":
                            let text = String(decoding: value, as: UTF8.self)
                            let cell: String
                            switch cellType {
                            case "s": cell = Int(text).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
                            case "b": cell = text == "1" ? "TRUE" : "FALSE"
                            default: cell = text
                            }
                            Self.place(cell, at: column, in: &row)
                        case "row":
                            while row.last?.isEmpty == true { row.removeLast() }
                            try body(rowNumber, row)
                        default: break
                        }
                    case .text(let bytes):
                        if capture {
                            value.append(contentsOf: bytes)
                            if value.count > limit { throw SpreadsheetError.tooLarge("单元格的文字") }
                        }
                    }
                }
        }
    }

    static func place(_ cell: String, at column: Int, in row: inout [String]) {
        guard column >= 0, column < 16_384 else { return }
        while row.count < column { row.append("") }
        if row.count == column { row.append(cell) } else { row[column] = cell }
    }
}

/// A small streaming XML scanner for the parts of a spreadsheet: elements with their attributes and decoded text,
/// fed chunk by chunk. It does not validate; it reads what Excel, WPS and our own writer produce.
struct XMLScanner {
    enum Event {
        case open(name: String, attributes: [String: String], selfClosing: Bool)
        case close(name: String)
        case text([UInt8])
    }

    private var buffer: [UInt8] = []
    /// How many bytes at the start of `buffer` were already searched for the end of the item they begin, so that a
    /// long text or tag cut across chunks is scanned once, not once per chunk.
    private var searched = 0
    /// The longest tag accepted (a real one is a few hundred bytes).
    static let maximumTagBytes = 65_536

    mutating func feed(_ chunk: Data, _ handle: (Event) throws -> Void) throws {
        buffer.append(contentsOf: chunk)
        var index = 0
        let count = buffer.count
        defer {
            buffer.removeFirst(index)
        }
        while index < count {
            let from = max(index, searched)
            searched = 0
            if buffer[index] != UInt8(ascii: "<") {
                var end = from
                while end < count && buffer[end] != UInt8(ascii: "<") { end += 1 }
                if end == count {
                    // The text runs on into the next chunk: hand over what is whole now, keeping back an entity
                    // (`&amp;`) that the chunk may have cut.
                    let keep = Self.entityTail(buffer[index..<count])
                    if keep > index {
                        try handle(.text(Self.decodeEntities(buffer[index..<keep])))
                        index = keep
                    }
                    searched = count - index
                    break
                }
                try handle(.text(Self.decodeEntities(buffer[index..<end])))
                index = end
                continue
            }
            guard let close = buffer[max(index + 1, from)...].firstIndex(of: UInt8(ascii: ">")) else {
                guard count - index <= Self.maximumTagBytes else { throw SpreadsheetError.tooLarge("XML 标签的长度") }
                searched = count - index
                break
            }
            let tag = buffer[(index + 1)..<close]
            index = close + 1
            guard let first = tag.first else { continue }
            if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { continue }
            if first == UInt8(ascii: "/") {
                try handle(.close(name: Self.localName(tag.dropFirst())))
                continue
            }
            let selfClosing = tag.last == UInt8(ascii: "/")
            let body = selfClosing ? tag.dropLast() : tag
            let nameEnd = body.firstIndex { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } ?? body.endIndex
            let name = Self.localName(body[..<nameEnd])
            let attributes = Self.attributes(body[nameEnd...])
            try handle(.open(name: name, attributes: attributes, selfClosing: selfClosing))
            if selfClosing { try handle(.close(name: name)) }
        }
    }

    /// Where a trailing `&…` without its `;` starts (entities are at most 12 bytes), or the end of `bytes`.
    static func entityTail(_ bytes: ArraySlice<UInt8>) -> Int {
        let window = bytes.suffix(12)
        guard let ampersand = window.lastIndex(of: UInt8(ascii: "&")), !window[ampersand...].contains(UInt8(ascii: ";")) else {
            return bytes.endIndex
        }
        return ampersand
    }

    static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        let trimmed = bytes.prefix { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if let colon = trimmed.lastIndex(of: UInt8(ascii: ":")) {
            return String(decoding: trimmed[(colon + 1)...], as: UTF8.self)
        }
        return String(decoding: trimmed, as: UTF8.self)
    }

    static func attributes(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var result: [String: String] = [:]
        var index = bytes.startIndex
        while index < bytes.endIndex {
            while index < bytes.endIndex && (bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D) { index += 1 }
            guard let equals = bytes[index...].firstIndex(of: UInt8(ascii: "=")) else { break }
            let name = localName(bytes[index..<equals])
            var start = equals + 1
            guard start < bytes.endIndex else { break }
            let quote = bytes[start]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { break }
            start += 1
            guard let end = bytes[start...].firstIndex(of: quote) else { break }
            result[name] = String(decoding: decodeEntities(bytes[start..<end]), as: UTF8.self)
            index = end + 1
        }
        return result
    }

    static func decodeEntities(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "&")) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) {
                let entity = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
                var scalar: Unicode.Scalar?
                switch entity {
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "amp": scalar = "&"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                default:
                    if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                    else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
                }
                if let scalar {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    index = semicolon + 1
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return out
    }
}
