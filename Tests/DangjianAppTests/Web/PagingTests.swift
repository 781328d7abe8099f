import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// Long lists page with their totals: every activity of the county is reached page by page, once each, in order; the
/// arrears list says how many owe and pages through them with its filters.
@Suite("Long lists page with totals")
struct PagingTests {
    static func ids(_ html: String, prefix: String) -> [Int] {
        html.matches(of: /href="\/(activities|dues\/members)\/(\d+)"/).compactMap { $0.1 == prefix ? Int($0.2) : nil }
    }

    static func next(_ html: String, label: String) -> String? {
        guard let range = html.range(of: "\">\(label)</a>") else { return nil }
        let before = html[..<range.lowerBound]
        guard let start = before.range(of: "href=\"", options: .backwards) else { return nil }
        return String(before[start.upperBound...]).replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test("the county's activities, 50 a page, every one once, newest first, with the total")
    func activities() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("county-admin")
            let all = try await ActivityModel.query(on: world.app.db).all()
            #expect(all.count > 50, "the demo county has more than a page")
            var path: String? = "/activities"
            var seen: [Int] = []
            var pages = 0
            while let current = path, pages < 200 {
                let html = try await session.get(current).body.string
                if pages == 0 { #expect(html.contains("共 \(all.count) 次活动，这里是第 1–50 次")) }
                let shown = Self.ids(html, prefix: "activities").filter { id in all.contains { $0.id == id } }
                #expect(shown.count <= 50)
                seen += shown
                path = Self.next(html, label: "更早的活动")
                pages += 1
            }
            #expect(seen.count == all.count && Set(seen).count == all.count, "every activity once")
            let order = all.sorted { ($0.onDate, $0.id!) > ($1.onDate, $1.id!) }.map { $0.id! }
            #expect(seen == order)
            let planned = try await session.get("/activities?state=planned").body.string
            let plannedCount = all.count { $0.state == .planned }
            #expect(planned.contains("共 \(plannedCount) 次活动") || (plannedCount == 0 && planned.contains("没有符合条件的活动")))
        }
    }

    @Test("arrears: how many owe and what in all, 50 a page, filtered by months unpaid")
    func arrears() async throws {
        try await withWorld { world in
            // A county where nobody has paid this year: more than a page owes.
            let session = try await world.browserLogin("county-admin")
            let town = try await world.organizationID("中共青禾县委员会")
            try await DuesPaymentModel.query(on: world.app.db).delete()
            let html = try await session.get("/dues/arrears?organization=\(town)").body.string
            let owing = try #require(html.firstMatch(of: /共 <strong>(\d+)<\/strong> 人欠交/).flatMap { Int($0.1) })
            let first = Self.ids(html, prefix: "dues/members")
            #expect(first.count == min(owing, 50))
            #expect(owing > 50, "more than a page owes")
            do {
                #expect(html.contains("这里是第 1–50 人"))
                let second = try await session.get(try #require(Self.next(html, label: "下一页"))).body.string
                #expect(Set(Self.ids(second, prefix: "dues/members")).isDisjoint(with: first))
            }
            let lapse = world.app.dangjian.rules.value(.duesLapseMonths)
            let filtered = try await session.get("/dues/arrears?organization=\(town)&only=lapse").body.string
            let rows = filtered.matches(of: /<span class="tag warn-tag">(\d+) 个月<\/span>/).compactMap { Int($0.1) }
            #expect(rows.allSatisfy { $0 >= lapse })
            #expect(filtered.contains("<option value=\"lapse\" selected>"))
        }
    }
}
