import Foundation

/// What is wrong with a question as typed, field by field.
public struct QuestionProblems: Error, Equatable {
    public let errors: [FieldError]
}

/// 题库: a question as typed in a form, the API or a row of an .xlsx, checked the same way everywhere.
public struct QuestionDraft: Sendable, Equatable {
    public let kind: QuestionKind
    public let difficulty: Difficulty
    public let stem: String
    public let options: [String]
    public let answer: String
    public let explanation: String

    static let letters = Array("ABCDEFGH")

    public init(kind: QuestionKind, difficulty: Difficulty, stem: String, options: [String], answer: String, explanation: String) {
        self.kind = kind
        self.difficulty = difficulty
        self.stem = stem
        self.options = options
        self.answer = answer
        self.explanation = explanation
    }

    /// Checks what was typed; every problem is named with its field.
    public static func check(kind: String?, difficulty: String?, stem: String?, options: [String]?, answer: String?,
                             explanation: String?) -> Result<QuestionDraft, QuestionProblems> {
        var problems: [FieldError] = []
        let kind = kind.flatMap { QuestionKind(rawValue: $0) ?? QuestionKind(label: $0) }
        if kind == nil { problems.append(FieldError(field: "kind", message: "请选择题型（单选题、多选题、判断题或填空题）")) }
        let trimmed = { (text: String?) in (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let stem = trimmed(stem)
        if !(4...300).contains(stem.count) { problems.append(FieldError(field: "stem", message: "请填写题目（4–300 字）")) }
        let options = (options ?? []).map(trimmed).filter { !$0.isEmpty }
        let answer = trimmed(answer)
        switch kind {
        case .single, .multiple:
            if !(2...8).contains(options.count) { problems.append(FieldError(field: "options", message: "选择题请填写 2–8 个选项")) }
            let chosen = Set(AnswerKey.normalized(answer).uppercased().filter { $0.isLetter && $0.isASCII })
            let allowed = Set(letters.prefix(options.count))
            if chosen.isEmpty || !chosen.isSubset(of: allowed) || (kind == .single && chosen.count != 1) || options.count < 2 {
                problems.append(FieldError(field: "answer", message: kind == .single ? "请填写正确选项的字母（如 B）" : "请填写所有正确选项的字母（如 ACD）"))
            }
        case .trueFalse:
            if AnswerKey.truth(answer) == nil { problems.append(FieldError(field: "answer", message: "判断题答案请填写“对”或“错”")) }
        case .fillIn:
            if answer.isEmpty || !stem.contains("_") {
                problems.append(FieldError(field: "answer", message: "填空题请在题目中用 ____ 标出空格，并填写答案（多个空用 | 分隔，可接受的不同写法用 / 分隔）"))
            }
        case nil:
            break
        }
        let difficulty = difficulty.flatMap { Difficulty(rawValue: $0) ?? Difficulty(label: $0) }
        if difficulty == nil { problems.append(FieldError(field: "difficulty", message: "请选择难度（容易、中等或较难）")) }
        let explanation = trimmed(explanation)
        if explanation.count > 500 { problems.append(FieldError(field: "explanation", message: "解析不超过 500 字")) }
        guard problems.isEmpty, let kind, let difficulty else { return .failure(QuestionProblems(errors: problems)) }
        let key: String = switch kind {
        case .single, .multiple: String(Set(AnswerKey.normalized(answer).uppercased().filter { $0.isLetter && $0.isASCII }).sorted())
        case .trueFalse: AnswerKey.truth(answer) == true ? "对" : "错"
        case .fillIn: answer
        }
        return .success(QuestionDraft(kind: kind, difficulty: difficulty, stem: stem, options: kind == .single || kind == .multiple ? options : [],
                                      answer: key, explanation: explanation))
    }

    /// The columns of the bank's .xlsx template, in order; options go in 选项A … 选项H.
    public static let headers = ["专题", "题型", "难度", "题目", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H",
                                 "答案", "解析", "出处"]

    /// One row of the template: its topic and source beside the checked question, or the problems of the row.
    public struct Row: Sendable, Equatable {
        public let topic: String
        public let source: String
        public let draft: QuestionDraft
    }

    /// Reads a row under `header` (any column order; the headers above, matched by name).
    public static func row(_ cells: [String], header: [String]) -> Result<Row, QuestionProblems> {
        func cell(_ name: String) -> String? {
            guard let index = header.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == name }), index < cells.count else { return nil }
            return cells[index]
        }
        let topic = (cell("专题") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let problems: [FieldError] = topic.isEmpty ? [FieldError(field: "topic", message: "缺少专题")] : []
        let options = letters.compactMap { cell("选项\($0)") }
        switch check(kind: cell("题型"), difficulty: cell("难度") ?? "中等", stem: cell("题目"), options: options, answer: cell("答案"),
                     explanation: cell("解析")) {
        case .success(let draft) where problems.isEmpty:
            return .success(Row(topic: topic, source: String((cell("出处") ?? "").prefix(100)), draft: draft))
        case .success:
            return .failure(QuestionProblems(errors: problems))
        case .failure(let found):
            return .failure(QuestionProblems(errors: problems + found.errors))
        }
    }

    /// The cells of a question in the template's order.
    public func cells(topic: String, source: String) -> [String] {
        let padded = options + Array(repeating: "", count: max(0, Self.letters.count - options.count))
        return [topic, kind.chinese, difficulty.chinese, stem] + padded.prefix(Self.letters.count) + [answer, explanation, source]
    }
}

/// 答题闯关: the paper of one level of a topic — easier levels first — and whether it was passed.
public struct ChallengePaper: Sendable {
    public static let levels = ChallengeLevels(count: 5, passPercent: 80)
    public static let questionsPerLevel = 5

    /// Levels 1–2 easy, 3–4 medium, 5 hard; a level whose difficulty the bank is short of takes its neighbours'.
    public static func difficulties(for level: Int) -> [Difficulty] {
        switch level {
        case ...2: [.easy, .medium, .hard]
        case 3...4: [.medium, .easy, .hard]
        default: [.hard, .medium, .easy]
        }
    }

    /// The ids of a level's questions from `bank` (one topic's questions), drawn with `seed`.
    public static func draw(level: Int, from bank: [DrawableQuestion], seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var chosen: [Int] = []
        for difficulty in difficulties(for: level) where chosen.count < questionsPerLevel {
            var pool = bank.filter { $0.difficulty == difficulty }.map(\.id).sorted()
            while !pool.isEmpty && chosen.count < questionsPerLevel {
                chosen.append(pool.remove(at: Int(generator.next() % UInt64(pool.count))))
            }
        }
        return chosen
    }
}

/// A contest's time: open from `opens` to `closes`; each person has `minutes` from starting, never past the close.
/// Answers and scores stay hidden until it closes.
public struct ContestWindow: Sendable, Equatable {
    public enum Phase: String, Sendable, Codable, CaseIterable { case upcoming, open, closed }

    /// Seconds after a person's deadline in which an answer sent at the deadline is still taken (the network's delay).
    public static let graceSeconds: Double = 30

    public let opens: Double
    public let closes: Double
    public let minutes: Int

    public init(opens: Double, closes: Double, minutes: Int) {
        self.opens = opens
        self.closes = closes
        self.minutes = minutes
    }

    public func phase(at now: Double) -> Phase { now < opens ? .upcoming : now < closes ? .open : .closed }

    /// When a person who starts at `start` must have answered.
    public func deadline(startingAt start: Double) -> Double { min(closes, start + Double(minutes) * 60) }

    public func accepts(submittedAt time: Double, deadline: Double) -> Bool { time <= deadline + Self.graceSeconds }

    public func resultsVisible(at now: Double) -> Bool { now >= closes }
}

/// A contest's results by organization: how many of those it reached took part and their average score — never a
/// ranking by time spent (RULES.md §7).
public struct ContestTally: Sendable, Equatable {
    public let organizationID: Int
    public let eligible: Int
    public let took: Int
    /// Average percent of those who took part, nil when none did.
    public let averagePercent: Int?

    public init(organizationID: Int, eligible: Int, took: Int, averagePercent: Int?) {
        self.organizationID = organizationID
        self.eligible = eligible
        self.took = took
        self.averagePercent = averagePercent
    }

    public var participationPercent: Int { eligible == 0 ? 0 : took * 100 / eligible }

    /// Who took part, per organization, as the database counts them: the sum of each taker's percent (whole percents,
    /// rounded down per person) so that the average is the same as averaging the people one by one.
    public struct Takers: Sendable, Equatable {
        public let took: Int
        public let percentSum: Int
        public init(took: Int, percentSum: Int) {
            self.took = took
            self.percentSum = percentSum
        }
    }

    /// Tallies per group from how many could take part (`eligible`) and who did (`takers`); a group with neither is left out.
    public static func tally(eligible: [Int: Int], takers: [Int: Takers]) -> [ContestTally] {
        Set(eligible.keys).union(takers.keys).compactMap { group -> ContestTally? in
            let took = takers[group]?.took ?? 0
            // Someone filed at the group after the counts were read still took part: never fewer eligible than took.
            let count = max(eligible[group] ?? 0, took)
            guard count > 0 else { return nil }
            let average = took == 0 ? nil : Int((Double(takers[group]?.percentSum ?? 0) / Double(took)).rounded())
            return ContestTally(organizationID: group, eligible: count, took: took, averagePercent: average)
        }.sorted { $0.organizationID < $1.organizationID }
    }
}

/// 薄弱专题: the topics a member answered wrong most often, to recommend lessons on them.
public enum WeakTopics {
    public struct Topic: Sendable, Equatable {
        public let topic: Int
        public let wrong: Int
        public let answered: Int
    }

    /// Topics with at least `minimumWrong` wrong answers and at most `maximumRightPercent` right, worst first.
    public static func rank(_ marks: [(topic: Int, correct: Bool)], minimumWrong: Int = 2, maximumRightPercent: Int = 70) -> [Topic] {
        Dictionary(grouping: marks, by: \.topic).compactMap { topic, answers in
            let wrong = answers.filter { !$0.correct }.count
            let right = answers.count - wrong
            guard wrong >= minimumWrong, right * 100 <= answers.count * maximumRightPercent else { return nil }
            return Topic(topic: topic, wrong: wrong, answered: answers.count)
        }.sorted { ($0.wrong * 1000 / max(1, $0.answered), $0.wrong, -$0.topic) > ($1.wrong * 1000 / max(1, $1.answered), $1.wrong, -$1.topic) }
    }
}
