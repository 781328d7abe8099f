import DangjianCore
import Fluent
import Vapor

func commands(_ app: Application) {
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(AuditVerifyCommand(), as: "audit-verify")
    app.asyncCommands.use(SeedBenchCommand(), as: "seed-bench")
    app.asyncCommands.use(SeedContestBenchCommand(), as: "seed-contest-bench")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
}

/// `dangjian migrate` — brings the database schema up to date, without asking; `--dry-run` lists what would run and
/// changes nothing. A schema newer than this binary knows is refused either way.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "dry-run", help: "只列出将要执行的数据库结构变更，不做任何修改")
        var dryRun: Bool
    }

    var help: String { "创建或升级数据库结构（--dry-run 只列出将要执行的变更）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await SchemaUpgrade.refuseNewer(app)
        let applied = try await DatabaseFacts.migrations(on: app.db.sql)
        let pending = try await Self.pending(app)
        if signature.dryRun {
            guard !pending.isEmpty else { return context.console.print("数据库结构已是最新，没有要执行的变更。") }
            context.console.print("将要执行 \(pending.count) 项数据库结构变更（已执行 \(applied.count) 项）：")
            for name in pending { context.console.print("  \(name.split(separator: ".").last.map(String.init) ?? name)") }
            return
        }
        try await SchemaUpgrade.run(app)
        context.console.print(pending.isEmpty ? "数据库结构已是最新。" : "已执行 \(pending.count) 项数据库结构变更，数据库结构已是最新。")
    }

    /// The migrations not yet applied, in the order they would run; read only (no migration log is created).
    static func pending(_ app: Application) async throws -> [String] {
        let applied = Set(try await DatabaseFacts.migrations(on: app.db.sql))
        return DatabaseFacts.knownMigrations.filter { !applied.contains($0) }
    }
}

/// `dangjian demo --password P` — migrates and loads the demo county into an empty database, then prints the accounts.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "password", short: "p", help: "所有演示账号的密码（不给则随机生成并打印）")
        var password: String?

        @Flag(name: "if-empty", help: "数据库已有数据时不报错，只打印提示（供一键运行脚本使用）")
        var ifEmpty: Bool

        @Flag(name: "small", help: "只装入几个支部的小型演示数据")
        var small: Bool
    }

    var help: String { "装入演示县（青禾县）的组织、党员和登录账号" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let accountsFile = app.dangjian.configuration.dataDirectory.appendingPathComponent("demo-accounts.txt")
        guard try await DemoLoader.isEmpty(app.db) else {
            if signature.ifEmpty {
                context.console.print("数据库中已有数据，直接使用（如密码已修改，以修改后的为准）。")
                if let saved = try? String(contentsOf: accountsFile, encoding: .utf8) { context.console.print(saved) }
                return
            }
            throw DemoLoader.Problem.notEmpty
        }
        let password = signature.password ?? Self.randomPassword()
        let start = Date()
        let county = DemoCounty.generate(scale: signature.small ? .small : .full)
        for account in county.accounts {
            if let problem = SecurityPolicy.defaults.problem(withPassword: password, username: account.username) {
                throw Abort(.badRequest, reason: "演示密码不符合密码规则：\(problem)")
            }
        }
        var accounts = try await DemoLoader.load(county, password: password, services: app.dangjian,
                                                 hasher: app.password.sync, on: app.db)
        if let resident = try await DemoParticipation.load(password: password, services: app.dangjian, hasher: app.password.sync, on: app.db) {
            accounts.append(resident)
        }
        try await DemoLibraryLoader.load(services: app.dangjian, on: app.db)
        try await DemoVolunteering.load(services: app.dangjian, on: app.db)
        try await DemoServices.load(services: app.dangjian, on: app.db)
        try await MemberRow.analyze(on: app.db)
        var text = "演示县“\(DemoCounty.countyName)”已装入：\(county.organizations.count) 个党组织，\(county.members.count) 名党员"
        text += String(format: "（用时 %.1f 秒）。\n\n登录账号（密码均为 %@）：\n", Date().timeIntervalSince(start), password)
        for account in accounts {
            text += "  \(account.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(account.role.chinese)（\(account.scope)）"
            if let secret = account.otpSecret { text += "  动态口令密钥 \(secret)" }
            text += "\n"
        }
        if accounts.contains(where: { $0.otpSecret != nil }) {
            text += "\n带“动态口令密钥”的账号已启用两步验证：把密钥手动输入手机认证应用，登录时填写应用显示的 6 位动态口令。\n"
        }
        context.console.print(text)
        let manager = FileManager.default
        _ = manager.createFile(atPath: accountsFile.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    }

    static func randomPassword() -> String {
        let letters = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")
        let digits = Array("23456789")
        var generator = SystemRandomNumberGenerator()
        func pick(_ from: [Character]) -> Character { from[Int(generator.next(upperBound: UInt(from.count)))] }
        return String((0..<8).map { _ in pick(letters) }) + "-" + String((0..<4).map { _ in pick(digits) })
    }
}

/// `dangjian audit-verify` — checks the audit chain from the first entry; exits non-zero where it breaks.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "校验审计日志的哈希链是否完整" }

    struct Broken: Error, CustomStringConvertible {
        let description: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let (checked, broken) = try await AuditLog.verify(on: app.db, cipher: app.dangjian.cipher)
        if let broken {
            throw Broken(description: "审计日志链条断开：\(broken.explanation)（已核对 \(checked) 条）")
        }
        context.console.print("审计日志完整：共 \(checked) 条，哈希链逐条核对无误。")
    }
}
