import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A message on its way out by text message or e-mail, as its owner chose (`MessagePreferences`): one row per message
/// and channel, with its delivery state. The address is read from the sealed record when it is sent, never copied here;
/// only its mask is kept, to show where it went.
final class OutboxModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "outbox"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "message_id") var messageID: Int
    @Field(key: "account_id") var accountID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "channel") var channel: MessageChannel
    @Field(key: "state") var state: DeliveryState
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Double
    @OptionalField(key: "address_mask") var addressMask: String?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Double
    @OptionalField(key: "sent_at") var sentAt: Double?

    init() {}
}

/// A person's choice of channels per topic, and their e-mail address (sealed; only its mask is shown).
final class MessagePreferenceModel: Model, @unchecked Sendable {
    static let schema = "message_preferences"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "account_id") var accountID: Int
    @Field(key: "channels") var channels: String
    @OptionalField(key: "email_cipher") var emailCipher: String?
    @OptionalField(key: "email_mask") var emailMask: String?
    @Field(key: "updated_at") var updatedAt: Double

    init() {}

    var preferences: MessagePreferences { MessagePreferences(stored: channels) }
}

extension SealContext {
    static func messageEmail(_ account: Int) -> SealContext { SealContext(MessagePreferenceModel.schema, "email_cipher", row: account) }
}

struct M0035Outbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("message_id", .int, .required, .references(MessageModel.schema, "id", onDelete: .cascade))
            .field("account_id", .int, .required)
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("channel", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .double, .required)
            .field("address_mask", .string)
            .field("last_error", .string)
            .field("created_at", .double, .required)
            .field("sent_at", .double)
            .create()
        try await database.sql.create(index: "outbox_due").on(OutboxModel.schema).column("state").column("next_attempt_at").run()
        try await database.sql.create(index: "outbox_message").on(OutboxModel.schema).column("message_id").run()
        try await database.schema(MessagePreferenceModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("account_id", .int, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("channels", .string, .required)
            .field("email_cipher", .string)
            .field("email_mask", .string)
            .field("updated_at", .double, .required)
            .unique(on: "account_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MessagePreferenceModel.schema).delete()
        try await database.schema(OutboxModel.schema).delete()
    }
}

enum Outbox {
    /// Queues `message` for each channel its owner wants for its kind, in the caller's transaction.
    static func enqueue(_ message: MessageModel, preferences: MessagePreferences, on database: any Database) async throws {
        guard let messageID = message.id else { return }
        for channel in MessageChannel.allCases where preferences.wants(channel, for: message.kind) {
            let row = OutboxModel()
            row.messageID = messageID
            row.accountID = message.accountID
            row.path = message.path
            row.channel = channel
            row.state = .pending
            row.attempts = 0
            row.nextAttemptAt = message.createdAt
            row.createdAt = message.createdAt
            try await row.create(on: database)
        }
    }

    struct Delivered: Sendable, Equatable {
        var sent = 0
        var failed = 0
    }

    /// One round: every delivery that is due, tried once. On PostgreSQL several processes may look at once: a row is
    /// taken by moving its next attempt ahead where it is still due, and only the process whose update found it sends.
    static func deliverDue(app: Application, now: Double, limit: Int = 50) async throws -> Delivered {
        let database = app.db
        let due = try await OutboxModel.query(on: database).filter(\.$state == .pending).filter(\.$nextAttemptAt <= now)
            .sort(\.$nextAttemptAt).limit(limit).all()
        var result = Delivered()
        for row in due {
            guard let id = row.id else { continue }
            struct Taken: Decodable { let id: Int }
            let taken = try await database.sql.update(OutboxModel.schema).set("next_attempt_at", to: SQLBind(now + 600))
                .where("id", .equal, SQLBind(id)).where("state", .equal, SQLBind(DeliveryState.pending.rawValue))
                .where("next_attempt_at", .equal, SQLBind(row.nextAttemptAt)).returning("id").all(decoding: Taken.self)
            guard !taken.isEmpty else { continue }
            do {
                row.addressMask = try await send(row, app: app, now: now)
                row.state = .sent
                row.sentAt = now
                row.lastError = nil
                result.sent += 1
            } catch {
                row.attempts += 1
                row.lastError = String("\(error)".prefix(300))
                if let next = DeliveryRetry.next(after: row.attempts, at: now), !(error is Undeliverable) {
                    row.nextAttemptAt = next
                } else {
                    row.state = .failed
                    result.failed += 1
                }
            }
            if row.state != .pending { row.nextAttemptAt = now }
            try await row.update(on: database)
        }
        return result
    }

    /// A delivery that trying again will not help: no address, no channel configured.
    struct Undeliverable: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends one row; answers the masked address it went to.
    private static func send(_ row: OutboxModel, app: Application, now: Double) async throws -> String {
        let configuration = app.dangjian.configuration
        let cipher = app.dangjian.cipher
        guard let message = try await MessageModel.find(row.messageID, on: app.db),
              let account = try await AccountModel.find(row.accountID, on: app.db) else { throw Undeliverable(description: "消息或账号已不存在") }
        let appName = app.dangjian.localizer.text("app.name")
        switch row.channel {
        case .sms:
            guard let spool = configuration.smsSpool else { throw Undeliverable(description: "未配置短信网关（DANGJIAN_SMS_SPOOL）") }
            let phone = try await phone(of: account, cipher: cipher, on: app.db)
            guard let phone else { throw Undeliverable(description: "账号没有登记手机号") }
            try SMSSpool.write(id: try row.requireID(), to: phone, text: "【\(appName)】\(message.title)。请登录平台查看。", at: now, into: spool)
            return Masking.phone(phone)
        case .email:
            guard let relay = configuration.smtpRelay else { throw Undeliverable(description: "未配置邮件中继（DANGJIAN_SMTP_RELAY）") }
            guard let preference = try await MessagePreferenceModel.query(on: app.db).filter(\.$accountID == row.accountID).first(),
                  let sealed = preference.emailCipher else { throw Undeliverable(description: "没有填写电子邮件地址") }
            let address = try cipher.open(sealed, for: .messageEmail(row.accountID))
            let date = Date(timeIntervalSince1970: now)
            let text = MailText.message(from: configuration.smtpFrom, to: address, subject: "【\(appName)】\(message.title)",
                                        body: "\(message.title)\n\n请登录\(appName)查看详情（消息中心）。\n\n此邮件由系统自动发送，请勿回复。",
                                        date: SMTPClient.dateHeader(date), messageID: "\(try row.requireID()).\(Int(now))@dangjian")
            try await SMTPClient.send(host: relay.host, port: relay.port, helo: "dangjian", from: configuration.smtpFrom, to: address,
                                      text: text, on: app.eventLoopGroup)
            return preference.emailMask ?? ""
        }
    }

    /// The phone a text goes to: a resident's own (their account), a member's from their record.
    static func phone(of account: AccountModel, cipher: PersonalDataCipher, on database: any Database) async throws -> String? {
        if let sealed = account.phoneCipher, let hash = account.phoneHash {
            return try cipher.open(sealed, for: .accountPhone(hash: hash))
        }
        guard let memberID = account.memberID, let member = try await MemberModel.find(memberID, on: database), let sealed = member.phoneCipher else {
            return nil
        }
        return try cipher.open(sealed, for: .memberPhone(memberID))
    }
}

/// One file per text message in the spool directory, written whole under a temporary name and renamed, so that the
/// gateway never picks up half a file: `dangjian-<id>.json` with the number, the text and the time.
enum SMSSpool {
    struct Entry: Codable, Equatable {
        let id: Int
        let to: String
        let text: String
        let createdAt: String
    }

    static func write(id: Int, to phone: String, text: String, at time: Double, into directory: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        let entry = Entry(id: id, to: phone, text: text, createdAt: ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: time)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(entry)
        let target = directory.appendingPathComponent("dangjian-\(id).json")
        let temporary = directory.appendingPathComponent(".dangjian-\(id).json.part")
        try data.write(to: temporary)
        if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
        try manager.moveItem(at: temporary, to: target)
    }
}

/// Runs the outbox while `dangjian serve` runs: every few seconds, what is due is sent (and once a day the 待办提醒).
final class OutboxSender: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func didBootAsync(_ app: Application) async throws {
        let period = app.dangjian.configuration.outboxSeconds
        task = Task {
            while !Task.isCancelled {
                do {
                    try await ToDoDigest.runIfDue(app: app, now: app.dangjian.clock.now())
                    _ = try await Outbox.deliverDue(app: app, now: app.dangjian.clock.now().timeIntervalSince1970)
                    try await Task.sleep(for: .seconds(period))
                } catch is CancellationError {
                    return
                } catch {
                    app.logger.error("outbox round failed: \(error)")
                    try? await Task.sleep(for: .seconds(60))
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        task = nil
    }
}
