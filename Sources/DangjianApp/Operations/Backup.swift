import Fluent
import Foundation
import SQLiteKit
import SQLKit
import Vapor

/// `dangjian backup`, the scheduled backups and the page's “立即备份”: a consistent copy of the database taken while the
/// server runs (SQLite's `VACUUM INTO`, or `pg_dump` in a snapshot whose rows are counted in the same snapshot), the
/// uploaded files and `rules.json`, and a manifest. The data key is not in it: it is kept apart (README, 运维).
enum Backup {
    struct Result: Sendable {
        let directory: URL
        let manifest: BackupManifest
        let bytes: Int
        let seconds: Double
    }

    /// Writes a backup into `directory`, which must not exist or be empty. On failure the half-written directory is
    /// removed; `backup.json`, written last, marks a complete backup.
    static func make(into directory: URL, passphrase: String?, configuration: AppConfiguration, cipher: PersonalDataCipher,
                     database: any Database, logger: Logger) async throws -> Result {
        let start = Date()
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: directory.path), !existing.isEmpty {
            throw BackupProblem("\(directory.path) 已有内容：请指定一个新的或空的目录")
        }
        try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            let result = try await write(into: directory, passphrase: passphrase, configuration: configuration, cipher: cipher,
                                         database: database, logger: logger, start: start)
            return result
        } catch {
            try? manager.removeItem(at: directory)
            throw error
        }
    }

    private static func write(into directory: URL, passphrase: String?, configuration: AppConfiguration, cipher: PersonalDataCipher,
                              database: any Database, logger: Logger, start: Date) async throws -> Result {
        var derivation: BackupSeal.Derivation?
        var seal: BackupSeal?
        if let passphrase {
            let fresh = BackupSeal.Derivation.fresh()
            derivation = fresh
            seal = try BackupSeal(passphrase: passphrase, derivation: fresh)
        }
        let createdAt = Date().formatted(.iso8601)
        var parts: [BackupManifest.Part] = []
        /// Stores the plain file at `plain` as the part `name`: sealed (and the plain copy removed) or as it is.
        func store(_ plain: URL, as name: String, removingPlain: Bool) throws {
            let stored: URL
            if let seal {
                stored = directory.appendingPathComponent(name + ".sealed")
                try seal.seal(plain, to: stored, part: name)
                if removingPlain { try FileManager.default.removeItem(at: plain) }
            } else {
                stored = directory.appendingPathComponent(name)
                if plain != stored { try BackupFile.copy(plain, to: stored) }
            }
            let digest = try BackupFile.digest(stored)
            parts.append(.init(path: stored.lastPathComponentRelative(to: directory), bytes: digest.bytes, sha256: digest.sha256))
        }

        let engine: String
        let facts: (migrations: [String], tables: [String: Int], head: BackupManifest.AuditHead?)
        switch configuration.database {
        case .sqlite:
            engine = "sqlite"
            let copy = directory.appendingPathComponent("database.sqlite")
            // A consistent snapshot, written by SQLite itself while the server goes on writing (WAL).
            try await database.sql.raw("VACUUM INTO \(bind: copy.path)").run()
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.path)
            facts = try await readFacts(ofSQLiteFile: copy, logger: logger)
            try store(copy, as: "database.sqlite", removingPlain: true)
        case .postgres(let url, let searchPath):
            engine = "postgres"
            let dump = directory.appendingPathComponent(seal == nil ? "database.pgdump" : ".database.pgdump")
            facts = try await dumpPostgres(url: url, schemas: searchPath ?? [], to: dump, database: database)
            try store(dump, as: "database.pgdump", removingPlain: seal != nil)
        }

        // Uploaded files are only ever added: every file a row in the snapshot names is already on disk.
        let files = configuration.dataDirectory.appendingPathComponent("files", isDirectory: true)
        for file in try regularFiles(under: files) {
            try store(file, as: "files/" + file.lastPathComponentRelative(to: files), removingPlain: false)
        }
        let rules = configuration.dataDirectory.appendingPathComponent("rules.json")
        if FileManager.default.fileExists(atPath: rules.path) { try store(rules, as: "rules.json", removingPlain: false) }

        let manifest = BackupManifest(format: BackupManifest.format, createdAt: createdAt, engine: engine, migrations: facts.migrations,
                                      tables: facts.tables, auditHead: facts.head, keyCheck: cipher.keyCheck, parts: parts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var manifestData = try encoder.encode(manifest)
        let manifestName = seal == nil ? "manifest.json" : "manifest.sealed"
        if let seal { manifestData = try seal.seal(manifestData, part: manifestName) }
        let manifestURL = directory.appendingPathComponent(manifestName)
        try BackupFile.write(manifestData, to: manifestURL)
        let manifestDigest = try BackupFile.digest(manifestURL)
        let envelope = BackupEnvelope(format: BackupManifest.format, createdAt: createdAt, engine: engine, sealed: derivation,
                                      manifest: .init(path: manifestName, bytes: manifestDigest.bytes, sha256: manifestDigest.sha256))
        try BackupFile.write(try encoder.encode(envelope), to: directory.appendingPathComponent(BackupEnvelope.fileName))
        let bytes = parts.reduce(manifestDigest.bytes) { $0 + $1.bytes }
        return Result(directory: directory, manifest: manifest, bytes: bytes, seconds: Date().timeIntervalSince(start))
    }

    /// Counts, schema and audit head of a SQLite backup copy, read from the copy itself (the same snapshot).
    static func readFacts(ofSQLiteFile file: URL, logger: Logger) async throws
        -> (migrations: [String], tables: [String: Int], head: BackupManifest.AuditHead?) {
        let connection = try await SQLiteConnection.open(storage: .file(path: file.path), logger: logger)
        do {
            let sql = connection.sql()
            let facts = (try await DatabaseFacts.migrations(on: sql), try await DatabaseFacts.counts(on: sql), try await DatabaseFacts.auditHead(on: sql))
            try await connection.close()
            return facts
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// `pg_dump` in custom format, run in a snapshot exported from a repeatable-read transaction in which the manifest's
    /// counts are taken: the dump and the counts see the same rows.
    private static func dumpPostgres(url: String, schemas: [String], to file: URL, database: any Database) async throws
        -> (migrations: [String], tables: [String: Int], head: BackupManifest.AuditHead?) {
        try await database.transaction { transaction in
            struct Snapshot: Decodable { let id: String }
            let sql = transaction.sql
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            guard let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS id").first(decoding: Snapshot.self) else {
                throw BackupProblem("PostgreSQL 没有给出快照")
            }
            let facts = (try await DatabaseFacts.migrations(on: sql), try await DatabaseFacts.counts(on: sql), try await DatabaseFacts.auditHead(on: sql))
            // A deployment with a search path (the tests' schema per test) backs up those schemas only.
            try await Subprocess.run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot.id)",
                                                 "--file=\(file.path)", "--dbname=\(url)"] + schemas.map { "--schema=\($0)" },
                                     explaining: "pg_dump 备份数据库失败")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            return facts
        }
    }

    static func regularFiles(under root: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: root.path),
              let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}

extension BackupFile {
    static func write(_ data: Data, to url: URL) throws {
        let handle = try create(url)
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }
}

extension URL {
    /// The path below `base`, as stored in a manifest (`files/ab/cd…`).
    func lastPathComponentRelative(to base: URL) -> String {
        let root = base.standardizedFileURL.path
        let path = standardizedFileURL.path
        guard path.hasPrefix(root + "/") else { return lastPathComponent }
        return String(path.dropFirst(root.count + 1))
    }
}

/// Runs a command-line tool (pg_dump, pg_restore) found on the PATH and waits for it without blocking an event loop.
/// What it writes to standard error goes to a temporary file (a pipe could fill and stall it) and into the problem.
enum Subprocess {
    static func run(_ tool: String, _ arguments: [String], explaining: String) async throws {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("dangjian-\(tool)-\(UUID().uuidString).log")
        let errors = try BackupFile.create(errorFile)
        defer {
            try? errors.close()
            try? FileManager.default.removeItem(at: errorFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: BackupProblem("\(explaining)：无法启动 \(tool)（\(error)）"))
            }
        }
        guard status == 0 else {
            let text = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw BackupProblem("\(explaining)（\(tool) 退出码 \(status)）：\(String(text.prefix(2000)).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
