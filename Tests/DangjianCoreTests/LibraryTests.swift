import Testing
@testable import DangjianCore

@Suite("学习资料库: who a course is for, what a lesson credits, the length of a stored file")
struct LibraryCoreTests {
    let rules = RuleBook.national

    func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }

    @Test("audiences: leaders by office, probationary by membership, 流动 by status, elderly by the rule's age on the day")
    func audiences() {
        func facts(membership: Membership = .full, status: MemberStatus = .active, category: MemberCategory? = .farmer,
                   born: CalendarDate, leader: Bool = false) -> StudyAudience.Facts {
            .init(membership: membership, status: status, category: category, birthDate: born, isLeader: leader)
        }
        let today = date(2026, 12, 1)
        let ordinary = facts(born: date(1980, 5, 1))
        #expect(StudyAudience.all.includes(ordinary, today: today, rules: rules))
        #expect(!StudyAudience.leaders.includes(ordinary, today: today, rules: rules))
        #expect(StudyAudience.leaders.includes(facts(born: date(1980, 5, 1), leader: true), today: today, rules: rules))
        #expect(StudyAudience.probationary.includes(facts(membership: .probationary, born: date(2000, 1, 1)), today: today, rules: rules))
        #expect(StudyAudience.mobile.includes(facts(status: .mobile, born: date(1990, 1, 1)), today: today, rules: rules))
        // 70 on 1 December 2026 is elderly; a day short is not.
        #expect(StudyAudience.elderly.includes(facts(born: date(1956, 12, 1)), today: today, rules: rules))
        #expect(!StudyAudience.elderly.includes(facts(born: date(1956, 12, 2)), today: today, rules: rules))
        #expect(StudyAudience.category(.farmer).includes(ordinary, today: today, rules: rules))
        #expect(!StudyAudience.category(.retired).includes(ordinary, today: today, rules: rules))
        for audience in StudyAudience.allCases { #expect(StudyAudience(rawValue: audience.rawValue) == audience) }
        #expect(StudyAudience(rawValue: "category:nobody") == nil && StudyAudience(rawValue: "") == nil)
    }

    @Test("a lesson's 学时: a played one by its length, a read one by its minutes, at least 0.1; a check passes at 80 %")
    func credit() {
        #expect(LessonCredit.tenths(kind: .video, durationSeconds: 3600, readingMinutes: 0, rules: rules) == 10)
        #expect(LessonCredit.tenths(kind: .audio, durationSeconds: 30, readingMinutes: 0, rules: rules) == 1)
        #expect(LessonCredit.tenths(kind: .text, durationSeconds: 0, readingMinutes: 30, rules: rules) == 5)
        #expect(LessonCredit.tenths(kind: .pdf, durationSeconds: 999, readingMinutes: 90, rules: rules) == 15)
        #expect(LessonCredit.passes(correct: 4, of: 5, rules: rules) && !LessonCredit.passes(correct: 3, of: 5, rules: rules))
        #expect(!LessonCredit.passes(correct: 0, of: 0, rules: rules))
        #expect(LessonCredit.clock(65) == "1:05" && LessonCredit.clock(3723) == "1:02:03" && LessonCredit.clock(.nan) == "0:00")
        #expect(CourseStanding(lessons: 4, completed: 3).percent == 75 && !CourseStanding(lessons: 4, completed: 3).isComplete)
        #expect(CourseStanding(lessons: 0, completed: 0).percent == 0 && !CourseStanding(lessons: 0, completed: 0).isComplete)
    }

    @Test("overdue 必学 is one to-do for the branch with the count; none before the due date or when all are done")
    func branchToDo() {
        let engine = RequiredStudyToDos(rules: rules)
        let due = date(2026, 12, 20)
        func todos(behind: Int, today: CalendarDate) -> [ToDo] {
            engine.branch(assignmentID: 3, course: "学党章", due: due, organizationID: 7, organizationName: "东岗村党支部", behind: behind, today: today)
        }
        #expect(todos(behind: 5, today: date(2026, 12, 20)).isEmpty)
        #expect(todos(behind: 0, today: date(2026, 12, 21)).isEmpty)
        #expect(todos(behind: 5, today: date(2026, 12, 21)).map(\.title) == ["督促 5 名党员完成逾期的必学课程《学党章》"])
    }

    @Test("the length of a WAV from its header, of an MP4 from its movie header wherever it sits; audio kinds by content")
    func durations() throws {
        let wav = DemoAudio.wav(seconds: 3, seed: 1)
        #expect(FileKind.sniff(wav) == .wav)
        func reader(_ bytes: [UInt8]) -> (Int64, Int) -> [UInt8] {
            { offset, count in Array(bytes[Int(min(offset, Int64(bytes.count)))..<min(bytes.count, Int(offset) + count)]) }
        }
        #expect(MediaDuration.seconds(kind: .wav, size: Int64(wav.count), read: reader(wav)) == 3)
        // ftyp, a free box, then moov holding mvhd (version 0): timescale 1000, duration 95500 → 95.5 s.
        func box(_ name: String, _ body: [UInt8]) -> [UInt8] {
            let length = UInt32(8 + body.count)
            return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + Array(name.utf8) + body
        }
        func be(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        let mvhd = box("mvhd", [0, 0, 0, 0] + be(0) + be(0) + be(1000) + be(95_500) + [UInt8](repeating: 0, count: 80))
        let mp4 = box("ftyp", Array("isom".utf8) + be(0)) + box("free", [1, 2, 3]) + box("mdat", [UInt8](repeating: 9, count: 40)) + box("moov", mvhd)
        #expect(FileKind.sniff(mp4) == .mp4)
        #expect(MediaDuration.seconds(kind: .mp4, size: Int64(mp4.count), read: reader(mp4)) == 95.5)
        // Truncated or nonsense: no length, no crash.
        #expect(MediaDuration.seconds(kind: .mp4, size: 20, read: reader(Array(mp4.prefix(20)))) == nil)
        #expect(MediaDuration.seconds(kind: .wav, size: 12, read: reader(Array(wav.prefix(12)))) == nil)
        let huge: [UInt8] = box("free", []) + [0, 0, 0, 1] + Array("ftyp".utf8) + [UInt8](repeating: 0xFF, count: 8) + [UInt8](repeating: 0, count: 16)
        #expect(MediaDuration.seconds(kind: .mp4, size: Int64(huge.count), read: reader(huge)) == nil)
        // A movie header claiming 2⁶⁴ − 1 ticks at one a second, or a WAV claiming more than a day: no length read.
        let endless = box("ftyp", Array("isom".utf8) + be(0))
            + box("moov", box("mvhd", [1, 0, 0, 0] + [UInt8](repeating: 0, count: 16) + be(1) + [UInt8](repeating: 0xFF, count: 8) + [UInt8](repeating: 0, count: 80)))
        #expect(MediaDuration.seconds(kind: .mp4, size: Int64(endless.count), read: reader(endless)) == nil)
        let slow = DemoAudio.wav(seconds: 11, seed: 2)   // 88,000 bytes of samples
        var crawling = slow
        crawling.replaceSubrange(28..<32, with: [1, 0, 0, 0])   // a byte rate of one byte a second
        #expect(MediaDuration.seconds(kind: .wav, size: Int64(crawling.count), read: reader(crawling)) == nil)
        #expect(LessonCredit.clock(1.8e19) == LessonCredit.clock(1e12))
        #expect(LessonCredit.clock(-.infinity) == "0:00")
        #expect(ClassHours.lessonTenths(seconds: 1.8e19, rules: rules) > 0)
        #expect(MediaDuration.seconds(kind: .webm, size: 4, read: reader([0x1A, 0x45, 0xDF, 0xA3])) == nil)
        #expect(FileKind.sniff(Array("ID3\u{3}".utf8) + [UInt8](repeating: 0, count: 12)) == .mp3)
        #expect(FileKind.sniff(Array("OggS".utf8) + [UInt8](repeating: 0, count: 12)) == .ogg)
        #expect(FileKind.sniff([0, 0, 0, 0x20] + Array("ftypM4A ".utf8) + [0, 0, 0, 0]) == .m4a)
    }

    @Test("a demo poster: 16:9, a gold star at the left, light title bars at the right, the background darkening downwards")
    func demoPoster() {
        let picture = DemoPoster.draw(3)
        #expect(picture.width * 9 == picture.height * 16 && picture.pixels.count == picture.width * picture.height)
        func at(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) { picture.palette[Int(picture.pixels[y * picture.width + x])] }
        #expect(at(120, 135) == (250, 204, 21) && at(120, 60) == (250, 204, 21) && at(60, 60) != (250, 204, 21))
        #expect(at(300, 110) == (255, 236, 200))
        #expect(at(470, 5).0 > at(470, 265).0)
        #expect(DemoPoster.draw(0).pixels != DemoPoster.draw(1).pixels)
    }

    @Test("the demo library: every course has lessons, every check question's key accepts its own answer")
    func demoLibrary() {
        let courses = DemoLibrary.courses + [DemoLibrary.villageStory]
        // About 10 courses, 40 lessons and 300 questions (issue 17), every stem different.
        let lessons = courses.flatMap(\.lessons)
        #expect(courses.count >= 10 && courses.allSatisfy { !$0.lessons.isEmpty } && lessons.count >= 40)
        let bank = DemoQuestionBank.entries
        let stems = bank.map(\.question.stem) + lessons.flatMap(\.questions).map(\.stem)
        #expect(stems.count >= 300 && Set(stems).count == stems.count, "\(stems.count) questions; twice: \(Dictionary(grouping: stems, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        #expect(Set(bank.map(\.topic)).count >= 6 && Set(bank.map(\.difficulty)) == Set(Difficulty.allCases))
        for question in courses.flatMap(\.lessons).flatMap(\.questions) + bank.map(\.question) {
            let given = question.kind == .fillIn ? String(question.answer.split(separator: "/").first ?? "") : question.answer
            #expect(AnswerKey(kind: question.kind, key: question.answer).accepts(given), "\(question.stem)")
            if question.kind == .single {
                #expect(question.options.count >= 2 && Set(question.options).count == question.options.count, "\(question.stem)")
                #expect(!AnswerKey(kind: .single, key: question.answer).accepts(question.answer == "A" ? "B" : "A"))
            }
        }
    }
}
