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
        var phases = Phases()
    }

    /// Where an import's time went, for the log: waiting for the reader, judging rows, looking ID numbers up in the
    /// register, sealing new rows, writing them (alongside the rest) and waiting for a write to finish; then the
    /// indexes, counters and statistics.
    struct Phases: CustomStringConvertible {
        var reading = Duration.zero
        var judging = Duration.zero
        var lookingUp = Duration.zero
        var sealing = Duration.zero
        var writing = Duration.zero
        var waiting = Duration.zero
        var indexing = Duration.zero
        var counting = Duration.zero

        static func time<T>(_ phase: inout Duration, _ work: () async throws -> T) async rethrows -> T {
            let start = ContinuousClock.now
            defer { phase += ContinuousClock.now - start }
            return try await work()
        }

        var description: String {
            func seconds(_ duration: Duration) -> String {
                let (whole, attoseconds) = duration.components
                let hundredths = attoseconds / 10_000_000_000_000_000
                return "\(whole).\(hundredths < 10 ? "0" : "")\(hundredths)s"
            }
            return "reading \(seconds(reading)), judging \(seconds(judging)), looking up \(seconds(lookingUp)), sealing \(seconds(sealing)), "
                + "writing \(seconds(writing)) (waited \(seconds(waiting))), indexes \(seconds(indexing)), counters \(seconds(counting))"
        }
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
        var writing: Task<(Int, Duration), any Error>?
        var checking = false
        if case .check = pass { checking = true }
        // New rows get their ids before they are sealed (the sealed numbers name the row). On PostgreSQL the sequence
        // is read on the reader connection, so that the batch being written keeps its own connection busy alone.
        var reserved: RowIDs?
        if case .apply(_, let writer) = pass { reserved = RowIDs(MemberModel.schema, on: writer.isPostgres ? database : writer) }
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

        /// The file's own duplicates are found here, in file order; everything else about a row was judged already.
        func settle(_ judged: RowJudgement) throws -> Candidate? {
            var problems = judged.problems
            if let key = judged.key, !seen.insert(key).inserted {
                problems.append(RowProblem(row: judged.row, column: judged.idLabel, message: "与文件中前面的行重复"))
            }
            guard problems.isEmpty, let candidate = judged.candidate else {
                try record(judged.row, judged.cells, problems)
                return nil
            }
            return candidate
        }

        func flush() async throws {
            guard !batch.isEmpty else { return }
            let existing = try await Phases.time(&tally.phases.lookingUp) { try await Self.registered(batch.map(\.idHash), on: database) }
            let byHash = Dictionary(existing.map { ($0.idHash, $0) }, uniquingKeysWith: { first, _ in first })
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
                let ids = try await reserved?.take(fresh.count) ?? []
                let inserts = try await Phases.time(&tally.phases.sealing) { try await Self.sealed(fresh, ids: ids, cipher: cipher, now: now) }
                // One batch is written while the next is read, judged, looked up and sealed: the database works on
                // one core and this task on the other (written one after another, the import left a core idle).
                try await settleWrite()
                writing = Task {
                    let start = ContinuousClock.now
                    try await MemberRow.insert(inserts, on: database)
                    return (inserts.count, ContinuousClock.now - start)
                }
            }
            batch.removeAll(keepingCapacity: true)
        }

        /// Waits for the batch being written, if any, and counts it.
        func settleWrite() async throws {
            guard let previous = writing else { return }
            writing = nil
            let (count, duration) = try await Phases.time(&tally.phases.waiting) { try await previous.value }
            tally.inserted += count
            tally.phases.writing += duration
        }

        func read() async throws {
            var batches = source.batches(of: Self.batchSize).makeAsyncIterator()
            while let rows = try await Phases.time(&tally.phases.reading, { try await batches.next() }) {
                var data: [Row] = []
                data.reserveCapacity(rows.count)
                for (row, cells) in rows {
                    guard layout != nil else {
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
                    data.append(Row(number: row, cells: cells))
                }
                guard let layout, !data.isEmpty else { continue }
                tally.total += data.count
                let judge = RowJudge(layout: layout, organizations: organizations, defaultOrganization: defaultOrganization,
                                     validator: validator, cipher: cipher, today: today)
                for judged in try await judge.judge(data, onEveryCore: checking) {
                    if let candidate = try settle(judged) { batch.append(candidate) }
                    if batch.count >= Self.batchSize { try await flush() }
                }
                if let since = registry.advance(jobID, to: tally.total), application.db.isPostgres {
                    await ImportJobs.share(jobID, rows: tally.total, since: since, on: application.db)
                }
            }
            try await flush()
            try await settleWrite()
        }

        let started = ContinuousClock.now
        do {
            try await read()
        } catch {
            // The transaction must not end while a batch is still being written into it.
            _ = await writing?.result
            throw error
        }
        let phases = tally.phases
        // A batch's write overlaps the next batch's work: only the time spent waiting for it is taken off here.
        tally.phases.judging = ContinuousClock.now - started - phases.reading - phases.lookingUp - phases.sealing - phases.waiting
        guard layout != nil else { throw Fatal(message: "文件中没有数据，或没有找到有“姓名”列的表头") }
        return tally
    }

    /// A person already in the register, found by the lookup hash of their ID number.
    struct Registered: Decodable {
        let id: Int
        let idHash: String
        let path: String

        enum CodingKeys: String, CodingKey {
            case id
            case idHash = "id_hash"
            case path
        }
    }

    /// The people among `hashes` already in the register.
    static func registered(_ hashes: [String], on database: any Database) async throws -> [Registered] {
        try await database.sql.select().columns("id", "id_hash", "path").from(MemberModel.schema)
            .where("id_hash", .in, SQLBind.group(hashes)).all(decoding: Registered.self)
    }

    /// The rows to insert, sealed on every core: encrypting and hashing the numbers is most of the work that is ours.
    static func sealed(_ candidates: [Candidate], ids: [Int], cipher: PersonalDataCipher, now: String) async throws -> [MemberRow] {
        guard ids.count == candidates.count else { throw FluentError.idRequired }
        return try await Array(zip(ids, candidates)).mapOnEveryCore { id, candidate in
            try MemberRow(id: id, organization: candidate.organization, profile: candidate.profile, idHash: candidate.idHash, cipher: cipher, now: now)
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
