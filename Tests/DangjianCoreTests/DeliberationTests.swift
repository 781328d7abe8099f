import Testing
@testable import DangjianCore

@Suite("四议两公开: the order of the steps, each meeting's quorum and majority")
struct DeliberationTests {
    func date(_ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: 2026, month: month, day: day)! }

    @Test("a Party meeting passes with more than half of those entitled, a villagers' meeting with more than half of those present")
    func majorities() throws {
        let party = try Assembly.partyGeneral.evaluate(AssemblyVote(roll: 40, present: 30, yes: 20, no: 8, abstain: 2))
        #expect(party.quorate && !party.passed && party.reasons.last == "赞成 20 票，未超过应到会有表决权的正式党员 40 人的半数，未通过")
        #expect(try Assembly.partyGeneral.evaluate(AssemblyVote(roll: 40, present: 30, yes: 21, no: 8, abstain: 1)).passed)
        let villagers = try Assembly.representativeAssembly.evaluate(AssemblyVote(roll: 45, present: 30, yes: 16, no: 14, abstain: 0))
        #expect(villagers.quorate && villagers.passed && villagers.reasons.last == "赞成 16 票，超过到会 30 人的半数，通过")
        // Representatives and households need two thirds; villagers more than half.
        #expect(!(try Assembly.representativeAssembly.evaluate(AssemblyVote(roll: 45, present: 29, yes: 29, no: 0, abstain: 0)).quorate))
        #expect(try Assembly.householdAssembly.evaluate(AssemblyVote(roll: 300, present: 200, yes: 101, no: 0, abstain: 0)).passed)
        #expect(!(try Assembly.villagerAssembly.evaluate(AssemblyVote(roll: 1000, present: 500, yes: 500, no: 0, abstain: 0)).quorate))
        #expect(throws: VoteProblem.self) { try Assembly.twoCommittees.evaluate(AssemblyVote(roll: 9, present: 10, yes: 9, no: 0, abstain: 0)) }
        #expect(throws: VoteProblem.self) { try Assembly.twoCommittees.evaluate(AssemblyVote(roll: 9, present: 7, yes: 5, no: 2, abstain: 1)) }
    }

    @Test("the steps in their order, each at its own meeting; a meeting without its quorum records nothing; a vote lost stops the matter")
    func order() throws {
        var flow = DeliberationFlow(taken: [])
        let today = date(12, 20)
        #expect(flow.next == .proposal)
        #expect(throws: DeliberationRefusal.outOfOrder(expected: .proposal, given: .partyReview)) {
            try flow.take(.partyReview, on: date(12, 1), today: today, assembly: .partyGeneral, vote: AssemblyVote(roll: 10, present: 9, yes: 9, no: 0, abstain: 0))
        }
        #expect(throws: DeliberationRefusal.wrongAssembly(.proposal)) {
            try flow.take(.proposal, on: date(12, 1), today: today, assembly: .partyGeneral, vote: AssemblyVote(roll: 5, present: 5, yes: 5, no: 0, abstain: 0))
        }
        try flow.take(.proposal, on: date(12, 1), today: today, assembly: .partyCommittee, vote: AssemblyVote(roll: 5, present: 5, yes: 4, no: 1, abstain: 0))
        #expect(throws: DeliberationRefusal.beforePrevious(date(12, 1))) {
            try flow.take(.consultation, on: date(11, 30), today: today, assembly: .twoCommittees, vote: AssemblyVote(roll: 9, present: 9, yes: 9, no: 0, abstain: 0))
        }
        #expect(throws: DeliberationRefusal.inFuture) {
            try flow.take(.consultation, on: date(12, 21), today: today, assembly: .twoCommittees, vote: AssemblyVote(roll: 9, present: 9, yes: 9, no: 0, abstain: 0))
        }
        do {
            try flow.take(.consultation, on: date(12, 3), today: today, assembly: .twoCommittees, vote: AssemblyVote(roll: 9, present: 4, yes: 4, no: 0, abstain: 0))
            Issue.record("a meeting without its quorum was recorded")
        } catch { #expect(error.message.contains("未达到“超过村“两委”成员的半数到会”")) }
        #expect(flow.next == .consultation && flow.taken.count == 1)
        try flow.take(.consultation, on: date(12, 3), today: today, assembly: .twoCommittees, vote: AssemblyVote(roll: 9, present: 8, yes: 8, no: 0, abstain: 0))
        try flow.take(.partyReview, on: date(12, 8), today: today, assembly: .partyGeneral, vote: AssemblyVote(roll: 40, present: 35, yes: 33, no: 2, abstain: 0))
        try flow.take(.resolution, on: date(12, 12), today: today, assembly: .representativeAssembly, vote: AssemblyVote(roll: 45, present: 40, yes: 38, no: 2, abstain: 0))
        try flow.take(.resolutionPublished, on: date(12, 13), today: today, assembly: nil, vote: nil)
        try flow.take(.resultPublished, on: date(12, 20), today: today, assembly: nil, vote: nil)
        #expect(flow.state == .completed && flow.next == nil)
        #expect(throws: DeliberationRefusal.closed(.completed)) { try flow.take(.resultPublished, on: today, today: today, assembly: nil, vote: nil) }

        var lost = DeliberationFlow(taken: [])
        try lost.take(.proposal, on: date(12, 1), today: today, assembly: .partyCommittee, vote: AssemblyVote(roll: 5, present: 5, yes: 2, no: 3, abstain: 0))
        #expect(lost.state == .rejected && lost.next == nil)
    }
}
