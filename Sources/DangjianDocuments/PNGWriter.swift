import Foundation
import ZIPFoundation

/// A PNG of an 8-bit palette image (colour type 3), written here: the signature, IHDR, PLTE, one zlib-wrapped IDAT
/// deflated by ZIPFoundation, IEND, each chunk with its CRC-32. For the pictures the platform draws itself (the demo
/// library's course posters); uploaded pictures are stored as they came.
public enum PNGWriter {
    public enum Problem: Error, Equatable {
        case size, palette, pixels
    }

    /// `pixels` are palette indexes, row by row (`width × height` of them); `palette` at most 256 RGB colours.
    public static func palette(width: Int, height: Int, palette: [(UInt8, UInt8, UInt8)], pixels: [UInt8]) throws -> [UInt8] {
        guard (1...8192).contains(width), (1...8192).contains(height) else { throw Problem.size }
        guard (1...256).contains(palette.count) else { throw Problem.palette }
        guard pixels.count == width * height, pixels.allSatisfy({ Int($0) < palette.count }) else { throw Problem.pixels }
        // Each row starts with its filter type (0: none).
        var raw = [UInt8]()
        raw.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw += pixels[(row * width)..<((row + 1) * width)]
        }
        var output: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        chunk("IHDR", big(UInt32(width)) + big(UInt32(height)) + [8, 3, 0, 0, 0], into: &output)
        chunk("PLTE", palette.flatMap { [$0.0, $0.1, $0.2] }, into: &output)
        chunk("IDAT", try zlib(raw), into: &output)
        chunk("IEND", [], into: &output)
        return output
    }

    static func big(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8], into output: inout [UInt8]) {
        let typed = Array(type.utf8) + data
        output += big(UInt32(data.count)) + typed + big(Data(typed).crc32(checksum: 0))
    }

    /// A zlib stream (RFC 1950): header, raw deflate, Adler-32 of the uncompressed bytes.
    static func zlib(_ bytes: [UInt8]) throws -> [UInt8] {
        let data = Data(bytes)
        var deflated = Data()
        _ = try Data.compress(size: Int64(data.count), bufferSize: 64 * 1024, provider: { position, size in
            data.subdata(in: min(data.count, Int(position))..<min(data.count, Int(position) + size))
        }, consumer: { deflated.append($0) })
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return [0x78, 0x9C] + Array(deflated) + big(b << 16 | a)
    }
}
