import DangjianCore
import Fluent
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Member register")
struct MemberTests {
    static let branch = "柳河镇东岗村党支部"

    static func newMember(_ id: String, phone: String = "13912345678") -> [String: String] {
        ["name": "李春梅", "idNumber": id, "membership": "正式党员", "joinedOn": "2010-07-01", "fullOn": "2011-07-01",
         "ethnicity": "汉族", "education": "大学本科", "category": "专业技术人员", "phone": phone]
    }

    static let validID = ResidentIDNumber.make(region: "419901", birthDate: CalendarDate(year: 1985, month: 3, day: 14)!, sequence: 124)

    @Test("a new member is validated by the ID rules, stored sealed and shown masked; birth date and gender come from the number")
    func create() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organization(Self.branch)
            var body = Self.newMember(Self.validID)
            body["organizationID"] = "\(branch.id!)"
            let response = try await world.send(.POST, "/api/v1/members", token: token, json: body)
            #expect(response.status == .created, "\(response.body.string)")
            let detail = try response.content.decode(MemberDetail.self)
            #expect(detail.birthDate == "1985-03-14", "a branch secretary holds the reveal permission for the branch")
            #expect(detail.gender == .female)
            #expect(detail.idNumber == Masking.residentID(Self.validID))
            #expect(detail.phone == "139****5678")
            #expect(!response.body.string.contains(Self.validID))
            #expect(!response.body.string.contains("13912345678"))
            let stored = try #require(try await MemberModel.find(detail.id, on: world.app.db))
            #expect(stored.idCipher?.hasPrefix("v2:") == true)
            #expect(stored.idCipher?.contains(Self.validID) == false)
            #expect(try await OrganizationModel.find(branch.id, on: world.app.db)?.fullCount == branch.fullCount + 1)
            let audit = try await world.auditEntries(action: "member.create")
            #expect(audit.count == 1)
            #expect(!audit[0].detail.contains(Self.validID))
        }
    }

    @Test("a wrong check digit, a duplicate number and a bad phone are refused in Chinese, field by field, and nothing is written")
    func badInput() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let branch = try await world.organizationID(Self.branch)
            let before = try await MemberModel.query(on: world.app.db).count()
            var wrongDigit = Self.validID
            let last = wrongDigit.removeLast()
            wrongDigit.append(last == "0" ? "1" : "0")
            var body = Self.newMember(wrongDigit, phone: "1391234")
            body["organizationID"] = "\(branch)"
            let response = try await world.send(.POST, "/api/v1/members", token: token, json: body)
            #expect(response.status == .unprocessableEntity)
            struct Problem: Decodable { struct E: Decodable { let fields: [FieldError] }; let error: E }
            let fields = try response.content.decode(Problem.self).error.fields
            #expect(fields.contains { $0.field == "idNumber" && $0.message.contains("校验位错误") })
            #expect(fields.contains { $0.field == "phone" && $0.message.contains("11 位") })

            let existing = world.county.members[0].idNumber
            body = Self.newMember(existing)
            body["organizationID"] = "\(branch)"
            let duplicate = try await world.send(.POST, "/api/v1/members", token: token, json: body)
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.body.string.contains("已在党员信息库中登记"))
            #expect(try await MemberModel.query(on: world.app.db).count() == before)
        }
    }

    @Test("editing keeps the sealed numbers unless new ones are given, and the audit names the fields changed, not the values")
    func edit() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let member = try await world.member(in: Self.branch)
            let response = try await world.send(.PATCH, "/api/v1/members/\(member.id!)", token: token,
                                                json: ["job": "东岗村会计", "address": "东岗村三组 12 号"])
            #expect(response.status == .ok, "\(response.body.string)")
            let after = try #require(try await MemberModel.find(member.id, on: world.app.db))
            #expect(after.job == "东岗村会计")
            #expect(after.idCipher == member.idCipher)
            let entry = try #require(try await world.auditEntries(action: "member.update").last)
            #expect(entry.detail.contains("工作单位及职务") && entry.detail.contains("家庭住址"))

            let bad = try await world.send(.PATCH, "/api/v1/members/\(member.id!)", token: token, json: ["joinedOn": "2099-01-01"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("入党时间不能晚于今天"))
        }
    }

    @Test("search by name, by the last four digits, and by a whole ID number or phone; filters narrow the list")
    func search() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let member = try await world.member(in: Self.branch)
            let demo = try #require(world.county.members.first { $0.name == member.name && $0.birthDate == member.birthDate })
            func ids(_ query: String) async throws -> [Int] {
                try await world.send(.GET, "/api/v1/members?\(query)&limit=200", token: token).content.decode(MemberPage.self).items.map(\.id)
            }
            let byName = try await ids("q=\(member.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(byName.contains(member.id!))
            #expect(try await ids("q=\(demo.idNumber)") == [member.id!])
            #expect(try await ids("q=\(demo.idNumber.suffix(4))").contains(member.id!))
            if let phone = demo.phone {
                #expect(try await ids("q=\(phone)") == [member.id!])
                #expect(try await ids("q=\(phone.suffix(4))").contains(member.id!))
            }
            let women = try await world.send(.GET, "/api/v1/members?gender=female&limit=200", token: token).content.decode(MemberPage.self)
            #expect(!women.items.isEmpty && women.items.allSatisfy { $0.gender == .female })
            let incomplete = try await world.send(.GET, "/api/v1/members?incomplete=true&limit=200", token: token).content.decode(MemberPage.self)
            #expect(incomplete.items.allSatisfy { $0.completeness < 100 })
            let band = try await world.send(.GET, "/api/v1/members?ageBand=upTo30&limit=200", token: token).content.decode(MemberPage.self)
            let today = CalendarDate(Date())
            #expect(band.items.allSatisfy { today.year - (Int($0.birthDate.prefix(4)) ?? 0) <= 31 })
            let bad = try await world.send(.GET, "/api/v1/members?education=火星大学", token: token)
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("无法识别的学历"))
        }
    }

    @Test("a name is found by its given name alone and by its pinyin initials, after a load, a create, a rename and an upgrade")
    func nameKeys() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let branch = try await world.organizationID(Self.branch)
            func ids(_ q: String) async throws -> [Int] {
                let text = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
                return try await world.send(.GET, "/api/v1/members?q=\(text)&org=\(branch)&limit=200", token: token)
                    .content.decode(MemberPage.self).items.map(\.id)
            }
            // Loaded in bulk with the demo county.
            let loaded = try await world.member(in: Self.branch)
            let keys = NameKeys(loaded.name)
            let given = try #require(keys.givenName)
            #expect(try await ids(given).contains(loaded.id!))
            #expect(try await ids(keys.initials).contains(loaded.id!))
            #expect(try await ids(keys.initials.uppercased()).contains(loaded.id!))
            #expect(try await ids(String(keys.initials.prefix(2))).contains(loaded.id!))

            // Created through the API, then renamed: the old keys no longer find it.
            let secretary = try await world.token("branch-secretary")
            var body = Self.newMember(Self.validID)
            body["organizationID"] = "\(branch)"
            body["name"] = "欧阳思敏"
            let created = try await world.send(.POST, "/api/v1/members", token: secretary, json: body).content.decode(MemberDetail.self)
            #expect(try await ids("思敏") == [created.id])
            #expect(try await ids("oysm") == [created.id])
            #expect(try await ids("欧阳思") == [created.id])
            let renamed = try await world.send(.PATCH, "/api/v1/members/\(created.id)", token: secretary, json: ["name": "曾思敏"])
            #expect(renamed.status == .ok, "\(renamed.body.string)")
            #expect(try await ids("oysm").isEmpty)
            #expect(try await ids("zsm") == [created.id])
            #expect(try await ids("思敏") == [created.id])

            // A register from before the keys: the upgrade fills them for every row.
            try await world.app.db.sql.raw("UPDATE members SET given_name = NULL, name_initials = NULL").run()
            #expect(try await ids("zsm").isEmpty)
            try await M0024NameKeys.fill(on: world.app.db)
            #expect(try await ids("zsm") == [created.id])
            #expect(try await ids(given).contains(loaded.id!))
            let unfilled = try await MemberModel.query(on: world.app.db).filter(\.$nameInitials == nil).count()
            #expect(unfilled == 0)
        }
    }

    @Test("a name search pages through every match once, in the order of the name each matched, by name or given name")
    func nameSearchPages() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            let secretary = try await world.token("branch-secretary")
            let branch = try await world.organizationID(Self.branch)
            // Name and given name both start with 王: found once, by the name.
            var body = Self.newMember(Self.validID)
            body["organizationID"] = "\(branch)"
            body["name"] = "王王芳"
            let twice = try await world.send(.POST, "/api/v1/members", token: secretary, json: body).content.decode(MemberDetail.self)
            func all(_ query: String, limit: Int) async throws -> [MemberSummary] {
                var items: [MemberSummary] = []
                var after: String?
                repeat {
                    let cursor = after.map { "&after=\($0)" } ?? ""
                    let page = try await world.send(.GET, "/api/v1/members?\(query)&limit=\(limit)\(cursor)", token: token).content.decode(MemberPage.self)
                    items += page.items
                    after = page.next
                } while after != nil
                return items
            }
            let register = try await all("status=active", limit: 200)
            let givenNames = register.compactMap { NameKeys($0.name).givenName }
            let given = try #require(givenNames.first?.first)
            for q in ["王", String(given), "w", "ww"] {
                let expected = register.filter { member in
                    let keys = NameKeys(member.name)
                    return q.first?.isASCII == true ? keys.initials.hasPrefix(q) : member.name.hasPrefix(q) || (keys.givenName?.hasPrefix(q) ?? false)
                }
                let query = "status=active&q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q)
                let found = try await all(query, limit: 7)
                #expect(!expected.isEmpty)
                #expect(found.map(\.id).sorted() == expected.map(\.id).sorted(), "\(q)")
                #expect(Set(found.map(\.id)).count == found.count, "\(q): each match once")
                let keys = found.map { NameSearch.key(of: $0.name, for: NameSearch.columns(for: q)) ?? "" }
                #expect(keys == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }, "\(q): in the order of the name matched")
            }
            #expect(try await all("status=active&q=%E7%8E%8B", limit: 7).filter { $0.id == twice.id }.count == 1)
        }
    }

    @Test("keyset pages cover the register once each, in order, at any page size")
    func paging() async throws {
        try await withWorld { world in
            let token = try await world.token("county-admin")
            var seen: [Int] = []
            var after: String?
            repeat {
                let query = "limit=7" + (after.map { "&after=\($0)" } ?? "")
                let page = try await world.send(.GET, "/api/v1/members?\(query)", token: token).content.decode(MemberPage.self)
                seen += page.items.map(\.id)
                after = page.next
            } while after != nil
            let all = try await MemberModel.query(on: world.app.db).filter(\.$status ~~ MemberStatus.inRegister).count()
            #expect(seen.count == all)
            #expect(Set(seen).count == seen.count)
            #expect(try await world.send(.GET, "/api/v1/members?after=garbage", token: token).status == .badRequest)
        }
    }

    @Test("marking a member as left records the reason and history, and takes them out of the counts")
    func leaving() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let member = try await world.member(in: Self.branch)
            let branch = try await world.organization(Self.branch)
            let missingReason = try await world.send(.POST, "/api/v1/members/\(member.id!)/status", token: token,
                                                     json: ["status": "left", "onDate": "2026-10-01"])
            #expect(missingReason.status == .unprocessableEntity)
            #expect(missingReason.body.string.contains("出党须选择原因"))
            let left = try await world.send(.POST, "/api/v1/members/\(member.id!)/status", token: token,
                                            json: ["status": "left", "onDate": "2026-10-01", "leaveReason": "withdrew", "note": "本人申请"])
            #expect(left.status == .ok, "\(left.body.string)")
            let detail = try left.content.decode(MemberDetail.self)
            #expect(detail.status == .left && detail.leaveReason == "退党")
            #expect(detail.history.first?.status == "出党")
            let counted = try #require(try await OrganizationModel.find(branch.id, on: world.app.db))
            #expect(counted.fullCount + counted.probationaryCount == branch.fullCount + branch.probationaryCount - 1)
            let list = try await world.send(.GET, "/api/v1/members?limit=200", token: token).content.decode(MemberPage.self)
            #expect(!list.items.contains { $0.id == member.id })
        }
    }

    @Test("changing a member's organization stays inside the scope and moves the counts")
    func transfer() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let member = try await world.member(in: Self.branch)
            let sibling = try await world.organization("柳河镇西岗村党支部")
            let moved = try await world.send(.POST, "/api/v1/members/\(member.id!)/transfer", token: token, json: ["organizationID": sibling.id!])
            #expect(moved.status == .ok, "\(moved.body.string)")
            #expect(try await MemberModel.find(member.id, on: world.app.db)?.path == sibling.path)
            let outside = try await world.organizationID("石桥镇党委")
            let refused = try await world.send(.POST, "/api/v1/members/\(member.id!)/transfer", token: token, json: ["organizationID": outside])
            #expect(refused.status == .notFound)
        }
    }

    @Test("revealing the full numbers needs its own permission and a reason, and is audited")
    func reveal() async throws {
        try await withWorld { world in
            let member = try await world.member(in: Self.branch)
            let demo = try #require(world.county.members.first { $0.name == member.name && $0.birthDate == member.birthDate })
            let committee = try await world.token("member")
            #expect(try await world.send(.POST, "/api/v1/members/\(member.id!)/reveal", token: committee, json: ["reason": "核对身份信息"]).status == .forbidden)
            let token = try await world.token("branch-secretary")
            let noReason = try await world.send(.POST, "/api/v1/members/\(member.id!)/reveal", token: token, json: ["reason": ""])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("事由"))
            let revealed = try await world.send(.POST, "/api/v1/members/\(member.id!)/reveal", token: token, json: ["reason": "办理转接核对身份"])
            #expect(revealed.status == .ok)
            #expect(try revealed.content.decode(RevealedNumbers.self).idNumber == demo.idNumber)
            let entry = try #require(try await world.auditEntries(action: "member.reveal").last)
            #expect(entry.detail.contains("办理转接核对身份"))
            #expect(!entry.detail.contains(demo.idNumber))
        }
    }

    @Test("a member sees their own record and nobody else's")
    func ownRecord() async throws {
        try await withWorld { world in
            let token = try await world.token("member")
            let own = try await world.send(.GET, "/api/v1/me/record", token: token)
            #expect(own.status == .ok)
            let account = try #require(try await AccountModel.query(on: world.app.db).filter(\.$username == "member").first())
            #expect(try own.content.decode(MemberDetail.self).id == account.memberID)
            let session = try await world.browserLogin("member")
            let page = try await session.get("/me")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("信息完整度"))
        }
    }
}
