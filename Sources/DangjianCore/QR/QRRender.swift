/// A QR code as an image: SVG for pages and print, PNG for anything that wants pixels. Both draw the quiet zone of
/// four light modules that readers need around the symbol.
extension QRCode {
    public static let quietZone = 4

    /// An SVG that scales to its box (`width`/`height` in modules via the viewBox; `pixels` sets a display size), dark
    /// runs merged into one path, with `crispEdges` so that no reader sees grey seams.
    public func svg(pixels: Int? = nil, title: String? = nil) -> String {
        let side = size + 2 * Self.quietZone
        var path = ""
        for (row, line) in modules.enumerated() {
            var column = 0
            while column < size {
                guard line[column] else { column += 1; continue }
                let start = column
                while column < size && line[column] { column += 1 }
                path += "M\(start + Self.quietZone) \(row + Self.quietZone)h\(column - start)v1h-\(column - start)z"
            }
        }
        let dimensions = pixels.map { " width=\"\($0)\" height=\"\($0)\"" } ?? ""
        let label = title.map { "<title>\(SVG.escape($0))</title>" } ?? ""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\"\(dimensions) shape-rendering=\"crispEdges\""
            + " role=\"img\" class=\"qr\">\(label)<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    /// A 1-bit greyscale PNG, `scale` pixels a module (1…32).
    public func png(scale: Int = 4) -> [UInt8] {
        let scale = min(max(scale, 1), 32)
        let side = (size + 2 * Self.quietZone) * scale
        let rowBytes = (side + 7) / 8
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * side)
        for y in 0..<side {
            raw.append(0) // filter: none
            let moduleRow = y / scale - Self.quietZone
            var byte: UInt8 = 0
            for x in 0..<side {
                let moduleColumn = x / scale - Self.quietZone
                let dark = (0..<size).contains(moduleRow) && (0..<size).contains(moduleColumn) && modules[moduleRow][moduleColumn]
                if !dark { byte |= 0x80 >> UInt8(x % 8) } // 1 is white in greyscale
                if x % 8 == 7 || x == side - 1 {
                    raw.append(byte)
                    byte = 0
                }
            }
        }
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(side))
        header.appendBigEndian(UInt32(side))
        header += [1, 0, 0, 0, 0] // bit depth 1, greyscale, deflate, filter 0, no interlace
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        PNGChunk.append("IHDR", header, to: &file)
        PNGChunk.append("IDAT", PNGChunk.storedZlib(raw), to: &file)
        PNGChunk.append("IEND", [], to: &file)
        return file
    }
}

/// PNG chunks with their CRC, and a zlib stream of stored (uncompressed) deflate blocks: a QR code's pixels are few,
/// and no compression library is needed.
enum PNGChunk {
    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    static func append(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        file.appendBigEndian(UInt32(data.count))
        let typed = Array(type.utf8) + data
        file += typed
        file.appendBigEndian(crc32(typed))
    }

    static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let last = offset + length == data.count
            out.append(last ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        out.appendBigEndian(b << 16 | a)
        return out
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
