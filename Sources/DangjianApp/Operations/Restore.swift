import Fluent
import Foundation
import SQLiteKit
import SQLKit
import Vapor

/// `dangjian restore --from DIR`: checks the whole backup before writing anything (every part there, of its size and
/// SHA-256; a schema this binary knows; the data key in place the one the backup's sealed values need), restores into
/// an empty data directory, then checks the result: every table's row count as in the manifest and the audit chain
/// whole. A damaged or incomplete backup is refused with what is wrong.
enum Restore {
    struct Result: Sendable {
        let manifest: BackupManifest
        let auditEntries: Int
        let seconds: Double
    }

    /// Reads and checks a backup: the envelope, the manifest (opened with the passphrase when sealed), every part.
    static func check(_ directory: URL, passphrase: String?, cipher: PersonalDataCipher) throws -> (BackupManifest, BackupSeal?) {
        let decoder = JSONDecoder()
        guard let envelopeData = FileManager.default.contents(atPath: directory.appendingPathComponent(BackupEnvelope.fileName).path) else {
            throw BackupProblem("\(directory.path) 中没有 backup.json：不是平台的备份，或备份没有做完")
        }
        guard let envelope = try? decoder.decode(BackupEnvelope.self, from: envelopeData) else {
            throw BackupProblem("backup.json 已损坏，无法读取")
        }
        guard envelope.format == BackupManifest.format else {
            throw BackupProblem("备份格式 \(envelope.format) 不是本版本认识的 \(BackupManifest.format)")
        }
        var seal: BackupSeal?
        if let derivation = envelope.sealed {
            guard let passphrase, !passphrase.isEmpty else {
                throw BackupProblem("此备份已用口令加密：请用 --passphrase-file 或环境变量 DANGJIAN_BACKUP_PASSPHRASE 提供备份口令")
            }
            seal = try BackupSeal(passphrase: passphrase, derivation: derivation)
        }
        let manifestURL = directory.appendingPathComponent(envelope.manifest.path)
        guard envelope.manifest.path == (seal == nil ? "manifest.json" : "manifest.sealed"),
              let stored = FileManager.default.contents(atPath: manifestURL.path) else {
            throw BackupProblem("备份缺少清单文件 \(envelope.manifest.path)")
        }
        guard stored.count == envelope.manifest.bytes, try BackupFile.digest(manifestURL).sha256 == envelope.manifest.sha256 else {
            throw BackupProblem("清单文件 \(envelope.manifest.path) 已损坏（大小或校验和与 backup.json 不符）")
        }
        let manifestData = try seal.map { try $0.open(stored, part: envelope.manifest.path) } ?? stored
        guard let manifest = try? decoder.decode(BackupManifest.self, from: manifestData) else {
            throw BackupProblem("清单文件 \(envelope.manifest.path) 无法读取")
        }
        let known = Set(DatabaseFacts.knownMigrations)
        let unknown = manifest.migrations.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw BackupProblem("备份来自更新版本的平台（数据库结构含本版本不认识的 \(unknown.count) 项变更，如 \(unknown[0])）：请用不低于备份时的版本恢复")
        }
        guard manifest.keyCheck == cipher.keyCheck else {
            throw BackupProblem("数据目录中的数据密钥不是备份时的密钥：请把备份时的 keys/data.key 放入数据目录（或设置 DANGJIAN_DATA_KEY），否则加密的身份证号、手机号和审计日志都无法读取")
        }
        var problems: [String] = []
        for part in manifest.parts {
            guard !part.path.split(separator: "/").contains("..") && !part.path.hasPrefix("/") else {
                problems.append("\(part.path)：路径不合法")
                continue
            }
            let url = directory.appendingPathComponent(part.path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                problems.append("\(part.path) 缺失")
                continue
            }
            let digest = try BackupFile.digest(url)
            if digest.bytes != part.bytes {
                problems.append("\(part.path) 大小不符（应为 \(part.bytes) 字节，实为 \(digest.bytes) 字节）")
            } else if digest.sha256 != part.sha256 {
                problems.append("\(part.path) 校验和不符（内容已被改动或损坏）")
            }
        }
        let databasePart = manifest.engine == "postgres" ? "database.pgdump" : "database.sqlite"
        if !manifest.parts.contains(where: { $0.path == databasePart || $0.path == databasePart + ".sealed" }) {
            problems.append("清单中没有数据库文件 \(databasePart)")
        }
        guard problems.isEmpty else {
            throw BackupProblem("备份不完整或已损坏，未做任何恢复：\n" + problems.prefix(20).map { "  - \($0)" }.joined(separator: "\n")
                                + (problems.count > 20 ? "\n  …共 \(problems.count) 处" : ""))
        }
        return (manifest, seal)
    }

    /// Restores the backup at `directory` into the configured database and data directory, which must be empty.
    static func run(from directory: URL, passphrase: String?, configuration: AppConfiguration, cipher: PersonalDataCipher,
                    database: any Database, logger: Logger) async throws -> Result {
        let start = Date()
        let (manifest, seal) = try check(directory, passphrase: passphrase, cipher: cipher)
        let manager = FileManager.default
        let files = configuration.dataDirectory.appendingPathComponent("files", isDirectory: true)
        if let existing = try? manager.contentsOfDirectory(atPath: files.path), !existing.isEmpty {
            throw BackupProblem("\(files.path) 中已有文件：请恢复到一个空的数据目录")
        }
        /// The part `name` as a plain file at `destination`.
        func place(_ name: String, at destination: URL) throws {
            if let seal {
                try seal.open(directory.appendingPathComponent(name + ".sealed"), to: destination, part: name)
            } else {
                try BackupFile.copy(directory.appendingPathComponent(name), to: destination)
            }
        }
        switch configuration.database {
        case .sqlite(let path):
            guard manifest.engine == "sqlite" else { throw BackupProblem("这是 PostgreSQL 的备份：请设置 DATABASE_URL 指向一个空的 PostgreSQL 数据库后再恢复") }
            let target = URL(fileURLWithPath: path)
            if manager.fileExists(atPath: target.path) {
                let (_, tables, _) = try await Backup.readFacts(ofSQLiteFile: target, logger: logger)
                guard tables.isEmpty else { throw BackupProblem("\(target.path) 已有数据：请恢复到一个空的数据目录") }
                for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: target.path + suffix) }
            }
            let incoming = target.deletingLastPathComponent().appendingPathComponent(".restoring-" + target.lastPathComponent)
            try place("database.sqlite", at: incoming)
            try manager.moveItem(at: incoming, to: target)
        case .postgres(let url, _):
            guard manifest.engine == "postgres" else { throw BackupProblem("这是 SQLite 的备份：请不设置 DATABASE_URL，恢复到一个空的数据目录") }
            guard try await DatabaseFacts.tables(on: database.sql).isEmpty else {
                throw BackupProblem("DATABASE_URL 指向的数据库已有数据表：请恢复到一个空的数据库")
            }
            let dump: URL
            var temporary: URL?
            if seal != nil {
                dump = manager.temporaryDirectory.appendingPathComponent("dangjian-restore-\(UUID().uuidString).pgdump")
                temporary = dump
                try place("database.pgdump", at: dump)
            } else {
                dump = directory.appendingPathComponent("database.pgdump")
            }
            defer { if let temporary { try? manager.removeItem(at: temporary) } }
            try await Subprocess.run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                                                    "--dbname=\(url)", dump.path],
                                     explaining: "pg_restore 恢复数据库失败")
        }
        for part in manifest.parts where part.path.hasPrefix("files/") {
            let name = seal == nil ? part.path : String(part.path.dropLast(".sealed".count))
            try place(name, at: configuration.dataDirectory.appendingPathComponent(name))
        }
        if let rules = manifest.parts.first(where: { $0.path.hasPrefix("rules.json") }) {
            let name = seal == nil ? rules.path : "rules.json"
            try place(name, at: configuration.dataDirectory.appendingPathComponent(name))
        }

        // What was restored must be what was backed up.
        let counts = try await DatabaseFacts.counts(on: database.sql)
        let differing = Set(counts.keys).union(manifest.tables.keys).sorted().filter { counts[$0] != manifest.tables[$0] }
        guard differing.isEmpty else {
            throw BackupProblem("恢复后核对不符：" + differing.prefix(10).map { "\($0) 应有 \(manifest.tables[$0] ?? 0) 行，实有 \(counts[$0] ?? 0) 行" }
                .joined(separator: "；") + "。恢复结果不可用，请清空数据目录后换一份备份再试")
        }
        let (checked, broken) = try await AuditLog.verify(on: database, cipher: cipher, requireSignedHead: manifest.auditHead != nil)
        if let broken { throw BackupProblem("恢复后审计日志链条断开：\(broken.explanation)（已核对 \(checked) 条）") }
        return Result(manifest: manifest, auditEntries: checked, seconds: Date().timeIntervalSince(start))
    }
}
