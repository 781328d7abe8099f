import DangjianCore
import Foundation

/// Everything the platform reads from its environment, read in one place. Problems are collected and reported
/// together so that an operator fixes them in one pass.
public struct AppConfiguration: Sendable {
    public enum Database: Sendable {
        case sqlite(path: String)
        case postgres(url: String, searchPath: [String]?)
    }

    /// Where the SQLite file, uploaded files and the data key live (`DANGJIAN_DATA_DIR`, default `./data`).
    public var dataDirectory: URL
    public var database: Database
    /// 32 bytes that protect personal data at rest (`DANGJIAN_DATA_KEY`, base64), or nil to use the key file.
    public var dataKey: Data?
    /// A session ends after this long without a request (`DANGJIAN_SESSION_IDLE_MINUTES`, default 30).
    public var sessionIdleTimeout: TimeInterval
    /// A session ends this long after login whatever happens (`DANGJIAN_SESSION_ABSOLUTE_HOURS`, default 12).
    public var sessionAbsoluteTimeout: TimeInterval
    /// Largest request body accepted (`DANGJIAN_MAX_BODY_KB`, default 1024).
    public var maxBodyKilobytes: Int
    /// Bcrypt cost (`DANGJIAN_BCRYPT_COST`, default 12; the tests use a lower one to stay fast).
    public var bcryptCost: Int
    /// Depth of the county-level organizations, whose id is the partition key (`DANGJIAN_COUNTY_DEPTH`, default 1).
    public var countyDepth: Int
    /// Mark cookies `Secure` (`DANGJIAN_SECURE_COOKIES=1` behind HTTPS).
    public var secureCookies: Bool
    /// The rule table with the deployment's `rules.json` applied.
    public var rules: RuleBook
    /// `DANGJIAN_REHEARSAL_CLOCK=1` on a test or training server only: `POST /rehearsal/calendar` moves its calendar so
    /// that deadlines can be walked through in minutes. Never set in production.
    public var rehearsalClock: Bool = false
    /// Where backups go and how often (`--backup-dir`, `--backup-every`, `--backup-keep`), if set.
    public var backups: BackupSettings?
    /// `dangjian restore`: the database is left untouched until the backup is in place (no migrations, no pragmas),
    /// and a missing data key is an error instead of a new key.
    public var restoring: Bool = false
    /// Addresses `/metrics` answers (`DANGJIAN_METRICS_ALLOW`, comma-separated; default this machine).
    public var metricsAllow: [String] = ["127.0.0.1", "::1"]
    /// With `Authorization: Bearer` this token, `/metrics` answers from anywhere (`DANGJIAN_METRICS_TOKEN`).
    public var metricsToken: String?
    /// Proxies whose `X-Forwarded-For` is believed (`DANGJIAN_TRUSTED_PROXIES`, comma-separated; none by default).
    public var trustedProxies: Set<String> = []
    /// Up to this many members in register under an organization, its page lists them to choose a 班子成员 from; above
    /// it the form asks for the name (`CommitteeEditing.candidates`). The tests lower it to reach both forms.
    public var committeeListedUpTo = 200
    /// Where the outbox writes one file per text message for the government SMS gateway (`DANGJIAN_SMS_SPOOL`).
    public var smsSpool: URL?
    /// The SMTP relay e-mail goes through (`DANGJIAN_SMTP_RELAY=host:port`) and the sender's address.
    public var smtpRelay: (host: String, port: Int)?
    public var smtpFrom = "dangjian@localhost"
    /// How often the outbox looks for messages to send, in seconds (`DANGJIAN_OUTBOX_SECONDS`).
    public var outboxSeconds = 10
    /// Largest lesson video, audio or PDF, streamed to disk (`DANGJIAN_MEDIA_MAX_MB`, default 2048).
    public var maxMediaMegabytes = 2048

    /// The channels this deployment can send by.
    public var channels: Set<MessageChannel> {
        var result: Set<MessageChannel> = []
        if smsSpool != nil { result.insert(.sms) }
        if smtpRelay != nil { result.insert(.email) }
        return result
    }

    public struct Problems: Error, CustomStringConvertible {
        public let messages: [String]
        public var description: String {
            "配置有误，无法启动：\n" + messages.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    public init(dataDirectory: URL, database: Database, dataKey: Data? = nil, sessionIdleTimeout: TimeInterval = 30 * 60,
                sessionAbsoluteTimeout: TimeInterval = 12 * 3600, maxBodyKilobytes: Int = 1024, bcryptCost: Int = 12,
                countyDepth: Int = 1, secureCookies: Bool = false, rules: RuleBook = .national) {
        self.dataDirectory = dataDirectory
        self.database = database
        self.dataKey = dataKey
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.maxBodyKilobytes = maxBodyKilobytes
        self.bcryptCost = bcryptCost
        self.countyDepth = countyDepth
        self.secureCookies = secureCookies
        self.rules = rules
    }

    /// Reads the process environment.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
        var problems: [String] = []
        func integer(_ name: String, default value: Int, range: ClosedRange<Int>) -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let parsed = Int(text), range.contains(parsed) else {
                problems.append("\(name)=\(text) 应为 \(range.lowerBound)–\(range.upperBound) 之间的整数")
                return value
            }
            return parsed
        }

        let dataDirectory = URL(fileURLWithPath: environment["DANGJIAN_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data",
                                isDirectory: true).standardizedFileURL
        var database = Database.sqlite(path: dataDirectory.appendingPathComponent("dangjian.sqlite").path)
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                database = .postgres(url: url, searchPath: nil)
            } else {
                problems.append("DATABASE_URL 应以 postgres:// 或 postgresql:// 开头（不设置则使用数据目录中的 SQLite 文件）")
            }
        }
        var dataKey: Data?
        if let text = environment["DANGJIAN_DATA_KEY"], !text.isEmpty {
            if let decoded = Data(base64Encoded: text), decoded.count == 32 {
                dataKey = decoded
            } else {
                problems.append("DANGJIAN_DATA_KEY 应为 32 字节密钥的 base64 编码（例如 openssl rand -base64 32 的输出）")
            }
        }
        var rules = RuleBook.national
        let rulesFile = dataDirectory.appendingPathComponent("rules.json")
        if let data = try? Data(contentsOf: rulesFile) {
            do {
                let overrides = try JSONDecoder().decode([RuleBook.Override].self, from: data)
                rules = try rules.applying(overrides)
            } catch {
                problems.append("\(rulesFile.path) 无法读取：\(error)")
            }
        }
        var configuration = AppConfiguration(
            dataDirectory: dataDirectory,
            database: database,
            dataKey: dataKey,
            sessionIdleTimeout: TimeInterval(integer("DANGJIAN_SESSION_IDLE_MINUTES", default: 30, range: 1...1440) * 60),
            sessionAbsoluteTimeout: TimeInterval(integer("DANGJIAN_SESSION_ABSOLUTE_HOURS", default: 12, range: 1...720) * 3600),
            maxBodyKilobytes: integer("DANGJIAN_MAX_BODY_KB", default: 1024, range: 16...1_048_576),
            bcryptCost: integer("DANGJIAN_BCRYPT_COST", default: 12, range: 4...16),
            countyDepth: integer("DANGJIAN_COUNTY_DEPTH", default: 1, range: 1...6),
            secureCookies: environment["DANGJIAN_SECURE_COOKIES"] == "1",
            rules: rules)
        configuration.rehearsalClock = environment["DANGJIAN_REHEARSAL_CLOCK"] == "1"
        configuration.maxMediaMegabytes = integer("DANGJIAN_MEDIA_MAX_MB", default: 2048, range: 1...65_536)
        if let allow = environment["DANGJIAN_METRICS_ALLOW"], !allow.isEmpty {
            configuration.metricsAllow = allow.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let proxies = environment["DANGJIAN_TRUSTED_PROXIES"], !proxies.isEmpty {
            configuration.trustedProxies = Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if let token = environment["DANGJIAN_METRICS_TOKEN"], !token.isEmpty {
            if token.count < 24 { problems.append("DANGJIAN_METRICS_TOKEN 至少 24 个字符（例如 openssl rand -base64 24 的输出）") }
            configuration.metricsToken = token
        }
        if let spool = environment["DANGJIAN_SMS_SPOOL"], !spool.isEmpty {
            configuration.smsSpool = URL(fileURLWithPath: spool, isDirectory: true)
        }
        if let relay = environment["DANGJIAN_SMTP_RELAY"], !relay.isEmpty {
            let parts = relay.split(separator: ":").map(String.init)
            if parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) {
                configuration.smtpRelay = (parts[0], port)
            } else {
                problems.append("DANGJIAN_SMTP_RELAY 应写成 主机:端口，如 mail.example.gov.cn:25")
            }
        }
        if let from = environment["DANGJIAN_SMTP_FROM"], !from.isEmpty {
            if MailText.isAddress(from) { configuration.smtpFrom = from } else { problems.append("DANGJIAN_SMTP_FROM 不是有效的邮件地址") }
        }
        configuration.outboxSeconds = integer("DANGJIAN_OUTBOX_SECONDS", default: 10, range: 1...3600)
        guard problems.isEmpty else { throw Problems(messages: problems) }
        return configuration
    }
}
