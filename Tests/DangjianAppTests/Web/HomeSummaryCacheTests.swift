import Foundation
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
            }
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

    @Test("of a small scope are not kept: every visit computes them")
    func smallScopesAreFresh() async throws {
        let cache = HomeSummaryCache()
        let counter = Counter()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<3 {
            _ = try await cache.summary(for: "branch", now: now, lifetime: 60) {
                Self.summary(total: await counter.next(), at: now)
            }
        }
        #expect(await counter.calls == 3)
    }
}
