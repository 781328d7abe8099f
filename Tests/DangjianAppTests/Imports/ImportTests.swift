import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Roster import and export")
struct ImportTests {
    static func id(_ year: Int, _ month: Int, _ day: Int, _ sequence: Int) -> String {
        ResidentIDNumber.make(region: "419901", birthDate: CalendarDate(year: year, month: month, day: day)!, sequence: sequence)
    }

    /// A roster with a title row above the header and one row of every kind of problem.
    static func roster(existing: String) -> [[String]] {
        let good1 = id(1980, 5, 1, 11), good2 = id(1992, 8, 9, 22)
        var badCheck = id(1975, 1, 2, 33)
        badCheck = String(badCheck.dropLast()) + (badCheck.last == "0" ? "1" : "0")
        return [
            ["东岗村党员花名册"],
            ["序号", "姓名", "性别", "身份证号", "出生年月", "文化程度", "入党日期", "转正日期", "所在党支部", "手机号码"],
            ["1", "赵立新", "男", good1, "1980-05-01", "高中", "2005-07-01", "2006-07-01", "柳河镇东岗村党支部", "13700001111"],
            ["2", "钱秀兰", "女", good2, "", "大学本科", "45000", "", "柳河镇西岗村党支部", ""],
            ["3", "孙错号", "男", badCheck, "", "", "2000-01-01", "", "柳河镇东岗村党支部", ""],
            ["4", "李不符", "女", id(1970, 3, 3, 44), "1971-03-03", "", "2000-01-01", "", "柳河镇东岗村党支部", ""],
            ["5", "周无组", "男", id(1966, 6, 6, 55), "", "", "1990-01-01", "", "不存在的党支部", ""],
            ["6", "吴重复", "男", good1, "", "", "2005-07-01", "", "柳河镇东岗村党支部", ""],
            ["7", "郑在册", "男", existing, "", "", "2001-01-01", "", "柳河镇东岗村党支部", ""],
            ["8", "", "男", id(1988, 8, 8, 66), "", "", "", "", "柳河镇东岗村党支部", ""],
            ["9", "王外县", "男", id(1960, 1, 1, 77), "", "", "1985-01-01", "", "石桥镇党委", ""],
            [],
        ]
    }

    /// A different Chinese name for every index.
    static func name(_ index: Int) -> String {
        let family = Array("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
        return String(family[index % family.count]) + String(given[(index / family.count) % given.count])
            + String(given[(index / (family.count * given.count)) % given.count])
    }

    static func write(_ rows: [[String]], as format: SpreadsheetFormat) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString).\(format.rawValue)")
        defer { try? FileManager.default.removeItem(at: url) }
        let sink: any RowSink = format == .xlsx ? try XLSXWriter(url: url) : try CSVWriter(url: url)
        for row in rows { try sink.write(row) }
        try sink.finish()
        return try Data(contentsOf: url)
    }

    static func upload(_ world: TestWorld, token: String, data: Data, name: String, query: String = "") async throws -> ImportJobView {
        let response = try await world.app.testing().sendRequest(.POST, "/api/v1/imports?name=\(name)\(query)",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/octet-stream"], body: ByteBuffer(data: data))
        #expect(response.status == .accepted, "\(response.body.string)")
        return try response.content.decode(ImportJobView.self)
    }

    static func wait(_ world: TestWorld, token: String, job id: String, until done: (ImportJobView) -> Bool) async throws -> ImportJobView {
        for _ in 0..<400 {
            let job = try await world.send(.GET, "/api/v1/imports/\(id)", token: token).content.decode(ImportJobView.self)
            if done(job) { return job }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("import job \(id) did not finish")
        throw Abort(.requestTimeout)
    }

    @Test("the check reports every problem by row and column, writes nothing, and offers a report to fix and re-upload", arguments: [SpreadsheetFormat.xlsx, .csv])
    func check(_ format: SpreadsheetFormat) async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let existing = try await world.member(in: "柳河镇东岗村党支部")
            let demo = try #require(world.county.members.first { $0.name == existing.name && $0.birthDate == existing.birthDate })
            let before = try await MemberModel.query(on: world.app.db).count()
            let job = try await Self.upload(world, token: token, data: try Self.write(Self.roster(existing: demo.idNumber), as: format), name: "roster.\(format.rawValue)")
            let checked = try await Self.wait(world, token: token, job: job.id) { $0.status != .checking }
            #expect(checked.status == .checked, "\(checked.message ?? "")")
            #expect(checked.totalRows == 9)
            #expect(checked.validRows == 3, "\(checked.problems)")
            #expect(checked.existingRows == 1)
            #expect(checked.problemRows == 6)
            func problem(_ row: Int) -> String { checked.problems.filter { $0.row == row }.map { "\($0.column)：\($0.message)" }.joined(separator: " / ") }
            #expect(problem(5).contains("身份证号") && problem(5).contains("校验位错误"))
            #expect(problem(6).contains("出生年月") && problem(6).contains("不符"))
            #expect(problem(7).contains("没有名为“不存在的党支部”"))
            #expect(problem(8).contains("与文件中前面的行重复"))
            #expect(problem(10).contains("请填写姓名") && problem(10).contains("入党"))
            #expect(problem(11).contains("没有名为“石桥镇党委”"))
            #expect(try await MemberModel.query(on: world.app.db).count() == before)

            let report = try await world.send(.GET, "/api/v1/imports/\(job.id)/report", token: token)
            #expect(report.status == .ok)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(buffer: report.body).write(to: url)
            var rows: [[String]] = []
            try openSpreadsheet(url).forEachRow { _, cells in rows.append(cells) }
            #expect(rows.count == 7)
            #expect(rows[0].last == "问题")
            #expect(rows[1].first == "5" && rows[1].last?.contains("校验位错误") == true)

            // Someone else's job is invisible.
            let other = try await world.token("county-admin")
            #expect(try await world.send(.GET, "/api/v1/imports/\(job.id)", token: other).status == .notFound)
        }
    }

    @Test("the import keeps every character of a cell: backslashes, tabs, quotes and line breaks (PostgreSQL loads rows with COPY)")
    func awkwardCharacters() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let job = "县农业局\\农机站\t站长 “老赵” \"副\""
            let address = "柳河镇东岗村\n三组 \\N 号"
            let rows = [
                ["姓名", "性别", "公民身份号码", "入党时间", "所在党组织", "工作单位及职务", "家庭住址"],
                ["赵反斜", "男", Self.id(1981, 4, 4, 17), "2006-07-01", "柳河镇东岗村党支部", job, address],
            ]
            let upload = try await Self.upload(world, token: token, data: try Self.write(rows, as: .csv), name: "roster.csv")
            let checked = try await Self.wait(world, token: token, job: upload.id) { $0.status != .checking }
            #expect(checked.validRows == 1, "\(checked.problems)")
            #expect(try await world.send(.POST, "/api/v1/imports/\(upload.id)/run", token: token, json: ["mode": "skip"]).status == .accepted)
            let done = try await Self.wait(world, token: token, job: upload.id) { $0.status != .importing }
            #expect(done.status == .done && done.insertedRows == 1, "\(done.message ?? "")")
            let imported = try #require(try await MemberModel.query(on: world.app.db).filter(\.$name == "赵反斜").first())
            #expect(imported.job == job)
            #expect(imported.address == address)
        }
    }

    @Test("the import writes every valid row at once, skips or updates people already in the register, keeps counts, and is audited once")
    func importRows() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            let existing = try await world.member(in: "柳河镇东岗村党支部")
            let demo = try #require(world.county.members.first { $0.name == existing.name && $0.birthDate == existing.birthDate })
            let branch = try await world.organization("柳河镇东岗村党支部")
            let before = try await MemberModel.query(on: world.app.db).count()
            let job = try await Self.upload(world, token: token, data: try Self.write(Self.roster(existing: demo.idNumber), as: .xlsx), name: "roster.xlsx")
            _ = try await Self.wait(world, token: token, job: job.id) { $0.status != .checking }
            let run = try await world.send(.POST, "/api/v1/imports/\(job.id)/run", token: token, json: ["mode": "update"])
            #expect(run.status == .accepted, "\(run.body.string)")
            let done = try await Self.wait(world, token: token, job: job.id) { $0.status != .importing }
            #expect(done.status == .done, "\(done.message ?? "")")
            #expect(done.insertedRows == 2 && done.updatedRows == 1 && done.skippedRows == 0)
            #expect(try await MemberModel.query(on: world.app.db).count() == before + 2)
            let imported = try #require(try await MemberModel.query(on: world.app.db).filter(\.$name == "钱秀兰").first())
            #expect(imported.joinedOn == CalendarDate(year: 2023, month: 3, day: 15), "an Excel date number is read as its date")
            #expect(imported.membership == .full)
            #expect(imported.idCipher?.hasPrefix("v2:") == true)
            #expect(try await MemberModel.find(existing.id, on: world.app.db)?.name == "郑在册")
            let counted = try #require(try await OrganizationModel.find(branch.id, on: world.app.db))
            #expect(counted.fullCount == branch.fullCount + 1)
            let audit = try await world.auditEntries(action: "member.import")
            #expect(audit.count == 1)
            #expect(audit[0].detail.contains("新增 2 人") && audit[0].detail.contains("更新 1 人"))
            let again = try await world.send(.POST, "/api/v1/imports/\(job.id)/run", token: token, json: ["mode": "skip"])
            #expect(again.status == .unprocessableEntity)
            if !world.app.db.isPostgres {
                // The planner's statistics are refreshed for the tables the import wrote, and only those (after the job
                // says done).
                struct Analyzed: Decodable { let tbl: String }
                var analyzed: Set<String> = []
                for _ in 0..<100 where !analyzed.contains(MemberModel.schema) {
                    try await Task.sleep(for: .milliseconds(50))
                    analyzed = Set((try? await world.app.db.sql.raw("SELECT DISTINCT tbl FROM sqlite_stat1").all(decoding: Analyzed.self))?.map(\.tbl) ?? [])
                }
                #expect(analyzed.contains(MemberModel.schema) && analyzed.isSubset(of: [MemberModel.schema, OrganizationModel.schema]), "\(analyzed)")
            }
        }
    }

    @Test("a failure half-way leaves the register as it was")
    func atomic() async throws {
        try await withWorld { world in
            let token = try await world.token("town-secretary")
            var rows: [[String]] = [["姓名", "公民身份号码", "入党时间", "所在党组织"]]
            for index in 0..<2500 {
                rows.append([index == 1600 ? "故障行" : Self.name(index), ResidentIDNumber.make(region: "419901", birthDate: CalendarDate(year: 1970, month: 1, day: 1)!.adding(days: index), sequence: 123), "2005-07-01", "柳河镇东岗村党支部"])
            }
            let before = try await MemberModel.query(on: world.app.db).count()
            let auditBefore = try await AuditEntryModel.query(on: world.app.db).count()
            let job = try await Self.upload(world, token: token, data: try Self.write(rows, as: .csv), name: "big.csv")
            let checked = try await Self.wait(world, token: token, job: job.id) { $0.status != .checking }
            #expect(checked.validRows == 2500, "\(checked.status) \(checked.message ?? "") \(checked.problems.prefix(3))")
            // The database refuses one row of the second batch, after the first batch has been written.
            let sql = world.app.db as! any SQLDatabase
            if world.app.db.isPostgres {
                try await sql.raw("CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$").run()
                try await sql.raw("CREATE TRIGGER refuse_row BEFORE INSERT ON members FOR EACH ROW WHEN (NEW.name = '故障行') EXECUTE FUNCTION refuse_row()").run()
            } else {
                try await sql.raw("CREATE TRIGGER refuse_row BEFORE INSERT ON members WHEN NEW.name = '故障行' BEGIN SELECT RAISE(ABORT, 'disk full'); END").run()
            }
            _ = try await world.send(.POST, "/api/v1/imports/\(job.id)/run", token: token, json: ["mode": "skip"])
            let failed = try await Self.wait(world, token: token, job: job.id) { $0.status != .importing }
            #expect(failed.status == .failed)
            #expect(failed.message?.contains("保持原样") == true)
            #expect(try await MemberModel.query(on: world.app.db).count() == before)
            #expect(try await AuditEntryModel.query(on: world.app.db).count() == auditBefore)
        }
    }

    @Test("a file without the needed columns is refused with the list of what is missing")
    func missingColumns() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let job = try await Self.upload(world, token: token, data: try Self.write([["姓名", "性别"], ["张三", "男"]], as: .csv), name: "x.csv")
            let failed = try await Self.wait(world, token: token, job: job.id) { $0.status != .checking }
            #expect(failed.status == .failed)
            #expect(failed.message?.contains("公民身份号码") == true && failed.message?.contains("入党时间") == true)
        }
    }

    @Test("export is masked by default; the full numbers need the reveal permission and a reason, and are audited with the row count")
    func export() async throws {
        try await withWorld { world in
            let committee = try await world.token("branch-secretary")
            let branch = try await world.organizationID("柳河镇东岗村党支部")
            let masked = try await world.send(.GET, "/api/v1/members/export?format=csv&org=\(branch)", token: committee)
            #expect(masked.status == .ok)
            let text = masked.body.string
            let members = try await MemberModel.query(on: world.app.db).filter(\.$organizationID == branch).filter(\.$status ~~ MemberStatus.inRegister).all()
            let demo = try #require(world.county.members.first { $0.name == members[0].name && $0.birthDate == members[0].birthDate })
            #expect(text.contains(Masking.residentID(demo.idNumber)) && !text.contains(demo.idNumber))
            #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == members.count + 1)

            let noReason = try await world.send(.POST, "/api/v1/members/export?org=\(branch)", token: committee, json: ["format": "xlsx", "reason": ""])
            #expect(noReason.status == .unprocessableEntity)
            let full = try await world.send(.POST, "/api/v1/members/export?org=\(branch)", token: committee, json: ["format": "csv", "reason": "上报组织部核对"])
            #expect(full.status == .ok)
            #expect(full.body.string.contains(demo.idNumber))
            let entries = try await world.auditEntries(action: "member.export")
            #expect(entries.count == 2)
            #expect(entries[1].detail.contains("\(members.count) 行") && entries[1].detail.contains("上报组织部核对"))
            #expect(!entries[1].detail.contains(demo.idNumber))

            let member = try await world.token("member")
            #expect(try await world.send(.POST, "/api/v1/members/export", token: member, json: ["format": "csv", "reason": "想看看全部"]).status == .forbidden)
            let xlsx = try await world.send(.GET, "/api/v1/members/export?format=xlsx&org=\(branch)", token: committee)
            #expect(xlsx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Data(buffer: xlsx.body).starts(with: [0x50, 0x4B, 0x03, 0x04]))
        }
    }

    @Test("an export from the second page of the list is the whole filtered list, and its page says how many rows first")
    func exportFromAnyPage() async throws {
        try await withWorld { world in
            let session = try await world.browserLogin("county-admin")
            let inRegister = try await MemberModel.query(on: world.app.db).filter(\.$status == .active).count()
            #expect(inRegister > MemberStore.pageSize, "more than one page, so that there is a second page")
            let first = try await session.get("/members?status=active").body.string
            let next = try #require(first.range(of: "href=\"([^\"]+)\" rel=\"next\"", options: .regularExpression))
            let nextLink = String(first[next]).dropFirst("href=\"".count).prefix { $0 != "\"" }.replacingOccurrences(of: "&amp;", with: "&")
            let second = try await session.get(nextLink).body.string
            let exportRange = try #require(second.range(of: "href=\"/members/export[^\"]*\"", options: .regularExpression))
            let exportLink = String(second[exportRange]).dropFirst("href=\"".count).dropLast().replacingOccurrences(of: "&amp;", with: "&")
            #expect(!exportLink.contains("after="), "\(exportLink)")
            let page = try await session.get(exportLink)
            #expect(page.status == .ok && page.body.string.contains("共 <strong>\(inRegister)</strong> 人"), "\(page.body.string.prefix(400))")
            let csv = try await session.get(exportLink + (exportLink.contains("?") ? "&" : "?") + "format=csv")
            #expect(csv.body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == inRegister + 1)

            // Through the API a page position that comes along is ignored too.
            let token = try await world.token("county-admin")
            let listed = try await world.send(.GET, "/api/v1/members?status=active", token: token).content.decode(MemberPage.self)
            let after = try #require(listed.next)
            let api = try await world.send(.GET, "/api/v1/members/export?format=csv&status=active&after=\(after)", token: token)
            #expect(api.body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == inRegister + 1)
            #expect(try await world.auditEntries(action: "member.export").last?.detail.contains("\(inRegister) 行") == true)
        }
    }
}

@Suite("Where an import's time went")
struct ImportPhasesTests {
    @Test("the log line gives every phase in seconds with two decimals")
    func described() {
        var phases = RosterImport.Phases()
        phases.reading = .milliseconds(3_050)
        phases.writing = .milliseconds(27_960)
        phases.counting = .milliseconds(90)
        let line = phases.description
        #expect(line.contains("reading 3.05s") && line.contains("writing 27.96s") && line.contains("counters 0.09s"))
        #expect(line.contains("judging 0.00s"))
    }
}

@Suite("Bulk loads without secondary indexes")
struct BulkIndexTests {
    @Test("a big SQLite load drops the secondary indexes and builds them again exactly as they were; a failure keeps them")
    func rebuilt() async throws {
        try await withWorld { world in
            let database = world.app.db
            guard !database.isPostgres else {
                // PostgreSQL keeps its indexes: dropping one would lock the register against readers.
                let (kept, indexing) = try await MemberRow.withoutSecondaryIndexes(expecting: 1_000_000, on: database) { true }
                #expect(kept && indexing == .zero)
                return
            }
            func definitions() async throws -> [String] {
                try await database.sql.raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' AND sql IS NOT NULL ORDER BY name")
                    .all(decoding: [String: String].self).compactMap { $0["sql"] }
            }
            let before = try await definitions()
            try await world.app.dangjian.writer.transaction(on: database) { transaction in
                let (during, _) = try await MemberRow.withoutSecondaryIndexes(expecting: 10, threshold: 5, on: transaction) {
                    try await transaction.sql.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members'")
                        .all(decoding: [String: String].self).compactMap { $0["name"] }
                }
                #expect(!during.contains("members_name") && during.contains("members_id_hash"))
            }
            #expect(try await definitions() == before)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await world.app.dangjian.writer.transaction(on: database) { transaction in
                    try await MemberRow.withoutSecondaryIndexes(expecting: 10, threshold: 5, on: transaction) { throw Boom() }
                }
            }
            #expect(try await definitions() == before, "rolled back with the transaction")
        }
    }
}

@Suite("An import run by another process")
struct SharedImportTests {
    @Test("a job another live process runs is shown with the progress that process shares, not called interrupted; when that process stops it fails")
    func anotherProcess() async throws {
        try await withWorld { world in
            let services = world.app.dangjian
            let database = world.app.db
            let token = try await world.token("branch-secretary")
            let account = try #require(try await AccountModel.query(on: database).filter(\.$username == "branch-secretary").first()?.id)
            let now = services.clock.now().timeIntervalSince1970
            let process = try await ServerProcessModel.other("the-other-process", heartbeat: now - 1, on: database)
            let job = ImportJobModel(id: UUID().uuidString, accountID: account, fileName: "名册.csv", format: "csv", mode: .skip,
                                     organizationID: nil, now: now - 60)
            job.status = .importing
            job.processID = "the-other-process"
            job.totalRows = 1_000
            try await job.create(on: database)
            await ImportJobs.share(job.id!, rows: 400, since: Date(timeIntervalSince1970: now - 8), on: database)

            let seen = try await world.send(.GET, "/api/v1/imports/\(job.id!)", token: token)
            #expect(seen.status == .ok)
            let view = try seen.content.decode(ImportJobView.self)
            #expect(view.status == .importing, "another live process's job is not called interrupted")
            #expect(view.progress?.rowsDone == 400 && view.progress?.rowsTotal == 1_000 && view.progress?.phase == "导入")
            // 400 rows in the 8 s shared, or fewer a second when the test itself ran slowly.
            #expect((1...50).contains(view.progress?.rowsPerSecond ?? 0) && (view.progress?.secondsLeft ?? 0) >= 12)

            process.heartbeatAt = now - ServerProcesses.stoppedAfter - 1
            try await process.update(on: database)
            #expect(try await ServerProcesses.beat(services, on: database) == 1)
            let after = try await world.send(.GET, "/api/v1/imports/\(job.id!)", token: token).content.decode(ImportJobView.self)
            #expect(after.status == .failed && after.progress == nil)
        }
    }
}
