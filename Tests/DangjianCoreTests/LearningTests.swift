import Testing
@testable import DangjianCore

@Suite("学习教育: completion by what was played and read, class hours, required study, questions and papers")
struct LearningTests {
    let rules = RuleBook.national

    func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }

    @Test("played ranges count once however often, out of order, and never beyond the lesson; 90 % completes")
    func played() {
        var ranges = PlayedRanges()
        ranges.add(from: 0, to: 60)
        ranges.add(from: 30, to: 90)        // overlaps
        ranges.add(from: 0, to: 60)         // the same minute again
        ranges.add(from: 200, to: 230)
        ranges.add(from: 100, to: 80)       // reversed: ignored
        ranges.add(from: -5, to: 10)        // negative: ignored
        ranges.add(from: .nan, to: 5)       // not a number: ignored
        #expect(ranges.ranges == [0...90, 200...230])
        #expect(ranges.covered(of: 300) == 120)
        #expect(ranges.covered(of: 210) == 100, "clipped to the length")
        ranges.add(from: 90, to: 200)
        #expect(ranges.ranges == [0...230])
        #expect(!ranges.completes(duration: 300, percent: 90))
        ranges.add(from: 230, to: 270)
        #expect(ranges.completes(duration: 300, percent: 90))
        #expect(!PlayedRanges([(0, 1000)]).completes(duration: 0, percent: 90))
    }

    @Test("a lesson completes by its kind: read to the end or played enough, and its check questions passed")
    func completion() {
        let played = PlayedRanges([(0, 540)])
        #expect(LessonProgress(played: played).isComplete(kind: .video, durationSeconds: 600, rules: rules))
        #expect(!LessonProgress(played: played, checkPassed: false).isComplete(kind: .video, durationSeconds: 600, rules: rules))
        #expect(!LessonProgress(played: PlayedRanges([(0, 530)])).isComplete(kind: .audio, durationSeconds: 600, rules: rules))
        #expect(!LessonProgress(played: played).isComplete(kind: .text, durationSeconds: 600, rules: rules), "a text is read, not played")
        #expect(LessonProgress(readToEnd: true, checkPassed: true).isComplete(kind: .pdf, durationSeconds: 0, rules: rules))
        #expect(!LessonProgress(readToEnd: true, checkPassed: false).isComplete(kind: .text, durationSeconds: 0, rules: rules))
    }

    @Test("32 学时 for a member and 56 for a secretary or committee member, from lessons and meetings, by year")
    func hours() {
        #expect(ClassHours.required(isLeader: false, rules: rules) == 320 && ClassHours.required(isLeader: true, rules: rules) == 560)
        #expect(ClassHours.lessonTenths(seconds: 15 * 60, rules: rules) == 3 && ClassHours.lessonTenths(seconds: 5, rules: rules) == 1)
        let credits = [ClassHours.Credit(source: "党课", tenths: 20, on: date(2026, 3, 1)),
                       ClassHours.Credit(source: "微党课", tenths: 3, on: date(2026, 5, 2)),
                       ClassHours.Credit(source: "去年的培训", tenths: 40, on: date(2025, 12, 30))]
        let year = ClassHours(year: 2026, requiredTenths: 320, credits: credits)
        #expect(year.earnedTenths == 23 && !year.met && year.shortTenths == 297 && ClassHours.text(year.earnedTenths) == "2.3")
        // A five-day training over the new year: two days in one year, three in the next.
        let split = ClassHours.split(tenths: 400, from: date(2025, 12, 30), to: date(2026, 1, 3))
        #expect(split.map(\.year) == [2025, 2026] && split.map(\.tenths) == [160, 240])
        #expect(ClassHours.split(tenths: 40, from: date(2026, 3, 1), to: date(2026, 3, 1)).map(\.tenths) == [40])
    }

    @Test("必学: the member is reminded a week before the due date, the branch once it has passed; done is done")
    func required() {
        let engine = RequiredStudyToDos(rules: rules)
        let due = date(2026, 12, 20)
        func facts(own: Bool, completed: Bool = false) -> RequiredStudyToDos.Facts {
            .init(assignmentID: 4, course: "党章学习", due: due, memberID: 9, memberName: "李明", completed: completed, own: own)
        }
        #expect(engine.todos(for: facts(own: true), today: date(2026, 12, 12)).isEmpty)
        #expect(engine.todos(for: facts(own: true), today: date(2026, 12, 13)).map(\.title) == ["完成必学课程《党章学习》"])
        #expect(engine.todos(for: facts(own: false), today: date(2026, 12, 20)).isEmpty)
        #expect(engine.todos(for: facts(own: false), today: date(2026, 12, 21)).map(\.kind) == ["learning.overdue"])
        #expect(engine.todos(for: facts(own: true, completed: true), today: date(2026, 12, 21)).isEmpty)
    }

    @Test("answers: letters in any order and width for choices, 对/错 in their spellings, each blank against its alternatives")
    func answers() {
        #expect(AnswerKey(kind: .single, key: "B").accepts(" ｂ "))
        #expect(!AnswerKey(kind: .single, key: "B").accepts("BC"))
        #expect(AnswerKey(kind: .multiple, key: "ACD").accepts("dca") && !AnswerKey(kind: .multiple, key: "ACD").accepts("AC"))
        #expect(AnswerKey(kind: .trueFalse, key: "对").accepts("√") && !AnswerKey(kind: .trueFalse, key: "对").accepts("错"))
        #expect(!AnswerKey(kind: .trueFalse, key: "对").accepts("不知道"))
        let blanks = AnswerKey(kind: .fillIn, key: "中国共产党|1921/一九二一")
        #expect(blanks.accepts("中国共产党|１９２１") && blanks.accepts("中国 共产党|一九二一"))
        #expect(!blanks.accepts("中国共产党") && !blanks.accepts("中国共产党|") && !blanks.accepts("共产党|1921"))
    }

    @Test("a paper: the same mix for everyone, a different draw per person, the same draw on reload; a short bank is named")
    func papers() throws {
        let bank = (1...60).map { DrawableQuestion(id: $0, topic: $0 <= 30 ? "党章" : "党史", difficulty: $0 % 3 == 0 ? .hard : .easy) }
        let draw = PaperDraw(parts: [.init(topic: "党章", difficulty: .easy, count: 10), .init(topic: "党史", difficulty: .hard, count: 5)])
        let first = try draw.draw(from: bank, seed: PaperDraw.seed(contest: 3, member: 11))
        let again = try draw.draw(from: bank, seed: PaperDraw.seed(contest: 3, member: 11))
        let other = try draw.draw(from: bank, seed: PaperDraw.seed(contest: 3, member: 12))
        #expect(first == again && first != other)
        #expect(Set(first).count == 15 && first.prefix(10).allSatisfy { $0 <= 30 && $0 % 3 != 0 } && first.suffix(5).allSatisfy { $0 > 30 && $0 % 3 == 0 })
        let greedy = PaperDraw(parts: [.init(topic: "党史", difficulty: .hard, count: 11)])
        #expect(throws: PaperDraw.Problem.short(.init(topic: "党史", difficulty: .hard, count: 11), available: 10)) { try greedy.draw(from: bank, seed: 1) }
    }

    @Test("答题闯关: a level opens when the one before is passed")
    func levels() {
        let levels = ChallengeLevels(count: 5, passPercent: 80)
        #expect(levels.highestOpen(passed: []) == 1 && levels.highestOpen(passed: [1, 2]) == 3 && levels.highestOpen(passed: [1, 3]) == 2)
        #expect(levels.highestOpen(passed: [1, 2, 3, 4, 5]) == 5)
        #expect(levels.isOpen(2, passed: [1]) && !levels.isOpen(3, passed: [1]) && !levels.isOpen(6, passed: [1, 2, 3, 4, 5]))
        #expect(levels.passes(correct: 8, of: 10) && !levels.passes(correct: 7, of: 10) && !levels.passes(correct: 0, of: 0))
    }
}
