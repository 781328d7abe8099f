/// The modules of one symbol while it is drawn: function patterns, the data in its zigzag, the mask, and the format
/// and version information.
struct QRMatrix {
    let version: Int
    let size: Int
    private(set) var modules: [[Bool]]
    /// Modules of finder, separator, timing and alignment patterns and of format and version information: never masked.
    private var reserved: [[Bool]]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        reserved = modules
        drawFunctionPatterns()
    }

    private mutating func set(row: Int, column: Int, _ dark: Bool) {
        modules[row][column] = dark
        reserved[row][column] = true
    }

    private mutating func drawFunctionPatterns() {
        for index in 0..<size {
            set(row: 6, column: index, index % 2 == 0)
            set(row: index, column: 6, index % 2 == 0)
        }
        for (row, column) in [(3, 3), (3, size - 4), (size - 4, 3)] { drawFinder(row: row, column: column) }
        let centres = QRTables.alignmentCentres(version: version)
        for row in centres {
            for column in centres {
                let nearFinder = (row == 6 && column == 6) || (row == 6 && column == centres.last) || (row == centres.last && column == 6)
                if !nearFinder { drawAlignment(row: row, column: column) }
            }
        }
        // Reserve the format areas now (drawn with the mask) and draw the version, which does not depend on it.
        drawFormat(mask: 0)
        drawVersion()
    }

    /// The 7×7 finder with its light separator, clipped at the symbol's edge.
    private mutating func drawFinder(row: Int, column: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let (r, c) = (row + dy, column + dx)
                guard (0..<size).contains(r), (0..<size).contains(c) else { continue }
                let ring = max(abs(dx), abs(dy))
                set(row: r, column: c, ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(row: Int, column: Int) {
        for dy in -2...2 {
            for dx in -2...2 { set(row: row + dy, column: column + dx, max(abs(dx), abs(dy)) != 1) }
        }
    }

    /// Level M (indicator 00) and the mask, BCH(15, 5) protected, written twice; and the module that is always dark.
    mutating func drawFormat(mask: Int) {
        let data = mask & 7
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { set(row: index, column: 8, bit(index)) }
        set(row: 7, column: 8, bit(6))
        set(row: 8, column: 8, bit(7))
        set(row: 8, column: 7, bit(8))
        for index in 9..<15 { set(row: 8, column: 14 - index, bit(index)) }
        for index in 0..<8 { set(row: 8, column: size - 1 - index, bit(index)) }
        for index in 8..<15 { set(row: size - 15 + index, column: 8, bit(index)) }
        set(row: size - 8, column: 8, true)
    }

    /// From version 7: the version number, BCH(18, 6) protected, in the two 6×3 blocks near the other finders.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let (a, b) = (size - 11 + index % 3, index / 3)
            set(row: b, column: a, dark)
            set(row: a, column: b, dark)
        }
    }

    /// The codewords in the two-column zigzag from the bottom right, skipping the vertical timing pattern; modules
    /// left over (remainder bits) stay light.
    mutating func place(_ codewords: [UInt8]) {
        var index = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for column in [right, right - 1] where !reserved[row][column] && index < total {
                    modules[row][column] = (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
    }

    static func masks(_ mask: Int, row: Int, column: Int) -> Bool {
        switch mask {
        case 0: (row + column) % 2 == 0
        case 1: row % 2 == 0
        case 2: column % 3 == 0
        case 3: (row + column) % 3 == 0
        case 4: (row / 2 + column / 3) % 2 == 0
        case 5: row * column % 2 + row * column % 3 == 0
        case 6: (row * column % 2 + row * column % 3) % 2 == 0
        default: ((row + column) % 2 + row * column % 3) % 2 == 0
        }
    }

    func masked(_ mask: Int) -> QRMatrix {
        var copy = self
        for row in 0..<size {
            for column in 0..<size where !reserved[row][column] && Self.masks(mask, row: row, column: column) {
                copy.modules[row][column].toggle()
            }
        }
        copy.drawFormat(mask: mask)
        return copy
    }

    /// The mask whose symbol scores the lowest penalty (the first of equals), and that symbol.
    func bestMask() -> (Int, QRMatrix) {
        var best = (mask: 0, matrix: masked(0))
        var lowest = best.matrix.penalty
        for mask in 1..<8 {
            let candidate = masked(mask)
            let penalty = candidate.penalty
            if penalty < lowest { (best, lowest) = ((mask, candidate), penalty) }
        }
        return best
    }

    /// The four penalty rules: runs of five or more, 2×2 blocks, finder-like patterns, and dark/light imbalance.
    var penalty: Int {
        var score = 0
        let columns = (0..<size).map { column in modules.map { $0[column] } }
        for line in modules + columns {
            var run = 1
            for index in 1..<size {
                if line[index] == line[index - 1] {
                    run += 1
                } else {
                    if run >= 5 { score += run - 2 }
                    run = 1
                }
            }
            if run >= 5 { score += run - 2 }
            score += 40 * Self.finderLikeCount(line)
        }
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let colour = modules[row][column]
                if modules[row][column + 1] == colour && modules[row + 1][column] == colour && modules[row + 1][column + 1] == colour {
                    score += 3
                }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.count { $0 } }
        let total = size * size
        score += 10 * (abs(dark * 20 - total * 10) / total)
        return score
    }

    /// 1:1:3:1:1 dark-light pattern with four light modules on either side (light beyond the edge).
    static func finderLikeCount(_ line: [Bool]) -> Int {
        let core: [Bool] = [true, false, true, true, true, false, true]
        var count = 0
        func light(_ index: Int) -> Bool { index < 0 || index >= line.count || !line[index] }
        guard line.count >= 7 else { return 0 }
        for start in 0...(line.count - 7) where (0..<7).allSatisfy({ line[start + $0] == core[$0] }) {
            if (1...4).allSatisfy({ light(start - $0) }) { count += 1 }
            if (1...4).allSatisfy({ light(start + 6 + $0) }) { count += 1 }
        }
        return count
    }
}
