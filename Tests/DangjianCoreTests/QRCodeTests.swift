import Foundation
import Testing
@testable import DangjianCore

/// Our QR encoder, checked against the standard's numbers and decoded by an independent reader (`zbarimg` from
/// Debian's zbar-tools, which scripts/setup installs).
@Suite("QR codes (ISO/IEC 18004, level M)")
struct QRCodeTests {
    @Test("every version's blocks fill exactly the modules that carry data")
    func tablesAddUp() {
        for version in 1...40 {
            #expect(QRTables.blocks(version: version).totalCodewords == QRTables.rawDataModules(version: version) / 8, "version \(version)")
        }
    }

    @Test("Reed–Solomon: a known block of the standard's annex (version 1-M, '01234567')")
    func reedSolomon() {
        // ISO/IEC 18004 Annex I: "01234567" at 1-M has these data codewords and error correction codewords.
        let data = QRCode.dataCodewords(Array("01234567".utf8), mode: .numeric, version: 1)
        #expect(data == [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11])
        let correction = ReedSolomon.remainder(of: data, generator: ReedSolomon.generator(degree: 10))
        #expect(correction == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test("the smallest version that holds the text, numeric mode for digits, too long refused")
    func versions() throws {
        #expect(try QRCode("01234567").version == 1 && QRCode("01234567").mode == .numeric)
        #expect(try QRCode(String(repeating: "7", count: 34)).version == 1)
        #expect(try QRCode(String(repeating: "7", count: 35)).version == 2)
        #expect(try QRCode(String(repeating: "a", count: 14)).version == 1 && QRCode("a").mode == .byte)
        #expect(try QRCode(String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode(String(repeating: "a", count: 2331)).version == 40)
        #expect(throws: QRCode.Failure.tooLong) { try QRCode(String(repeating: "a", count: 2332)) }
        #expect(try QRCode("x", minimumVersion: 5).size == 37)
    }

    /// The most bytes version `version` holds at level M.
    static func byteCapacity(_ version: Int) -> Int {
        (QRTables.blocks(version: version).dataCodewords * 8 - 4 - QRCode.countBits(.byte, version: version)) / 8
    }

    static func decode(_ code: QRCode, scale: Int = 3) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).png")
        try Data(code.png(scale: scale)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--quiet", "--raw", "-Sbinary", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "zbarimg could not read version \(code.version) (is zbar-tools installed? scripts/setup)")
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("zbarimg reads every version at its full capacity", arguments: Array(1...40))
    func everyVersion(_ version: Int) throws {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/?=&:.")
        let length = Self.byteCapacity(version)
        let text = String((0..<length).map { alphabet[($0 * 7 + version) % alphabet.count] })
        let code = try QRCode(text)
        #expect(code.version == version && code.mode == .byte)
        #expect(try Self.decode(code, scale: version > 20 ? 2 : 3) == text)
    }

    @Test("zbarimg reads digits, Chinese and the sign-in links we draw", arguments: [
        "0", "123456", String(repeating: "9081726354", count: 30), "http://10.0.0.8:8080/checkin?code=482913",
        "智慧党建平台：请扫码签到", "东岗村党支部 主题党日 2026-12-01 14:30", "a&b<c>\"d'", String(repeating: "党", count: 300),
    ])
    func payloads(_ text: String) throws {
        let code = try QRCode(text)
        #expect(try Self.decode(code) == text)
    }

    @Test("every mask draws a readable symbol")
    func everyMask() throws {
        let code = try QRCode("https://dangjian.example/checkin?code=000000")
        var matrix = QRMatrix(version: code.version)
        matrix.place(QRCode.interleaved(QRCode.dataCodewords(Array("https://dangjian.example/checkin?code=000000".utf8), mode: .byte,
                                                             version: code.version), version: code.version))
        for mask in 0..<8 {
            let masked = matrix.masked(mask)
            let forced = QRCode(version: code.version, mode: .byte, mask: mask, modules: masked.modules)
            #expect(try Self.decode(forced) == "https://dangjian.example/checkin?code=000000", "mask \(mask)")
        }
    }

    @Test("the SVG draws exactly the dark modules, with the quiet zone, and escapes its title")
    func svg() throws {
        let code = try QRCode("签到 123")
        let svg = code.svg(pixels: 240, title: "<签到>")
        #expect(svg.contains("viewBox=\"0 0 \(code.size + 8) \(code.size + 8)\"") && svg.contains("<title>&lt;签到&gt;</title>"))
        var drawn = Array(repeating: Array(repeating: false, count: code.size), count: code.size)
        let path = try #require(svg.components(separatedBy: "d=\"").last?.components(separatedBy: "\"").first)
        for run in path.split(separator: "z") {
            let numbers = run.dropFirst().split(whereSeparator: { "hv ".contains($0) }).compactMap { Int($0) }
            let (x, y, length) = (numbers[0] - 4, numbers[1] - 4, numbers[2])
            for column in x..<(x + length) { drawn[y][column] = true }
        }
        #expect(drawn == code.modules)
    }
}
