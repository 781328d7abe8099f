import Foundation
import VaporTesting
import Testing
@testable import DangjianApp

@Suite("The home figures of a large scope")
struct HomeSummaryCacheTests {
    /// Counts computations; each one answers figures stamped with the time it was asked for.
    actor Counter {
        var calls = 0
        func next() -> Int { calls += 1; return calls }
    }

    static func summary(total: Int, at date: Date) -> HomeSummary {
        var members = MemberStatistics()
        members.total = total
        return HomeSummary(scopeNames: ["全省"], organizations: SubtreeTotals(), members: members, warnings: [], warningCount: 0,
                           warningsPartial: false, computedAt: date)
    }

    @Test("are computed once for everyone; after the minute the last figures answer at once while one refresh runs")
    func staleWhileRefreshing() async throws {
        let cache = HomeSummaryCache()
        let counter = Counter()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let large = HomeSummary.cachedAbove + 1
        func ask(at now: Date) async throws -> HomeSummary {
            try await cache.summary(for: "root", now: now, lifetime: 60) {
                let call = await counter.next()
                return Self.summary(total: large + call, at: now)
            }.summary
        }
        // Several visitors at once: one computation.
        async let first = ask(at: start)
        async let second = ask(at: start)
        let (a, b) = try await (first, second)
        #expect(a.members.total == b.members.total)
        #expect(await counter.calls == 1)
        // Within the minute: the same figures, nothing computed.
        #expect(try await ask(at: start.addingTimeInterval(30)).members.total == large + 1)
        #expect(await counter.calls == 1)
        // After it: the old figures at once, and a refresh whose figures the next visitor gets.
        let later = start.addingTimeInterval(61)
        #expect(try await ask(at: later).members.total == large + 1)
        var refreshed = try await ask(at: later)
        for _ in 0..<200 where refreshed.members.total == large + 1 {
            try await Task.sleep(for: .milliseconds(5))
            refreshed = try await ask(at: later)
        }
        #expect(refreshed.members.total == large + 2)
        #expect(await counter.calls == 2)
    }

    @Test("of a small scope are kept until this process writes or the minute passes, and then computed before answering")
    func smallScopesAfterWrites() async throws {
        let cache = HomeSummaryCache()
        let counter = Counter()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func ask(at moment: Date) async throws -> Int {
            try await cache.summary(for: "branch", now: moment, lifetime: 60) {
                Self.summary(total: await counter.next(), at: moment)
            }.summary.members.total
        }
        // Visits without writes: computed once (a county's figures cost 7 ms, a city's 0.4 s, on every visit before).
        for _ in 0..<3 { #expect(try await ask(at: now) == 1) }
        #expect(await counter.calls == 1)
        // A write: the next visit waits for new figures, so the secretary sees what they just did.
        await cache.dataChanged()
        #expect(try await ask(at: now) == 2)
        #expect(try await ask(at: now.addingTimeInterval(30)) == 2)
        // The minute passed: computed again before answering (a small scope is quick).
        #expect(try await ask(at: now.addingTimeInterval(61)) == 3)
        #expect(await counter.calls == 3)
    }

    @Test("of a large scope after a write: the last figures at once, the new ones for the next visitor")
    func largeScopesAfterWrites() async throws {
        let cache = HomeSummaryCache()
        let counter = Counter()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let large = HomeSummary.cachedAbove + 1
        func ask() async throws -> Int {
            try await cache.summary(for: "province", now: now, lifetime: 60) {
                Self.summary(total: large + (await counter.next()), at: now)
            }.summary.members.total
        }
        #expect(try await ask() == large + 1)
        await cache.dataChanged()
        #expect(try await ask() == large + 1)
        var refreshed = try await ask()
        for _ in 0..<200 where refreshed == large + 1 {
            try await Task.sleep(for: .milliseconds(5))
            refreshed = try await ask()
        }
        #expect(refreshed == large + 2)
        #expect(await counter.calls == 2)
    }
}

@Suite("The home figures after a write")
struct HomeFiguresAfterWriteTests {
    @Test("a branch secretary who adds a member sees the count change at once, though the figures are kept between writes")
    func countChangesAfterWrite() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            func total() async throws -> Int {
                try await world.send(.GET, "/api/v1/home", token: token).content.decode(HomeSummary.self).members.total
            }
            let before = try await total()
            #expect(try await total() == before)
            var body = MemberTests.newMember(MemberTests.validID)
            body["organizationID"] = "\(try await world.organizationID(MemberTests.branch))"
            let created = try await world.send(.POST, "/api/v1/members", token: token, json: body)
            #expect(created.status == .created)
            #expect(try await total() == before + 1)
        }
    }
}
