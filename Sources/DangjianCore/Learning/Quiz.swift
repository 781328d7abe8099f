/// 题库、练习、答题闯关与竞赛 — the arithmetic of questions and papers, free of storage.
public enum QuestionKind: String, ChineseLabelled {
    case single, multiple, trueFalse = "true-false", fillIn = "fill-in"

    public var chinese: String {
        switch self {
        case .single: "单选题"
        case .multiple: "多选题"
        case .trueFalse: "判断题"
        case .fillIn: "填空题"
        }
    }
}

public enum Difficulty: String, ChineseLabelled {
    case easy, medium, hard

    public var chinese: String {
        switch self {
        case .easy: "容易"
        case .medium: "中等"
        case .hard: "较难"
        }
    }
}

/// How an answer is compared with the key.
public struct AnswerKey: Sendable, Equatable, Codable {
    public let kind: QuestionKind
    /// Choice letters (`A`, `AC`), `对`/`错` for true/false, or the accepted texts of each blank: blanks split by `|`,
    /// alternatives of one blank by `/` (`中国共产党|1921/一九二一`).
    public let key: String

    public init(kind: QuestionKind, key: String) {
        self.kind = kind
        self.key = key
    }

    public func accepts(_ given: String) -> Bool {
        switch kind {
        case .single, .multiple:
            let letters = { (text: String) in Set(Self.normalized(text).uppercased().filter { $0.isLetter && $0.isASCII }) }
            let expected = letters(key)
            return !expected.isEmpty && letters(given) == expected && (kind == .multiple || expected.count == 1)
        case .trueFalse:
            return Self.truth(given).map { $0 == Self.truth(key) } ?? false
        case .fillIn:
            let blanks = key.split(separator: "|", omittingEmptySubsequences: false).map { $0.split(separator: "/").map { Self.normalized(String($0)) } }
            let answers = given.split(separator: "|", omittingEmptySubsequences: false).map { Self.normalized(String($0)) }
            guard answers.count == blanks.count else { return false }
            return zip(blanks, answers).allSatisfy { accepted, answer in !answer.isEmpty && accepted.contains(answer) }
        }
    }

    /// `对`, `正确`, `√`, `T`, `true` are true; `错`, `错误`, `×`, `F`, `false` false.
    public static func truth(_ text: String) -> Bool? {
        switch normalized(text).lowercased() {
        case "对", "正确", "√", "t", "true", "是": true
        case "错", "错误", "×", "x", "f", "false", "否": false
        default: nil
        }
    }

    /// Full-width letters, digits and punctuation as half-width, spaces removed: `ＡＣ` is `AC`, `１９２１ 年` is `1921年`.
    static func normalized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            if scalar.properties.isWhitespace || scalar.value == 0x3000 { return nil }
            if (0xFF01...0xFF5E).contains(scalar.value) { return Unicode.Scalar(scalar.value - 0xFEE0) }
            return scalar
        }))
    }
}

/// A question as the draw sees it.
public struct DrawableQuestion: Sendable, Equatable {
    public let id: Int
    public let topic: String
    public let difficulty: Difficulty

    public init(id: Int, topic: String, difficulty: Difficulty) {
        self.id = id
        self.topic = topic
        self.difficulty = difficulty
    }
}

/// A contest's paper: the same mix of topics and difficulties for everyone, the questions drawn for each person from a
/// seed (the contest and the member), so that neighbours do not share a paper and a reload draws the same one.
public struct PaperDraw: Sendable {
    public struct Part: Sendable, Equatable, Codable {
        public let topic: String
        public let difficulty: Difficulty
        public let count: Int

        public init(topic: String, difficulty: Difficulty, count: Int) {
            self.topic = topic
            self.difficulty = difficulty
            self.count = count
        }
    }

    public enum Problem: Error, Equatable {
        /// A part asks for more questions than the bank holds.
        case short(Part, available: Int)

        public var message: String {
            switch self {
            case .short(let part, let available): "题库中“\(part.topic)·\(part.difficulty.chinese)”只有 \(available) 题，组卷需要 \(part.count) 题"
            }
        }
    }

    public let parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// Checks that the bank can serve every part, before a contest opens.
    public func check(_ bank: [DrawableQuestion]) throws(Problem) {
        for part in parts {
            let available = bank.filter { $0.topic == part.topic && $0.difficulty == part.difficulty }.count
            if available < part.count { throw .short(part, available: available) }
        }
    }

    /// The question ids of one person's paper, part by part.
    public func draw(from bank: [DrawableQuestion], seed: UInt64) throws(Problem) -> [Int] {
        try check(bank)
        var generator = SeededGenerator(seed: seed)
        var paper: [Int] = []
        for part in parts {
            var pool = bank.filter { $0.topic == part.topic && $0.difficulty == part.difficulty }.map(\.id).sorted()
            for index in 0..<part.count {
                let pick = index + Int(generator.next() % UInt64(pool.count - index))
                pool.swapAt(index, pick)
                paper.append(pool[index])
            }
        }
        return paper
    }

    /// One person's seed in one contest.
    public static func seed(contest: Int, member: Int) -> UInt64 {
        var generator = SeededGenerator(seed: UInt64(truncatingIfNeeded: contest) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: member))
        return generator.next()
    }
}

/// 答题闯关: levels of a topic, each unlocked when the one before is passed.
public struct ChallengeLevels: Sendable {
    public let count: Int
    /// The share of a level's questions to answer right to pass it, in percent.
    public let passPercent: Int

    public init(count: Int, passPercent: Int) {
        self.count = count
        self.passPercent = passPercent
    }

    public func passes(correct: Int, of total: Int) -> Bool { total > 0 && correct * 100 >= total * passPercent }

    /// The highest level open to someone who has passed `passed` (levels numbered from 1).
    public func highestOpen(passed: Set<Int>) -> Int {
        var level = 1
        while level < count && passed.contains(level) { level += 1 }
        return level
    }

    public func isOpen(_ level: Int, passed: Set<Int>) -> Bool { (1...max(count, 1)).contains(level) && level <= highestOpen(passed: passed) }
}
