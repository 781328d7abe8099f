/// A QR code (ISO/IEC 18004, Model 2) drawn by our own encoder: numeric mode for digits, byte mode (UTF-8) for
/// anything else, error correction level M (about 15 % of the symbol may be lost), versions 1 to 40, the mask with
/// the lowest penalty. `modules[row][column]` is true for a dark module; the quiet zone is the renderer's.
public struct QRCode: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case numeric, byte
    }

    public enum Failure: Error, Equatable {
        /// More than a version 40 symbol at level M holds (2,331 bytes, or 5,596 digits).
        case tooLong
    }

    public let version: Int
    public let mode: Mode
    public let mask: Int
    public let modules: [[Bool]]

    public var size: Int { modules.count }

    /// Encodes `text` in the smallest version that holds it (at least `minimumVersion`).
    public init(_ text: String, minimumVersion: Int = 1) throws(Failure) {
        let bytes = Array(text.utf8)
        let numeric = !bytes.isEmpty && bytes.allSatisfy { (0x30...0x39).contains($0) }
        try self.init(bytes: bytes, mode: numeric ? .numeric : .byte, minimumVersion: minimumVersion)
    }

    public init(bytes: [UInt8], mode: Mode, minimumVersion: Int = 1) throws(Failure) {
        guard let version = (max(1, min(minimumVersion, 40))...40).first(where: {
            Self.bitLength(count: bytes.count, mode: mode, version: $0) <= QRTables.blocks(version: $0).dataCodewords * 8
        }) else { throw .tooLong }
        let data = Self.dataCodewords(bytes, mode: mode, version: version)
        let codewords = Self.interleaved(data, version: version)
        var matrix = QRMatrix(version: version)
        matrix.place(codewords)
        let (mask, masked) = matrix.bestMask()
        self.version = version
        self.mode = mode
        self.mask = mask
        self.modules = masked.modules
    }

    /// A symbol as given (tests draw one with each mask).
    init(version: Int, mode: Mode, mask: Int, modules: [[Bool]]) {
        self.version = version
        self.mode = mode
        self.mask = mask
        self.modules = modules
    }

    // MARK: Data

    static func countBits(_ mode: Mode, version: Int) -> Int {
        switch mode {
        case .numeric: version <= 9 ? 10 : version <= 26 ? 12 : 14
        case .byte: version <= 9 ? 8 : 16
        }
    }

    static func bitLength(count: Int, mode: Mode, version: Int) -> Int {
        let payload = switch mode {
        case .numeric: count / 3 * 10 + [0, 4, 7][count % 3]
        case .byte: count * 8
        }
        guard count < 1 << countBits(mode, version: version) else { return Int.max }
        return 4 + countBits(mode, version: version) + payload
    }

    /// Mode indicator, character count, the data, terminator and padding: the data codewords of `version`.
    static func dataCodewords(_ bytes: [UInt8], mode: Mode, version: Int) -> [UInt8] {
        var bits = BitBuffer()
        switch mode {
        case .numeric:
            bits.append(0b0001, count: 4)
            bits.append(bytes.count, count: countBits(.numeric, version: version))
            var index = 0
            while index < bytes.count {
                let group = bytes[index..<min(index + 3, bytes.count)]
                let value = group.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                bits.append(value, count: [0, 4, 7, 10][group.count])
                index += 3
            }
        case .byte:
            bits.append(0b0100, count: 4)
            bits.append(bytes.count, count: countBits(.byte, version: version))
            for byte in bytes { bits.append(Int(byte), count: 8) }
        }
        let capacity = QRTables.blocks(version: version).dataCodewords * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks, adds each block's error correction, and interleaves them as the symbol carries them.
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let layout = QRTables.blocks(version: version)
        let generator = ReedSolomon.generator(degree: layout.ecPerBlock)
        var blocks: [[UInt8]] = []
        var corrections: [[UInt8]] = []
        var offset = 0
        for index in 0..<layout.blockCount {
            let length = layout.shortData + (index < layout.shortBlocks ? 0 : 1)
            let block = Array(data[offset..<offset + length])
            offset += length
            blocks.append(block)
            corrections.append(ReedSolomon.remainder(of: block, generator: generator))
        }
        var result: [UInt8] = []
        result.reserveCapacity(layout.totalCodewords)
        for position in 0...layout.shortData {
            for block in blocks where position < block.count { result.append(block[position]) }
        }
        for position in 0..<layout.ecPerBlock {
            for correction in corrections { result.append(correction[position]) }
        }
        return result
    }
}

/// Bits appended most significant first, read back as bytes.
struct BitBuffer {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) { $0 | ($1.element ? 0x80 >> $1.offset : 0) }
        }
    }
}
