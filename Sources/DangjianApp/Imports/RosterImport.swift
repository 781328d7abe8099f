import DangjianCore
import DangjianDocuments
import Fluent
import Foundation
import SQLKit
import Vapor

/// One problem of one row, as the check report shows it.
struct RowProblem: Content, Sendable {
    let row: Int
    let column: String
    let message: String
}

/// Checking and importing a roster. Both passes read the file the same way and judge every row by the same rules,
/// so the import does exactly what the check announced.
struct RosterImport: Sendable {
    let services: AppServices
    let application: Application
    let jobID: String
    let file: URL
    let scopes: [OrgPath]
    let origin: AuditOrigin

    struct Fatal: Error {
        let message: String
    }

    /// The organizations a row may name, by name, within the importer's scope. A name used twice there is ambiguous.
    struct Organizations {
        var byName: [String: MemberRow.Organization?] = [:]
        var byID: [Int: MemberRow.Organization] = [:]

        static func load(scopes: [OrgPath], on database: any Database) async throws -> Organizations {
            var result = Organizations()
            for scope in scopes {
                struct Row: Decodable { let id: Int; let name: String; let path: String; let county_id: Int? }
                let rows = try await database.sql.select().columns("id", "name", "path", "county_id").from(OrganizationModel.schema)
                    .where("path", .greaterThanOrEqual, SQLBind(scope.value)).where("path", .lessThan, SQLBind(scope.upperBound))
                    .all(decoding: Row.self)
                for row in rows {
                    let organization = MemberRow.Organization(id: row.id, path: row.path, countyID: row.county_id)
                    result.byID[row.id] = organization
                    result.byName[row.name] = result.byName[row.name] == nil ? organization : .some(nil)
                }
            }
            return result
        }
    }

    /// A row that passed every check, waiting for the register lookup of its ID number.
    struct Candidate {
        let row: Int
        let cells: [String]
        let profile: MemberProfile
        let organization: MemberRow.Organization
        let idHash: String
    }

    struct Tally {
        var total = 0
        var valid = 0
        var problemRows = 0
        var existing = 0
        var inserted = 0
        var updated = 0
        var skipped = 0
        var counts: [String: Int] = [:]
        var samples: [RowProblem] = []
    }

    enum Pass {
        case check(report: XLSXWriter?)
        case apply(mode: ImportJobModel.Mode, database: any Database)
    }

    static let batchSize = 1000

    /// Reads the file once, row by row. Problems go to the report; valid rows are looked up in the register a batch at
    /// a time and, when applying, written.
    func scan(_ pass: Pass, defaultOrganization: Int?, on database: any Database) async throws -> Tally {
        let source = try openSpreadsheet(file)
        let organizations = try await Organizations.load(scopes: scopes, on: database)
        let today = services.clock.today()
        let validator = MemberValidator(rules: services.rules, today: today)
        let cipher = services.cipher
        let registry = services.imports
        var tally = Tally()
        var layout: RosterLayout?
        var seen = Set<Int64>()
        var batch: [Candidate] = []
        var reportHeaderWritten = false

        func record(_ row: Int, _ cells: [String], _ problems: [RowProblem]) throws {
            tally.problemRows += 1
            for problem in problems {
                tally.counts[problem.column, default: 0] += 1
                if tally.samples.count < 200 { tally.samples.append(problem) }
            }
            if case .check(let report?) = pass, let layout {
                if !reportHeaderWritten {
                    try report.write(["行号"] + layout.headers + ["问题"])
                    reportHeaderWritten = true
                }
                try report.write(["\(row)"] + cells + Array(repeating: "", count: max(layout.headers.count - cells.count, 0))
                                 + [problems.map { "【\($0.column)】\($0.message)" }.joined(separator: "；")])
            }
        }

        func judge(_ row: Int, _ cells: [String], layout: RosterLayout) throws -> Candidate? {
            func label(_ field: RosterField) -> String {
                layout.columns[field].map { layout.headers[$0].isEmpty ? field.header : layout.headers[$0] } ?? field.header
            }
            var problems: [RowProblem] = []
            let input = layout.input(from: cells, today: today)
            if RosterLayout.isMangledByExcel(input.idNumber) {
                problems.append(RowProblem(row: row, column: label(.idNumber), message: "公民身份号码被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写"))
            }
            var organization: MemberRow.Organization?
            let organizationName = layout.value(.organization, in: cells)
            if !organizationName.isEmpty {
                switch organizations.byName[organizationName] {
                case .some(.some(let found)): organization = found
                case .some(.none): problems.append(RowProblem(row: row, column: label(.organization), message: "“\(organizationName)”在您的管理范围内有重名，请写明上级组织后分开导入"))
                case .none: problems.append(RowProblem(row: row, column: label(.organization), message: "在您的管理范围内没有名为“\(organizationName)”的党组织"))
                }
            } else if let defaultOrganization, let found = organizations.byID[defaultOrganization] {
                organization = found
            } else {
                problems.append(RowProblem(row: row, column: label(.organization), message: "请填写所在党组织"))
            }
            var profile: MemberProfile?
            do {
                profile = try validator.validate(input)
            } catch {
                for fieldError in error.errors where !(fieldError.field == "idNumber" && !problems.isEmpty && RosterLayout.isMangledByExcel(input.idNumber)) {
                    let field = RosterField(rawValue: fieldError.field) ?? .name
                    problems.append(RowProblem(row: row, column: label(field), message: fieldError.message))
                }
            }
            if let number = profile?.idNumber, !seen.insert(Self.key(number.value)).inserted {
                problems.append(RowProblem(row: row, column: label(.idNumber), message: "与文件中前面的行重复"))
            }
            guard problems.isEmpty, let profile, let organization, let number = profile.idNumber else {
                try record(row, cells, problems)
                return nil
            }
            return Candidate(row: row, cells: cells, profile: profile, organization: organization, idHash: cipher.lookupHash(number.value))
        }

        func flush() async throws {
            guard !batch.isEmpty else { return }
            struct Existing: Decodable { let id: Int; let id_hash: String; let path: String }
            let existing = try await database.sql.select().columns("id", "id_hash", "path").from(MemberModel.schema)
                .where("id_hash", .in, SQLBind.group(batch.map(\.idHash))).all(decoding: Existing.self)
            let byHash = Dictionary(existing.map { ($0.id_hash, $0) }, uniquingKeysWith: { first, _ in first })
            var fresh: [Candidate] = []
            let now = Date().formatted(.iso8601)
            for candidate in batch {
                if let found = byHash[candidate.idHash] {
                    let inScope = OrgPath(found.path).map { path in scopes.contains { $0.contains(path) } } ?? false
                    guard inScope else {
                        try record(candidate.row, candidate.cells, [RowProblem(row: candidate.row, column: RosterField.idNumber.header,
                            message: "该公民身份号码已在其他党组织登记；如需接收，请办理组织关系转接")])
                        continue
                    }
                    tally.existing += 1
                    tally.valid += 1
                    if case .apply(let mode, let database) = pass {
                        if mode == .update {
                            try await update(found.id, with: candidate, database: database)
                            tally.updated += 1
                        } else {
                            tally.skipped += 1
                        }
                    }
                    continue
                }
                tally.valid += 1
                if case .apply = pass { fresh.append(candidate) }
            }
            if case .apply(_, let database) = pass, !fresh.isEmpty {
                let inserts = try await Self.sealed(fresh, cipher: cipher, now: now)
                try await MemberRow.insert(inserts, on: database)
                tally.inserted += inserts.count
            }
            batch.removeAll(keepingCapacity: true)
        }

        for try await rows in source.batches(of: Self.batchSize) {
            for (row, cells) in rows {
                guard let current = layout else {
                    if let found = RosterLayout(headerRow: row, cells: cells) {
                        let missing = found.missing(organizationChosen: defaultOrganization != nil)
                        guard missing.isEmpty else {
                            throw Fatal(message: "表头缺少必需的列：\(missing.map(\.header).joined(separator: "、"))（可用的写法见导入页面说明）")
                        }
                        layout = found
                    } else if row >= 10 {
                        throw Fatal(message: "前 10 行中没有找到表头：表头须有“姓名”“公民身份号码”“入党时间”等列")
                    }
                    continue
                }
                guard cells.contains(where: { !$0.trimmed.isEmpty }) else { continue }
                tally.total += 1
                if let candidate = try judge(row, cells, layout: current) { batch.append(candidate) }
                if batch.count >= Self.batchSize { try await flush() }
            }
            registry.advance(jobID, to: tally.total)
        }
        try await flush()
        guard layout != nil else { throw Fatal(message: "文件中没有数据，或没有找到有“姓名”列的表头") }
        return tally
    }

    /// The rows to insert, sealed on every core: encrypting and hashing the numbers is most of the work that is ours.
    static func sealed(_ candidates: [Candidate], cipher: PersonalDataCipher, now: String) async throws -> [MemberRow] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, candidates.count / 250))
        guard parts > 1 else {
            return try candidates.map { try MemberRow(organization: $0.organization, profile: $0.profile, cipher: cipher, now: now) }
        }
        let size = (candidates.count + parts - 1) / parts
        return try await withThrowingTaskGroup(of: (Int, [MemberRow]).self) { group in
            for part in 0..<parts {
                let slice = Array(candidates[min(candidates.count, part * size)..<min(candidates.count, (part + 1) * size)])
                group.addTask {
                    (part, try slice.map { try MemberRow(organization: $0.organization, profile: $0.profile, cipher: cipher, now: now) })
                }
            }
            var pieces = [[MemberRow]](repeating: [], count: parts)
            for try await (part, rows) in group { pieces[part] = rows }
            return pieces.flatMap { $0 }
        }
    }

    /// Rewrites a stored member from the roster row (update mode), keeping what the row leaves blank.
    func update(_ id: Int, with candidate: Candidate, database: any Database) async throws {
        guard let member = try await MemberModel.find(id, on: database) else { return }
        try MemberEditing.apply(candidate.profile, keepingPhone: true, to: member, cipher: services.cipher)
        member.organizationID = candidate.organization.id
        member.path = candidate.organization.path
        member.countyID = candidate.organization.countyID
        try await member.update(on: database)
    }

    /// An ID number as one integer (17 digits and the check character), so that a million of them fit in a set.
    static func key(_ idNumber: String) -> Int64 {
        // Bytes, not Characters: the Unicode digit lookup of `wholeNumberValue` showed in the import's profile.
        var digits: Int64 = 0
        var check: Int64 = 0
        for (index, byte) in idNumber.utf8.enumerated() {
            let value: Int64 = byte >= 48 && byte <= 57 ? Int64(byte - 48) : (byte == 88 || byte == 120 ? 10 : 0)
            if index < 17 { digits = digits * 10 + value } else { check = value }
        }
        return digits * 11 + check
    }
}
