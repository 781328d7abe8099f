import Foundation
import Vapor

/// The backup passphrase: from a file named on the command line (never the passphrase itself: it would show in the
/// process list), or from `DANGJIAN_BACKUP_PASSPHRASE`. None: the backup is not sealed.
enum BackupPassphrase {
    static func read(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw BackupProblem("无法读取口令文件 \(file)") }
            let passphrase = text.trimmingCharacters(in: .newlines)
            guard passphrase.count >= 12 else { throw BackupProblem("备份口令至少 12 个字符") }
            return passphrase
        }
        guard let passphrase = environment["DANGJIAN_BACKUP_PASSPHRASE"], !passphrase.isEmpty else { return nil }
        guard passphrase.count >= 12 else { throw BackupProblem("DANGJIAN_BACKUP_PASSPHRASE 至少 12 个字符") }
        return passphrase
    }
}

/// `dangjian backup --to DIR` — a consistent backup while the server runs.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "备份写入的目录（须不存在或为空）") var to: String?
        @Option(name: "passphrase-file", help: "备份口令所在的文件：备份整体加密，没有口令读不出任何内容（也可用环境变量 DANGJIAN_BACKUP_PASSPHRASE）")
        var passphraseFile: String?
    }

    var help: String { "在线备份数据库、上传的文件和规则配置（不含数据密钥）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let to = signature.to, !to.isEmpty else { throw BackupProblem("请用 --to 指定备份目录") }
        let app = context.application
        let passphrase = try BackupPassphrase.read(file: signature.passphraseFile)
        let result = try await BackupRuns.make(into: URL(fileURLWithPath: to, isDirectory: true).standardizedFileURL, passphrase: passphrase,
                                               trigger: .command, app: app)
        context.console.print(result.summary(sealed: passphrase != nil))
    }
}

/// `dangjian restore --from DIR` — into an empty data directory (or empty PostgreSQL database), with the data key in place.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "备份所在的目录") var from: String?
        @Option(name: "passphrase-file", help: "备份口令所在的文件（加密的备份需要；也可用环境变量 DANGJIAN_BACKUP_PASSPHRASE）")
        var passphraseFile: String?
    }

    var help: String { "从备份恢复到空的数据目录（先放回备份时的数据密钥）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let from = signature.from, !from.isEmpty else { throw BackupProblem("请用 --from 指定备份目录") }
        let app = context.application
        let services = app.dangjian
        let result = try await Restore.run(from: URL(fileURLWithPath: from, isDirectory: true).standardizedFileURL,
                                           passphrase: try BackupPassphrase.read(file: signature.passphraseFile),
                                           configuration: services.configuration, cipher: services.cipher, database: app.db, logger: app.logger)
        let manifest = result.manifest
        context.console.print("""
            已从 \(from) 恢复（备份于 \(manifest.createdAt)）：\(manifest.tables.count) 张表共 \(manifest.tables.values.reduce(0, +)) 行，\
            与备份清单逐表核对一致；党员 \(manifest.members) 名；上传文件 \(manifest.parts.filter { $0.path.hasPrefix("files/") }.count) 个；\
            审计日志 \(result.auditEntries) 条，哈希链完整。用时 \(String(format: "%.1f", result.seconds)) 秒。
            启动服务（dangjian serve）时会自动升级到本版本的数据库结构。
            """)
    }
}

extension Backup.Result {
    func summary(sealed: Bool) -> String {
        let files = manifest.parts.filter { $0.path.hasPrefix("files/") }.count
        return """
            备份完成：\(directory.path)（\(sealed ? "已用备份口令加密" : "未加密：请妥善保管")，\(BackupText.size(bytes))）；\
            \(manifest.tables.count) 张表共 \(manifest.tables.values.reduce(0, +)) 行，党员 \(manifest.members) 名，上传文件 \(files) 个；\
            用时 \(String(format: "%.1f", seconds)) 秒。数据密钥不在备份中，请另行保管（见 README「运维」）。
            """
    }
}
