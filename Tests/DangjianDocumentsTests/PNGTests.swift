import Foundation
import Testing
import ZIPFoundation
@testable import DangjianDocuments

@Suite("PNG")
struct PNGTests {
    /// The chunks of a PNG: (type, data), each CRC checked.
    static func chunks(_ bytes: [UInt8]) throws -> [(String, [UInt8])] {
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var result: [(String, [UInt8])] = []
        var at = 8
        func big(_ offset: Int) -> Int { Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3]) }
        while at + 12 <= bytes.count {
            let length = big(at)
            let typed = Array(bytes[(at + 4)..<(at + 8 + length)])
            #expect(UInt32(big(at + 8 + length)) == Data(typed).crc32(checksum: 0), "CRC of \(String(decoding: typed.prefix(4), as: UTF8.self))")
            result.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            at += 12 + length
        }
        #expect(at == bytes.count)
        return result
    }

    @Test("a palette picture: header, palette, and the pixels back out of the zlib stream, every chunk's CRC right")
    func roundTrip() throws {
        let width = 7, height = 5
        let pixels = (0..<(width * height)).map { UInt8($0 % 3) }
        let png = try PNGWriter.palette(width: width, height: height, palette: [(255, 0, 0), (0, 255, 0), (0, 0, 255)], pixels: pixels)
        let chunks = try Self.chunks(png)
        #expect(chunks.map(\.0) == ["IHDR", "PLTE", "IDAT", "IEND"])
        #expect(chunks[0].1 == [0, 0, 0, 7, 0, 0, 0, 5, 8, 3, 0, 0, 0] && chunks[1].1 == [255, 0, 0, 0, 255, 0, 0, 0, 255])
        // zlib: header, raw deflate, Adler-32 of what it holds.
        let stream = chunks[2].1
        #expect(stream.prefix(2) == [0x78, 0x9C] && (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0)
        let deflated = Data(stream.dropFirst(2).dropLast(4))
        var inflated = Data()
        _ = try Data.decompress(size: Int64(deflated.count), bufferSize: 4096, skipCRC32: true, provider: { position, size in
            deflated.subdata(in: Int(position)..<min(deflated.count, Int(position) + size))
        }, consumer: { inflated.append($0) })
        let rows = (0..<height).flatMap { [0] + pixels[($0 * width)..<(($0 + 1) * width)] }
        #expect(Array(inflated) == rows)
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in rows { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        #expect(Array(stream.suffix(4)) == [UInt8(b >> 8), UInt8(b & 0xFF), UInt8(a >> 8), UInt8(a & 0xFF)])
    }

    @Test("what cannot be a picture is refused")
    func refusals() {
        #expect(throws: PNGWriter.Problem.size) { try PNGWriter.palette(width: 0, height: 1, palette: [(0, 0, 0)], pixels: []) }
        #expect(throws: PNGWriter.Problem.palette) { try PNGWriter.palette(width: 1, height: 1, palette: [], pixels: [0]) }
        #expect(throws: PNGWriter.Problem.pixels) { try PNGWriter.palette(width: 2, height: 1, palette: [(0, 0, 0)], pixels: [0]) }
        #expect(throws: PNGWriter.Problem.pixels) { try PNGWriter.palette(width: 1, height: 1, palette: [(0, 0, 0)], pixels: [1]) }
    }
}
