import DangjianCore
import Fluent
import Testing
import Vapor
import VaporTesting
@testable import DangjianApp

/// Requests that once stopped the process, and their neighbours: each must be answered (a Chinese 4xx naming the
/// field), and the server must answer the next request. A trap here would end the whole test run.
@Suite("Hostile input never stops the process")
struct HostileInputTests {
    @Test("a year outside 1949…next year is a 422 naming the field and the range, on every route that takes one")
    func years() async throws {
        try await withWorld { world in
            let member = try await world.token("member")
            let publication = try await world.send(.GET, "/api/v1/dues/publication?year=1", token: member)
            #expect(publication.status == .unprocessableEntity, "\(publication.body.string)")
            let range = AcceptedYears.range(today: CalendarDate(Date()))
            #expect(publication.body.string.contains("\"field\":\"year\"") && publication.body.string.contains("\(range.lowerBound)–\(range.upperBound)"))
            #expect(try await world.send(.GET, "/api/v1/dues/publication", token: member).status == .ok, "the server still answers")

            let admin = try await world.token("county-admin")
            let county = try await world.organizationID("中共青禾县委员会")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            for year in ["1", "0", "-5", "1948", "9999", "9223372036854775807"] {
                for path in ["/api/v1/dues/publication?organizationID=\(county)&year=\(year)",
                             "/api/v1/dues/fixing?organizationID=\(branch)&year=\(year)",
                             "/api/v1/dues/remittances?organizationID=\(county)&year=\(year)",
                             "/api/v1/funds?organizationID=\(county)&year=\(year)",
                             "/api/v1/compliance?organizationID=\(county)&year=\(year)",
                             "/api/v1/activities?year=\(year)",
                             "/api/v1/activities/ledger?organizationID=\(branch)&year=\(year)"] {
                    let response = try await world.send(.GET, path, token: admin)
                    #expect(response.status == .unprocessableEntity, "\(path): \(response.status) \(response.body.string.prefix(200))")
                }
            }
            let pages = try await world.browserLogin("county-admin")
            for path in ["/dues/publication?organization=\(county)&year=1", "/dues/remittances?organization=\(county)&year=99999",
                         "/funds?organization=\(county)&year=-1", "/compliance?organization=\(county)&year=0"] {
                let page = try await pages.get(path)
                #expect(page.status == .unprocessableEntity && page.body.string.contains("年份应在"), "\(path): \(page.status)")
            }
        }
    }

    @Test("a month outside the accepted years, or malformed, is a 422 naming the field")
    func months() async throws {
        try await withWorld { world in
            let admin = try await world.token("county-admin")
            let county = try await world.organizationID("中共青禾县委员会")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            for (path, field) in [("/api/v1/dues/sheet?organizationID=\(branch)&month=9999-12", "month"),
                                  ("/api/v1/dues/sheet?organizationID=\(branch)&month=2026-13", "month"),
                                  ("/api/v1/dues/report?organizationID=\(county)&from=1900-01", "from"),
                                  ("/api/v1/dues/report?organizationID=\(county)&through=abc", "through")] {
                let response = try await world.send(.GET, path, token: admin)
                #expect(response.status == .unprocessableEntity && response.body.string.contains("\"field\":\"\(field)\""),
                        "\(path): \(response.status) \(response.body.string.prefix(200))")
            }
        }
    }

    @Test("vote counts near Int.max are refused, not added up")
    func voteOverflow() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let response = try await world.send(.POST, "/api/v1/development/votes/evaluate", token: token,
                                                json: ["entitled": 10, "present": 6, "yes": Int.max, "no": 1, "abstain": 0, "writtenYes": Int.max, "writtenNo": 1])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("不能超过"), "\(response.body.string)")
        }
    }

    @Test("an audit filter of an empty target type (#) lists, instead of failing")
    func auditFilter() async throws {
        try await withWorld { world in
            let token = try await world.token("auditor")
            for target in ["%23", "%23%23", "member%23", "%235"] {
                let response = try await world.send(.GET, "/api/v1/audit?target=\(target)", token: token)
                #expect(response.status == .ok, "target=\(target): \(response.status)")
            }
            let page = try await world.browserLogin("auditor").get("/audit?target=%23")
            #expect(page.status == .ok)
        }
    }

    @Test("a path id that is not a whole number from 1, or a field of the wrong type, is answered naming it")
    func idsAndTypes() async throws {
        try await withWorld { world in
            let admin = try await world.token("county-admin")
            for id in ["abc", "0", "-3", "1.5", "99999999999999999999"] {
                let response = try await world.send(.GET, "/api/v1/members/\(id)", token: admin)
                #expect(response.status == .unprocessableEntity && response.body.string.contains("id 应为不小于 1 的整数"), "\(id): \(response.status)")
            }
            let job = try await world.send(.GET, "/api/v1/imports/not-a-job", token: admin)
            #expect(job.status == .unprocessableEntity && job.body.string.contains("UUID"))
            let calculation = try await world.send(.POST, "/api/v1/dues/calculate", token: admin, json: ["category": 5])
            #expect(calculation.status == .badRequest && calculation.body.string.contains("字段 category 应为文字"), "\(calculation.body.string)")
            let limit = try await world.send(.GET, "/api/v1/members?limit=abc", token: admin)
            #expect(limit.status == .badRequest && limit.body.string.contains("limit"), "\(limit.body.string)")
        }
    }

    @Test("a NUL in JSON, a form or a query is refused naming the field, and nothing is saved (SQLite would cut the text)")
    func nulCharacters() async throws {
        try await withWorld { world in
            let admin = try await world.token("county-admin")
            let member = try #require(try await MemberModel.query(on: world.app.db).first())
            let before = member.job
            let json = try await world.send(.PATCH, "/api/v1/members/\(member.id!)", token: admin, json: ["job": "村民\u{0}小组长"])
            #expect(json.status == .unprocessableEntity && json.body.string.contains("空字符") && json.body.string.contains("job"),
                    "\(json.status) \(json.body.string)")
            #expect(try await MemberModel.find(member.id, on: world.app.db)?.job == before)
            let query = try await world.send(.GET, "/api/v1/members?q=%E6%9E%97%00", token: admin)
            #expect(query.status == .unprocessableEntity && query.body.string.contains("空字符"), "\(query.status) \(query.body.string)")
            let browser = try await world.browserLogin("county-admin")
            let form = try await browser.post("/members/\(member.id!)/edit", ["job": "村民\u{0}小组长"])
            #expect(form.status == .unprocessableEntity && form.body.string.contains("空字符"), "\(form.status)")
            #expect(try await MemberModel.find(member.id, on: world.app.db)?.job == before)
        }
    }
}

@Suite("Multipart bodies never reach the parser's crash")
struct HostileMultipartTests {
    @Test("a header name with a byte outside ASCII, or an empty boundary, is a Chinese 422 — the server keeps answering")
    func refused() async throws {
        try await withWorld { world in
            let admin = try await world.token("county-admin")
            var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=b0undary"]
            headers.bearerAuthorization = BearerAuthorization(token: admin)
            var body = ByteBuffer(string: "--b0undary\r\n")
            body.writeBytes([0xE6, 0x96, 0x87] + Array(": x\r\n\r\nabc\r\n--b0undary--\r\n".utf8))
            let named = try await world.app.testing().sendRequest(.POST, "/api/v1/learning/questions/import", headers: headers, body: body)
            #expect(named.status == .unprocessableEntity && named.body.string.contains("格式有误"), "\(named.status) \(named.body.string)")
            var empty: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary="]
            empty.bearerAuthorization = BearerAuthorization(token: admin)
            let unbounded = try await world.app.testing().sendRequest(.POST, "/api/v1/learning/questions/import", headers: empty,
                                                                       body: ByteBuffer(string: "--\r\nA: 1\r\n\r\nx\r\n----\r\n"))
            #expect(unbounded.status.code >= 400 && unbounded.status.code < 500, "\(unbounded.status)")
            let alive = try await world.send(.GET, "/api/v1/me", token: admin)
            #expect(alive.status == .ok)
        }
    }

    @Test("property: whatever the guard lets through, the framework's parser reads without stopping (8,000 mangled bodies)")
    func guardCoversTheParser() throws {
        var generator = SeededGenerator(seed: 20261201)
        let seeds: [[UInt8]] = [
            Array("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"题库.xlsx\"\r\nContent-Type: x\r\n\r\ndata\r\n--b\r\nA: 1\r\n\r\n2\r\n--b--\r\n".utf8),
            Array("pre\r\n--b\r\nX: y\r\n\r\n\r\n--b\r\n\r\nz\r\n--b--".utf8),
        ]
        let pieces: [[UInt8]] = [[13], [10], [13, 10], Array("--b".utf8), Array("\r\n--b\r\n".utf8), [58], [0xE4], [0x80, 0xFF], [45], [32]]
        var passed = 0
        for round in 0..<8_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let at = Int(generator.next() % UInt64(bytes.count + 1))
                if generator.next() % 3 == 0, at < bytes.count {
                    bytes.remove(at: at)
                } else {
                    bytes.insert(contentsOf: pieces[Int(generator.next() % UInt64(pieces.count))], at: at)
                }
            }
            guard !MultipartNames.hasNonASCIIName(in: bytes, boundary: "b") else { continue }
            passed += 1
            // Were the guard wrong, this would stop the test process: the failure this test exists to show.
            _ = try? FormDataDecoder().decode([String: String].self, from: bytes, boundary: "b")
        }
        #expect(passed > 1_000)
    }
}
