import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// 三务公开 through the API and the pages: review by another committee member, publishing, corrections that keep the old
/// version, questions from the village's people and public answers, what is owed as to-dos, and who may see what.
@Suite("三务公开: publications, versions, questions and what is owed")
struct PublicityAppTests {
    static let village = ParticipationTests.village

    struct View: Decodable {
        let id: Int
        let seriesID: Int
        let version: Int
        let state: String
        let title: String
        let finance: Finance?
        let versions: [Version]
        let questions: [Question]
        let canReview: Bool
        let canCorrect: Bool
        struct Finance: Decodable { let income: String; let spending: String; let closing: String }
        struct Version: Decodable { let id: Int; let stateLabel: String }
        struct Question: Decodable { let id: Int; let asker: String; let text: String; let answer: String? }
    }
    struct Summary: Decodable { let id: Int; let title: String; let version: Int }
    struct Listing: Decodable {
        let duties: [Duty]
        struct Duty: Decodable { let organizationName: String; let kind: String; let periodLabel: String; let status: String; let overdue: Bool }
    }
    struct ToDoItem: Decodable { let kind: String; let title: String; let subject: String }

    static func finance(_ villageID: Int, closing: String) -> PublicityWork.Input {
        PublicityWork.Input(organizationID: villageID, kind: "finance", period: "2026-10", title: nil,
                            items: [.init(title: "说明", text: "凭证在村委会备查")], opening: "5000", closing: closing,
                            lines: [.init(direction: "income", subject: "土地租金", amount: "12000"),
                                    .init(direction: "支出", subject: "村道维修", amount: "3500.50"),
                                    .init(direction: nil, subject: "", amount: "")])
    }

    @Test("drafted, reviewed by someone else, published; asked and answered in public; corrected by a new version that keeps the old")
    func lifecycle() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary"), committee = try await world.token("branch-committee")
            let villageID = try await world.organizationID(Self.village)
            let unbalanced = try await world.send(.POST, "/api/v1/publicity", token: secretary, json: Self.finance(villageID, closing: "13500"))
            #expect(unbalanced.status == .unprocessableEntity && unbalanced.body.string.contains("账目不平") && unbalanced.body.string.contains("13,499.50"))
            let created = try await world.send(.POST, "/api/v1/publicity", token: secretary, json: Self.finance(villageID, closing: "13499.50"))
            #expect(created.status == .created, "\(created.body.string)")
            let draft = try created.content.decode(View.self)
            #expect(draft.title == "2026年10月财务公开" && draft.finance?.income == "12,000.00" && draft.finance?.spending == "3,500.50")
            #expect(!draft.canReview)

            // Nobody outside reads a draft; the author cannot review their own; publishing needs the review.
            #expect(try await world.send(.GET, "/api/v1/public/publicity/\(draft.id)").status == .notFound)
            let own = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/review", token: secretary, json: ["note": "支委会审核"])
            #expect(own.status == .unprocessableEntity && own.body.string.contains("起草人不能审核"))
            let early = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/publish", token: committee)
            #expect(early.status == .unprocessableEntity && early.body.string.contains("须经党组织（两委）审核"))
            #expect(try await world.send(.POST, "/api/v1/publicity/\(draft.id)/review", token: committee, json: ["note": "11月2日村两委会议审核"]).status == .ok)
            let published = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/publish", token: secretary).content.decode(View.self)
            #expect(published.state == "published" && published.canCorrect)
            let edit = try await world.send(.PUT, "/api/v1/publicity/\(draft.id)", token: secretary, json: Self.finance(villageID, closing: "13499.50"))
            #expect(edit.status == .unprocessableEntity && edit.body.string.contains("只能通过“更正”"))

            // A resident of the village asks; a member of a branch elsewhere may not; the village answers in public.
            let (resident, _) = try await ParticipationTests.resident(world)
            let question = "村道维修 3500.50 元是哪段路？"
            let asked = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/questions", token: resident, json: ["text": question])
            #expect(asked.status == .created, "\(asked.body.string)")
            let questionID = try #require(try asked.content.decode(View.self).questions.first?.id)
            let elsewhere = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/questions", token: try await world.token("county-admin"),
                                                 json: ["text": "这个问题来自县里的账号"])
            #expect(elsewhere.status == .unprocessableEntity && elsewhere.body.string.contains("只有本村（社区）的群众和党员可以"))
            let answered = try await world.send(.POST, "/api/v1/publicity/questions/\(questionID)/answer", token: committee,
                                                json: ["answer": "三组村道东头 200 米"])
            #expect(try answered.content.decode(View.self).questions.first?.answer == "三组村道东头 200 米")
            let page = try await world.app.testing().sendRequest(.GET, "/public/publicity/\(draft.id)")
            #expect(page.status == .ok && page.body.string.contains(question) && page.body.string.contains("群众提问") && !page.body.string.contains("王秀兰"))
            #expect(page.headers.first(name: .cacheControl)?.contains("public") == true)

            // A correction: a new draft; the first version stays public until the correction is published, then is marked.
            let correction = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/correct", token: secretary, json: ["reason": "漏记一笔办公费支出"])
            #expect(correction.status == .created)
            let second = try correction.content.decode(View.self)
            #expect(second.version == 2 && second.seriesID == draft.id && second.state == "draft")
            let again = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/correct", token: secretary, json: ["reason": "再改一次"])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("已有一份待公开的更正稿"))
            var corrected = Self.finance(villageID, closing: "13299.50")
            corrected.lines?.append(.init(direction: "spending", subject: "办公费", amount: "200"))
            #expect(try await world.send(.PUT, "/api/v1/publicity/\(second.id)", token: secretary, json: corrected).status == .ok)
            #expect(try await world.send(.GET, "/api/v1/public/publicity/\(second.id)").status == .notFound)
            _ = try await world.send(.POST, "/api/v1/publicity/\(second.id)/review", token: committee, json: ["note": "11月5日支委会审核"])
            _ = try await world.send(.POST, "/api/v1/publicity/\(second.id)/publish", token: committee)
            let first = try await world.send(.GET, "/api/v1/public/publicity/\(draft.id)").content.decode(View.self)
            #expect(first.state == "superseded" && first.versions.map(\.id) == [draft.id, second.id] && first.questions.count == 1)
            let list = try await world.send(.GET, "/api/v1/public/organizations/\(villageID)/publicity").content.decode([Summary].self)
            #expect(list.map(\.id) == [second.id] && list.first?.version == 2)
            let actions = try await world.auditEntries(action: "publicity.publish")
            #expect(actions.count == 2)
        }
    }

    @Test("a draft is the caller's only inside their scope: elsewhere it answers 404 like a missing one, and the attempt is audited")
    func scope() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let villageID = try await world.organizationID(Self.village)
            let draft = try await world.send(.POST, "/api/v1/publicity", token: secretary, json: Self.finance(villageID, closing: "13499.50"))
                .content.decode(View.self)
            #expect(try await world.send(.GET, "/api/v1/publicity/\(draft.id)", token: try await world.token("town-secretary")).status == .ok)
            // The sibling village's branch secretary, made for the test.
            let sibling = try await world.organizationID("柳河镇西岗村党支部")
            let other = try await world.send(.POST, "/api/v1/publicity", token: try await world.token("county-admin"),
                                             json: PublicityWork.Input(organizationID: sibling, kind: "party", period: "2026-10",
                                                                       items: [.init(title: "组织生活", text: "召开支部党员大会 1 次")]))
            #expect(other.status == .created)
            let otherID = try other.content.decode(View.self).id
            let before = try await world.auditEntries(action: "publicity.read").count
            #expect(try await world.send(.GET, "/api/v1/publicity/\(otherID)", token: secretary).status == .notFound)
            #expect(try await world.send(.POST, "/api/v1/publicity/\(otherID)/review", token: secretary, json: ["note": "越权审核"]).status == .notFound)
            #expect(try await world.auditEntries(action: "publicity.read").count == before + 2)
            // 村务 and 财务 are a village's or community's; a government office publishes 党务 only.
            let office = try await world.send(.POST, "/api/v1/publicity", token: try await world.token("county-admin"),
                                              json: PublicityWork.Input(organizationID: try await world.organizationID("柳河镇党委"),
                                                                        kind: "finance", period: "2026-10"))
            #expect(office.status == .unprocessableEntity && office.body.string.contains("只发布党务公开"))
        }
    }

    @Test("what is owed is the village's to-do; the town is reminded only of what is overdue, exactly as the schedule says")
    func owed() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary")
            let today = world.app.dangjian.clock.today()
            let lastMonth = PublicityPeriod.aligned(months: 1, containing: PublicityPeriod.aligned(months: 1, containing: today).start.adding(days: -1))
            let todos = try await world.send(.GET, "/api/v1/todos", token: secretary).content.decode([ToDoItem].self)
            let party = "发布\(lastMonth.chinese)党务公开"
            #expect(todos.contains { $0.kind == "publicity.publish" && $0.title == party && $0.subject == Self.village })
            let villageID = try await world.organizationID(Self.village)
            let input = PublicityWork.Input(organizationID: villageID, kind: "party", period: lastMonth.typed,
                                            items: [.init(title: "组织生活", text: "召开支部党员大会 1 次")])
            let id = try await world.send(.POST, "/api/v1/publicity", token: secretary, json: input).content.decode(View.self).id
            _ = try await world.send(.POST, "/api/v1/publicity/\(id)/review", token: try await world.token("branch-committee"), json: ["note": "支委会审核"])
            #expect(try await world.send(.POST, "/api/v1/publicity/\(id)/publish", token: secretary).status == .ok)
            let after = try await world.send(.GET, "/api/v1/todos", token: secretary).content.decode([ToDoItem].self)
            #expect(!after.contains { $0.title == party })

            let town = try await world.token("town-secretary")
            let townToDos = try await world.send(.GET, "/api/v1/todos", token: town).content.decode([ToDoItem].self).filter { $0.kind.hasPrefix("publicity.") }
            #expect(townToDos.allSatisfy { $0.kind == "publicity.supervise" })
            let listing = try await world.send(.GET, "/api/v1/publicity?all=true", token: town).content.decode(Listing.self)
            #expect(listing.duties.contains { $0.organizationName == Self.village && $0.status == "已公开" })
            let owedOnly = try await world.send(.GET, "/api/v1/publicity", token: town).content.decode(Listing.self)
            #expect(owedOnly.duties.allSatisfy { $0.status != "已公开" } && owedOnly.duties.count < listing.duties.count)
            let names: [String: String] = ["party": "党务公开", "affairs": "村务公开", "finance": "财务公开"]
            let reminded: Set<String> = Set(townToDos.map { (item: ToDoItem) -> String in item.subject + "|" + item.title })
            let overdue: Set<String> = Set(listing.duties.filter(\.overdue).map { (duty: Listing.Duty) -> String in
                duty.organizationName + "|督促发布逾期的" + duty.periodLabel + (names[duty.kind] ?? "")
            })
            #expect(reminded == overdue)
            // The county is not sent a to-do per village: one reminder of them all, with the count.
            let county = try await world.send(.GET, "/api/v1/todos", token: try await world.token("county-admin")).content.decode([ToDoItem].self)
                .filter { $0.kind.hasPrefix("publicity.") }
            #expect(county.map(\.kind) == ["publicity.supervise-all"] && county.first?.title.contains("督促逾期的三务公开") == true)
        }
    }

    @Test("files: added to a draft (undoing a review), served to anyone once published and never before, carried over to a correction")
    func files() async throws {
        try await withWorld { world in
            let secretary = try await world.token("branch-secretary"), committee = try await world.token("branch-committee")
            let villageID = try await world.organizationID(Self.village)
            let input = PublicityWork.Input(organizationID: villageID, kind: "party", period: "2026-10", items: [.init(title: "组织生活", text: "召开支部党员大会 1 次")])
            let draft = try await world.send(.POST, "/api/v1/publicity", token: secretary, json: input).content.decode(View.self)
            func upload(_ token: String) async throws -> TestingHTTPResponse {
                let (headers, body) = multipart(file: "公示栏.png", bytes: DevelopmentDocumentTests.png, fields: ["caption": "公示栏照片"])
                var all = headers
                all.bearerAuthorization = BearerAuthorization(token: token)
                return try await world.app.testing().sendRequest(.POST, "/api/v1/publicity/\(draft.id)/attachments", headers: all, body: body)
            }
            #expect(try await world.send(.POST, "/api/v1/publicity/\(draft.id)/review", token: committee, json: ["note": "支委会审核"]).status == .ok)
            let uploaded = try await upload(secretary)
            #expect(uploaded.status == .created, "\(uploaded.body.string)")
            struct File: Decodable { let id: Int; let url: String }
            let file = try uploaded.content.decode(File.self)
            let undone = try await world.send(.GET, "/api/v1/publicity/\(draft.id)", token: secretary).content.decode(View.self)
            #expect(undone.state == "draft", "a file added after the review undoes it")
            #expect(try await world.app.testing().sendRequest(.GET, "/public/publicity/\(draft.id)/files/\(file.id)").status == .notFound)
            _ = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/review", token: committee, json: ["note": "支委会重新审核"])
            #expect(try await world.send(.POST, "/api/v1/publicity/\(draft.id)/publish", token: secretary).status == .ok)
            struct Public: Decodable { let attachments: [File] }
            let shown = try await world.send(.GET, "/api/v1/public/publicity/\(draft.id)").content.decode(Public.self)
            #expect(shown.attachments.map(\.url) == ["/public/publicity/\(draft.id)/files/\(file.id)"])
            let served = try await world.app.testing().sendRequest(.GET, "/public/publicity/\(draft.id)/files/\(file.id)")
            #expect(served.status == .ok && served.headers.first(name: .contentType) == "image/png" && served.body.readableBytes == DevelopmentDocumentTests.png.count)
            // Another record's file is not served by this route, and a published one takes no new files.
            let stored = try #require(try await AttachmentModel.find(file.id, on: world.app.db))
            let foreign = AttachmentModel()
            (foreign.ownerType, foreign.ownerID, foreign.organizationID, foreign.path) = ("development", draft.id, stored.organizationID, stored.path)
            (foreign.permission, foreign.fileName, foreign.kind, foreign.size, foreign.sha256) = ("memberRead", "申请书.png", stored.kind, stored.size, stored.sha256)
            try await foreign.create(on: world.app.db)
            let other = try foreign.requireID()
            #expect(try await world.app.testing().sendRequest(.GET, "/public/publicity/\(draft.id)/files/\(other)").status == .notFound)
            #expect(try await upload(secretary).status == .unprocessableEntity)
            let correction = try await world.send(.POST, "/api/v1/publicity/\(draft.id)/correct", token: secretary, json: ["reason": "补充会议照片"])
                .content.decode(Public.self)
            #expect(correction.attachments.count == 1 && correction.attachments.first?.id != file.id)
        }
    }

    @Test("the form keeps every typed line when the accounts do not add up, and saves the draft when they do")
    func form() async throws {
        try await withWorld { world in
            let browser = try await world.browserLogin("branch-secretary")
            let villageID = try await world.organizationID(Self.village)
            func body(closing: String) -> String {
                let fields: [(String, String)] = [
                    ("_csrf", browser.csrf), ("organizationID", "\(villageID)"), ("kind", "finance"), ("period", "2026-10"), ("title", ""),
                    ("itemTitle[]", "说明"), ("itemText[]", "凭证备查"), ("itemTitle[]", ""), ("itemText[]", ""),
                    ("opening", "5000"), ("lineDirection[]", "income"), ("lineSubject[]", "土地租金"), ("lineAmount[]", "12000"),
                    ("lineDirection[]", "income"), ("lineSubject[]", ""), ("lineAmount[]", ""),
                    ("lineDirection[]", "spending"), ("lineSubject[]", "村道维修"), ("lineAmount[]", "3500.5"), ("closing", closing),
                ]
                return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                    .joined(separator: "&")
            }
            func post(_ text: String) async throws -> TestingHTTPResponse {
                try await world.app.testing().sendRequest(.POST, "/publicity", headers: [
                    "Cookie": "\(SessionCookie.name)=\(browser.cookie)", "Content-Type": "application/x-www-form-urlencoded",
                ], body: ByteBuffer(string: text))
            }
            let refused = try await post(body(closing: "13500"))
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("账目不平") && html.contains("value=\"土地租金\"") && html.contains("value=\"3500.5\"") && html.contains("凭证备查"))
            let saved = try await post(body(closing: "13499.50"))
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location))
            #expect(location.hasSuffix("?notice=drafted"))
            let page = try await browser.get(String(location.prefix { $0 != "?" }))
            #expect(page.status == .ok && page.body.string.contains("村道维修") && page.body.string.contains("13,499.50") && page.body.string.contains("草稿"))
        }
    }
}
