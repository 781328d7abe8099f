import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// 志愿服务 and the 爱心存折 through the API: publish, sign up, confirm hours (capped, once), complain, exchange at the
/// 爱心超市 by the card's QR (read by zbarimg), the quarterly board.
@Suite("Volunteering: activities, the time bank and the 爱心超市")
struct VolunteerTests {
    struct View: Decodable {
        let id: Int
        let signedUp: Int
        let state: String
        let canSignUp: Bool
        let canConfirm: Bool
        let signups: [Signup]?
        struct Signup: Decodable { let accountID: Int; let name: String; let state: String; let creditedPoints: String? }
    }
    struct Passbook: Decodable {
        let standing: Holder
        let entries: [Entry]
        struct Entry: Decodable { let kind: String; let points: String }
    }
    struct Holder: Decodable { let name: String; let balance: String; let servedThisYear: String; let stars: Int; let exchangeable: Bool; let reason: String? }
    struct Card: Decodable { let link: String; let token: String }
    struct Board: Decodable {
        let quarter: String
        let rows: [Row]
        struct Row: Decodable { let name: String; let servedThisYear: String; let balance: String; let stars: Int }
    }
    struct Item: Decodable { let id: Int; let stock: Int }
    struct Receipt: Decodable { let id: Int; let points: String; let balanceAfter: String; let volunteer: String }

    static func at(_ seconds: Double) -> String { ChinaClock.text(seconds) }

    /// What zbarimg reads from a PNG.
    static func decodeQR(_ png: ByteBuffer) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("card-\(UUID().uuidString).png")
        try Data(png.readableBytesView).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--quiet", "--raw", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("sign-up to confirmed hours (two at most, once) to a complaint; an exchange by the card's QR within the balance, once a quarter; the ledger sums to zero")
    func wholeLoop() async throws {
        try await withWorld { world in
            var secretary = try await world.token("branch-secretary")
            var member = try await world.token("member")
            let village = try await world.organizationID(ParticipationTests.village)
            let now = world.app.dangjian.clock.now().timeIntervalSince1970
            // Nonsense is refused in Chinese and nothing is kept.
            let bad = try await world.send(.POST, "/api/v1/volunteer/activities", token: secretary,
                                           json: ["organizationID": "\(village)", "title": "敬老院陪护", "place": "柳河镇敬老院",
                                                  "startsAt": Self.at(now + 7200), "endsAt": Self.at(now + 3600), "capacity": "2"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("结束时间应晚于开始时间"), "\(bad.body.string)")
            #expect(try await VolunteerActivityModel.query(on: world.app.db).count() == 0)
            let created = try await world.send(.POST, "/api/v1/volunteer/activities", token: secretary,
                                               json: ["organizationID": "\(village)", "title": "敬老院陪护", "place": "柳河镇敬老院",
                                                      "startsAt": Self.at(now + 3600), "endsAt": Self.at(now + 4 * 3600), "capacity": "2"])
            #expect(created.status == .created, "\(created.body.string)")
            let activity = try created.content.decode(View.self)

            // A member and a resident of the village sign up; the third finds it full; withdrawing frees a place.
            let registered = try await ParticipationTests.resident(world)
            var resident = registered.token
            let residentID = registered.accountID
            let (other, _) = try await ParticipationTests.resident(world, phone: "13812345670")
            for token in [member, resident] {
                let signed = try await world.send(.POST, "/api/v1/volunteer/activities/\(activity.id)/signup", token: token)
                #expect(signed.status == .ok, "\(signed.body.string)")
            }
            let full = try await world.send(.POST, "/api/v1/volunteer/activities/\(activity.id)/signup", token: other)
            #expect(full.status == .unprocessableEntity && full.body.string.contains("已满"), "\(full.body.string)")
            let twice = try await world.send(.POST, "/api/v1/volunteer/activities/\(activity.id)/signup", token: member)
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("已经报名"))

            // Hours only after the end; then 3 hours typed credit 2 (the rule), 1.5 credit 1.5.
            let early = try await world.send(.POST, "/api/v1/volunteer/activities/\(activity.id)/confirm", token: secretary, json: ["entries": [String]()])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("活动结束后"))
            world.app.dangjian.clock.advance(by: 5 * 3600)
            // Sessions idle that long have ended: everyone signs in again.
            secretary = try await world.token("branch-secretary")
            member = try await world.token("member")
            let login = try await world.send(.POST, "/api/v1/auth/login", json: ["username": ParticipationTests.phone, "password": "Wang-2026-xl"])
            resident = try login.content.decode(AuthAPI.TokenResponse.self).token
            let tooLong = try await world.send(.POST, "/api/v1/volunteer/activities/\(activity.id)/confirm", token: secretary,
                                               json: ["entries": [["accountID": "\(residentID)", "hours": "4"]]])
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("不能超过活动时长"), "\(tooLong.body.string)")
            let rosterAnswer = try await world.send(.GET, "/api/v1/volunteer/activities/\(activity.id)", token: secretary)
            #expect(rosterAnswer.status == .ok, "\(rosterAnswer.body.string)")
            let roster = try rosterAnswer.content.decode(View.self)
            let memberAccount = try #require(roster.signups?.first { $0.accountID != residentID }?.accountID)
            let confirmed = try await world.send(.POST, "/api/v1/volunteer/activities/\(activity.id)/confirm", token: secretary,
                                                 json: ["entries": [["accountID": "\(memberAccount)", "hours": "3"], ["accountID": "\(residentID)", "hours": "1.5"]]])
            #expect(confirmed.status == .ok, "\(confirmed.body.string)")
            let after = try confirmed.content.decode(View.self)
            #expect(after.state == "confirmed")
            #expect(after.signups?.first { $0.accountID == memberAccount }?.creditedPoints == "2")
            #expect(after.signups?.first { $0.accountID == residentID }?.creditedPoints == "1.5")
            let again = try await world.send(.POST, "/api/v1/volunteer/activities/\(activity.id)/confirm", token: secretary,
                                             json: ["entries": [["accountID": "\(memberAccount)", "hours": "2"]]])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("已确认时长"))
            let book = try await world.send(.GET, "/api/v1/volunteer/passbook", token: member).content.decode(Passbook.self)
            #expect(book.standing.balance == "2" && book.standing.servedThisYear == "2" && book.entries.map(\.points) == ["+2"])

            // The 爱心超市: goods priced in points; the counter scans the member's card.
            let oil = try await world.send(.POST, "/api/v1/supermarket/items", token: secretary,
                                           json: ["organizationID": "\(village)", "name": "食用油 5 升", "points": "2.5", "stock": "3", "donor": "县供销社"])
            #expect(oil.status == .created, "\(oil.body.string)")
            let soap = try await world.send(.POST, "/api/v1/supermarket/items", token: secretary,
                                            json: ["organizationID": "\(village)", "name": "洗衣皂", "points": "1", "stock": "1"])
            #expect(soap.status == .created, "\(soap.body.string)")
            let oilID = try oil.content.decode(Item.self).id, soapID = try soap.content.decode(Item.self).id
            let card = try await world.send(.GET, "/api/v1/volunteer/card", token: member).content.decode(Card.self)
            let png = try await world.send(.GET, "/api/v1/volunteer/card.png", token: member)
            #expect(png.headers.contentType == .png)
            let scanned = try Self.decodeQR(png.body)
            #expect(scanned == card.link && scanned.hasSuffix("card=\(card.token)"), "\(scanned)")
            let shown = try await world.send(.GET, "/api/v1/supermarket/holder?organizationID=\(village)&card=\(scanned.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                                             token: secretary)
            let holder = try shown.content.decode(Holder.self)
            #expect(holder.balance == "2" && holder.exchangeable && holder.name.hasSuffix("*"), "\(shown.body.string)")
            // More than the balance: refused, nothing taken.
            let dear = try await world.send(.POST, "/api/v1/supermarket/exchanges", token: secretary,
                                            json: SupermarketWork.ExchangeInput(organizationID: LenientID(village), card: scanned,
                                                                                lines: [.init(itemID: LenientID(oilID), quantity: LenientID(1))]))
            #expect(dear.status == .unprocessableEntity && dear.body.string.contains("积分不足"), "\(dear.body.string)")
            // Two counters at the same moment (the soap at one, oil at the other): one exchange, the other refused.
            let soapLine = SupermarketWork.ExchangeInput(organizationID: LenientID(village), card: card.token,
                                                         lines: [.init(itemID: LenientID(soapID), quantity: LenientID(1))])
            async let first = world.send(.POST, "/api/v1/supermarket/exchanges", token: secretary, json: soapLine)
            async let second = world.send(.POST, "/api/v1/supermarket/exchanges", token: secretary, json: soapLine)
            let both = try await [first, second]
            #expect(both.map(\.status.code).sorted() == [201, 422], "\(both.map(\.body.string))")
            let exchanged = try #require(both.first { $0.status == .created })
            let receipt = try exchanged.content.decode(Receipt.self)
            #expect(receipt.points == "1" && receipt.balanceAfter == "1")
            #expect(try await SupermarketItemModel.find(soapID, on: world.app.db)?.stock == 0)
            // Once a quarter: a second exchange is refused with the date of the first.
            let towel = try await world.send(.POST, "/api/v1/supermarket/items", token: secretary,
                                             json: ["organizationID": "\(village)", "name": "毛巾", "points": "0.5", "stock": "5"])
            let towelID = try towel.content.decode(Item.self).id
            let quarterly = try await world.send(.POST, "/api/v1/supermarket/exchanges", token: secretary,
                                                 json: SupermarketWork.ExchangeInput(organizationID: LenientID(village), card: card.token,
                                                                                     lines: [.init(itemID: LenientID(towelID), quantity: LenientID(1))]))
            #expect(quarterly.status == .unprocessableEntity && quarterly.body.string.contains("兑换次数已用完"), "\(quarterly.body.string)")
            #expect(try await SupermarketItemModel.find(towelID, on: world.app.db)?.stock == 5)
            let book2 = try await world.send(.GET, "/api/v1/volunteer/passbook", token: member).content.decode(Passbook.self)
            #expect(book2.standing.balance == "1" && book2.standing.servedThisYear == "2" && !book2.standing.exchangeable)
            #expect(book2.entries.map(\.points) == ["-1", "+2"])
            // The receipt is the counter's and the member's, nobody else's.
            #expect(try await world.send(.GET, "/api/v1/supermarket/exchanges/\(receipt.id)", token: member).status == .ok)
            #expect(try await world.send(.GET, "/api/v1/supermarket/exchanges/\(receipt.id)", token: resident).status == .notFound)

            // A valid complaint takes the resident's 1.5 back; the hours no longer count.
            let upheld = try await world.send(.POST, "/api/v1/volunteer/activities/\(activity.id)/complaints", token: secretary,
                                              json: ["accountID": "\(residentID)", "reason": "经核实当天提前离开，未完成陪护"])
            #expect(upheld.status == .ok, "\(upheld.body.string)")
            let residentBook = try await world.send(.GET, "/api/v1/volunteer/passbook", token: resident).content.decode(Passbook.self)
            #expect(residentBook.standing.balance == "0" && residentBook.standing.servedThisYear == "0")
            #expect(try await TimeBankStore.total(on: world.app.db) == 0)
            #expect(try await AuditEntryModel.query(on: world.app.db).filter(\.$action == "supermarket.exchange").count() == 1)

            // Next quarter the village posts the quarter just ended: masked names, hours, stars, balances — to anyone.
            let before = try await world.send(.GET, "/api/v1/public/organizations/\(village)/volunteers").content.decode(Board.self)
            #expect(before.rows.isEmpty, "activities of this quarter wait for its end")
            world.app.dangjian.clock.advance(by: 100 * 86_400)
            let answer = try await world.send(.GET, "/api/v1/public/organizations/\(village)/volunteers")
            let board = try answer.content.decode(Board.self)
            #expect(board.rows.count == 2 && board.rows.first?.servedThisYear == "2" && board.rows.first?.balance == "1", "\(answer.body.string)")
            #expect(board.rows.allSatisfy { $0.name.hasSuffix("*") } && !answer.body.string.contains("王秀兰"))
            let page = try await world.send(.GET, "/public/organizations/\(village)/volunteers")
            #expect(page.status == .ok && page.body.string.contains(board.quarter))
        }
    }

    @Test("out of scope answers 404 like missing and is audited; a card reissued makes the old QR worthless")
    func scopeAndCards() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let member = try await world.token("member")
            let county = try await world.token("county-admin")
            let town = try await world.organizationID(ParticipationTests.town)
            let now = world.app.dangjian.clock.now().timeIntervalSince1970
            // The village secretary cannot publish for the town above.
            let above = try await world.send(.POST, "/api/v1/volunteer/activities", token: secretary,
                                             json: ["organizationID": "\(town)", "title": "河道清理", "place": "柳河", "startsAt": Self.at(now + 3600),
                                                    "endsAt": Self.at(now + 7200), "capacity": "10"])
            #expect(above.status == .notFound)
            // The county publishes for the town: a village member below sees it; the village secretary may not keep it.
            let created = try await world.send(.POST, "/api/v1/volunteer/activities", token: county,
                                               json: ["organizationID": "\(town)", "title": "河道清理", "place": "柳河", "startsAt": Self.at(now + 3600),
                                                      "endsAt": Self.at(now + 7200), "capacity": "10"])
            #expect(created.status == .created, "\(created.body.string)")
            let id = try created.content.decode(View.self).id
            #expect(try await world.send(.GET, "/api/v1/volunteer/activities/\(id)", token: member).status == .ok)
            let denied = try await world.send(.POST, "/api/v1/volunteer/activities/\(id)/cancel", token: secretary)
            #expect(denied.status == .notFound)
            #expect(try await AuditEntryModel.query(on: world.app.db).filter(\.$action == "volunteer.activity.read").count() >= 1)
            let old = try await world.send(.GET, "/api/v1/volunteer/card", token: member).content.decode(Card.self)
            let same = try await world.send(.GET, "/api/v1/volunteer/card", token: member).content.decode(Card.self)
            #expect(old.token == same.token)
            let fresh = try await world.send(.POST, "/api/v1/volunteer/card/reissue", token: member).content.decode(Card.self)
            #expect(fresh.token != old.token)
            let village = try await world.organizationID(ParticipationTests.village)
            let stale = try await world.send(.GET, "/api/v1/supermarket/holder?organizationID=\(village)&card=\(old.token)", token: secretary)
            #expect(stale.status == .unprocessableEntity && stale.body.string.contains("没有识别出有效的服务卡"))
            #expect(try await world.send(.GET, "/api/v1/supermarket/holder?organizationID=\(village)&card=\(fresh.token)", token: secretary).status == .ok)
        }
    }
}
