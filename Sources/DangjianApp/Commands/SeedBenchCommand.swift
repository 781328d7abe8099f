import DangjianCore
import DangjianDocuments
import Fluent
import SQLKit
import Vapor

/// `dangjian seed-bench --organizations 50000 --members 1000000` — fills an empty database with a province-sized
/// dataset for benchmarks, and can write a roster of other people as .csv and .xlsx for import benchmarks.
struct SeedBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "organizations", help: "党组织数（默认 50000）") var organizations: Int?
        @Option(name: "members", help: "党员数（默认 1000000）") var members: Int?
        @Option(name: "password", help: "基准测试账号的密码") var password: String?
        @Option(name: "roster", help: "在此目录写出导入用名册 roster.csv 和 roster.xlsx（另一批人）") var roster: String?
        @Option(name: "roster-rows", help: "名册行数（默认与党员数相同）") var rosterRows: Int?
    }

    var help: String { "生成省级规模的基准测试数据" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard try await DemoLoader.isEmpty(app.db) else { throw DemoLoader.Problem.notEmpty }
        let services = app.dangjian
        let dataset = BenchDataset(organizations: signature.organizations ?? 50_000)
        let memberCount = signature.members ?? 1_000_000
        let start = Date()
        var paths: [Int: String] = [:]
        let configuration = services.configuration
        var rows: [[any Encodable & Sendable]] = []
        for organization in dataset.organizations {
            let path = (organization.parentID.flatMap { paths[$0] } ?? "/") + "\(organization.id)/"
            paths[organization.id] = path
            let county = OrganizationEditing.countyID(for: OrgPath(stored: path), configuration: configuration)
            rows.append([organization.id, organization.parentID, path, county, organization.name, organization.kind.rawValue,
                         organization.sector.rawValue, 0, 0])
        }
        let organizationRows = rows
        try await services.writer.transaction(on: app.db) { database in
            for chunk in organizationRows.chunked(into: 3000) {
                let insert = database.sql.insert(into: OrganizationModel.schema)
                    .columns("id", "parent_id", "path", "county_id", "name", "kind", "sector", "full_count", "probationary_count")
                for row in chunk { insert.values(row.map { SQLBind($0) }) }
                try await insert.run()
            }
            if database.isPostgres {
                try await database.sql.raw("SELECT setval(pg_get_serial_sequence('organizations', 'id'), (SELECT MAX(id) FROM organizations))").run()
            }
        }
        context.console.print("党组织 \(dataset.organizations.count) 个，用时 \(String(format: "%.1f", Date().timeIntervalSince(start))) 秒")

        let memberStart = Date()
        let now = Date().formatted(.iso8601)
        var done = 0
        while done < memberCount {
            let end = min(done + 20_000, memberCount)
            let members = try (done..<end).map { index -> MemberRow in
                let member = dataset.member(index)
                let path = paths[member.organizationID]!
                // An empty register: the rows take the ids 1, 2, 3… in order.
                return try MemberRow(id: index + 1, organization: .init(id: member.organizationID, path: path,
                                                         countyID: OrganizationEditing.countyID(for: OrgPath(stored: path), configuration: configuration)),
                                     name: member.name, gender: member.gender, ethnicity: "汉族", birthDate: member.birthDate,
                                     idNumber: member.idNumber, phone: member.phone, education: member.education, category: member.category,
                                     membership: member.membership, joinedOn: member.joinedOn, fullOn: member.fullOn, job: nil, address: nil,
                                     cipher: services.cipher, now: now)
            }
            try await services.writer.transaction(on: app.db) { try await MemberRow.insert(members, on: $0) }
            done = end
            if done % 100_000 == 0 || done == memberCount {
                let rate = Double(done) / Date().timeIntervalSince(memberStart)
                context.console.print("党员 \(done) 名（每秒 \(Int(rate)) 名）")
            }
        }
        if app.db.isPostgres {
            try await app.db.sql.raw("SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT MAX(id) FROM members))").run()
        }
        try await services.writer.transaction(on: app.db) { try await MemberRow.recount(on: $0) }
        try await MemberRow.analyze(on: app.db)
        let password = signature.password ?? DemoCommand.randomPassword()
        let hash = try app.password.sync.hash(password)
        let secrets = try await services.writer.transaction(on: app.db) { database in
            var secrets: [(String, String)] = []
            for (username, role, organization) in [("province-admin", Role.orgDepartmentAdmin, Optional(1)),
                                                   ("branch-secretary", .branchSecretary, Optional(dataset.branchIDs[0])),
                                                   ("auditor", .auditAdmin, nil)] {
                let account = AccountModel(username: username, displayName: role.chinese, passwordHash: hash, memberID: nil)
                try await account.create(on: database)
                // The roles that need two-step verification start with it set up, as in the demo county.
                if role.requiresSecondFactor {
                    secrets.append((username, try SecondFactor.enrol(account, cipher: services.cipher)))
                    try await account.update(on: database)
                }
                try await GrantModel(accountID: account.id!, role: role, organizationID: organization, grantedBy: nil).create(on: database)
            }
            return secrets
        }
        context.console.print("基准数据已生成：党员 \(memberCount) 名，共用时 \(String(format: "%.1f", Date().timeIntervalSince(start))) 秒；账号 province-admin、branch-secretary、auditor，密码 \(password)")
        for (username, secret) in secrets { context.console.print("两步验证密钥 \(username) \(secret)") }

        if let directory = signature.roster {
            let rosterStart = Date()
            let url = URL(fileURLWithPath: directory, isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let csv = try CSVWriter(url: url.appendingPathComponent("roster.csv"))
            let xlsx = try XLSXWriter(url: url.appendingPathComponent("roster.xlsx"), sheetName: "党员名册")
            let header = ["姓名", "性别", "公民身份号码", "出生日期", "学历", "人员类别", "入党时间", "转正时间", "所在党组织", "联系电话"]
            try csv.write(header)
            try xlsx.write(header)
            let names = Dictionary(dataset.organizations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            for index in 0..<(signature.rosterRows ?? memberCount) {
                let member = dataset.member(index, series: 1)
                let row = [member.name, member.gender.chinese, member.idNumber, member.birthDate.description, member.education.chinese,
                           member.category.chinese, member.joinedOn.description, member.fullOn?.description ?? "",
                           names[member.organizationID] ?? "", member.phone ?? ""]
                try csv.write(row)
                try xlsx.write(row)
            }
            try csv.finish()
            try xlsx.finish()
            context.console.print("导入用名册已写出：\(url.path)/roster.csv、roster.xlsx（用时 \(String(format: "%.1f", Date().timeIntervalSince(rosterStart))) 秒）")
        }
    }
}
