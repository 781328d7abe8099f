import Testing
@testable import DangjianCore

@Suite("题库、闯关与竞赛: checking a question, a level's paper, a contest's clock and its tally, weak topics")
struct QuestionBankTests {
    @Test("a question is checked the same from a form and from a row: letters within the options, 对/错, blanks marked")
    func drafts() throws {
        let good = try QuestionDraft.check(kind: "multiple", difficulty: "较难", stem: "下列属于党员权利的是？", options: ["表决权", "  ", "选举权", "无"],
                                           answer: "ｂａ", explanation: nil).get()
        #expect(good.options == ["表决权", "选举权", "无"] && good.answer == "AB" && good.difficulty == .hard)
        func fields(_ result: Result<QuestionDraft, QuestionProblems>) -> [String] {
            if case .failure(let problems) = result { return problems.errors.map(\.field) } else { return [] }
        }
        #expect(fields(QuestionDraft.check(kind: "single", difficulty: "easy", stem: "哪一年？", options: ["1921", "1949"], answer: "C", explanation: "")) == ["answer"])
        #expect(fields(QuestionDraft.check(kind: "single", difficulty: "easy", stem: "哪一年？", options: ["1921", "1949"], answer: "AB", explanation: "")) == ["answer"])
        #expect(fields(QuestionDraft.check(kind: "判断题", difficulty: "中等", stem: "党费按月交纳。", options: nil, answer: "不知道", explanation: "")) == ["answer"])
        #expect(fields(QuestionDraft.check(kind: "fill-in", difficulty: "easy", stem: "一大在上海召开。", options: nil, answer: "上海", explanation: "")) == ["answer"])
        #expect(fields(QuestionDraft.check(kind: "essay", difficulty: "hardest", stem: "短", options: nil, answer: "", explanation: "")) == ["kind", "stem", "difficulty"])
        #expect(try QuestionDraft.check(kind: "判断题", difficulty: "容易", stem: "党费按月交纳。", options: ["x"], answer: "√", explanation: "").get().answer == "对")
    }

    @Test("a template row reads by header names in any order; written back it reads the same")
    func rows() throws {
        let header = ["题目", "专题", "题型", "答案", "选项A", "选项B", "选项C", "难度", "解析", "出处"]
        let row = try QuestionDraft.row(["遵义会议召开于？", "党史", "单选题", "B", "1934年", "1935年", "1936年", "容易", "1935年1月", "党史读本"], header: header).get()
        #expect(row.topic == "党史" && row.draft.answer == "B" && row.draft.options.count == 3 && row.source == "党史读本")
        let again = try QuestionDraft.row(row.draft.cells(topic: row.topic, source: row.source), header: QuestionDraft.headers).get()
        #expect(again == row)
        guard case .failure(let problems) = QuestionDraft.row(["", "", "", ""], header: header) else { Issue.record("an empty row passed"); return }
        #expect(problems.errors.map(\.field).contains("topic") && problems.errors.map(\.field).contains("stem"))
    }

    @Test("a level's paper: five questions, easy ones first at level 1, hard ones at level 5, borrowing when short")
    func levels() {
        let bank = (1...30).map { DrawableQuestion(id: $0, topic: "1", difficulty: $0 <= 10 ? .easy : $0 <= 20 ? .medium : .hard) }
        let first = ChallengePaper.draw(level: 1, from: bank, seed: 3)
        #expect(first.count == 5 && first.allSatisfy { $0 <= 10 } && Set(first).count == 5)
        #expect(ChallengePaper.draw(level: 5, from: bank, seed: 3).allSatisfy { $0 > 20 })
        let short = bank.filter { $0.difficulty != .easy || $0.id <= 2 }
        let borrowed = ChallengePaper.draw(level: 1, from: short, seed: 9)
        #expect(borrowed.count == 5 && borrowed.filter { $0 <= 2 }.count == 2)
        #expect(ChallengePaper.draw(level: 1, from: bank, seed: 3) == first && ChallengePaper.draw(level: 1, from: bank, seed: 4) != first)
    }

    @Test("a contest's clock: upcoming, open, closed; the deadline never past the close; 30 seconds of grace; results after the close")
    func window() {
        let window = ContestWindow(opens: 1000, closes: 5000, minutes: 20)
        #expect(window.phase(at: 999) == .upcoming && window.phase(at: 1000) == .open && window.phase(at: 5000) == .closed)
        #expect(window.deadline(startingAt: 2000) == 3200 && window.deadline(startingAt: 4500) == 5000)
        #expect(window.accepts(submittedAt: 3230, deadline: 3200) && !window.accepts(submittedAt: 3231, deadline: 3200))
        #expect(!window.resultsVisible(at: 4999) && window.resultsVisible(at: 5000))
    }

    @Test("a tally per organization: who took part and their average, never who was fastest")
    func tally() {
        let tallies = ContestTally.tally(eligible: [2: 3, 3: 1, 4: 0, 5: 1], takers: [2: .init(took: 2, percentSum: 151), 5: .init(took: 2, percentSum: 100)])
        #expect(tallies == [ContestTally(organizationID: 2, eligible: 3, took: 2, averagePercent: 76),
                            ContestTally(organizationID: 3, eligible: 1, took: 0, averagePercent: nil),
                            ContestTally(organizationID: 5, eligible: 2, took: 2, averagePercent: 50)])
        #expect(tallies[0].participationPercent == 66 && tallies[1].participationPercent == 0)
    }

    @Test("weak topics: enough wrong answers and a low share right, the worst first")
    func weak() {
        let marks: [(topic: Int, correct: Bool)] = [(1, false), (1, false), (1, true), (2, false), (2, false), (2, false), (3, false), (3, true), (3, true), (3, true)]
        #expect(WeakTopics.rank(marks).map(\.topic) == [2, 1])
        #expect(WeakTopics.rank([]).isEmpty)
    }
}
