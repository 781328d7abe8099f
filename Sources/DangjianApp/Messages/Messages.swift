import DangjianCore
import DangjianHTML
import Fluent
import Foundation
import SQLKit
import Vapor

/// 消息 — what the platform tells one account: a request waiting for them, the answer to their own request. Shown in
/// the message centre with an unread count beside 消息 in the navigation (fetched by the page's script, so that no
/// page pays for counting).
final class MessageModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "messages"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "account_id") var accountID: Int
    /// The organization the message is about (its county keys the row).
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    /// A path on this site.
    @Field(key: "link") var link: String
    @Field(key: "created_at") var createdAt: Double
    @OptionalField(key: "read_at") var readAt: Double?

    init() {}

    init(accountID: Int, path: String, kind: String, title: String, link: String, at time: Double) {
        self.accountID = accountID
        self.path = path
        self.kind = kind
        self.title = title
        self.link = link
        self.createdAt = time
    }
}

struct M0031Messages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MessageModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("account_id", .int, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("link", .string, .required)
            .field("created_at", .double, .required)
            .field("read_at", .double)
            .create()
        try await database.sql.create(index: "messages_account").on(MessageModel.schema).column("account_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MessageModel.schema).delete()
    }
}

enum Messages {
    /// The accounts that act for `organizationID` with `permission` there: grants exactly at it.
    static func holders(of permission: Permission, at organizationID: Int, on database: any Database) async throws -> [Int] {
        let roles = Role.allCases.filter { $0.permissions.contains(permission) }.map(\.rawValue)
        struct Row: Decodable { let account_id: Int }
        return Array(Set(try await database.sql.select().column("account_id").from(GrantModel.schema)
            .where("organization_id", .equal, SQLBind(organizationID)).where("role", .in, SQLBind.group(roles))
            .all(decoding: Row.self).map(\.account_id))).sorted()
    }

    /// Adds one message for each of `accounts`, in the caller's transaction, and queues it for the text messages and
    /// e-mails its owner asked for.
    static func send(to accounts: [Int], path: String, kind: String, title: String, link: String, at time: Double,
                     on database: any Database) async throws {
        let unique = Array(Set(accounts))
        var preferences: [Int: MessagePreferences] = [:]
        for chunk in unique.chunked(into: 1000) {
            for row in try await MessagePreferenceModel.query(on: database).filter(\.$accountID ~~ Array(chunk)).all() {
                preferences[row.accountID] = row.preferences
            }
        }
        for account in unique {
            let message = MessageModel(accountID: account, path: path, kind: kind, title: String(title.prefix(200)), link: link, at: time)
            try await message.create(on: database)
            if let chosen = preferences[account] { try await Outbox.enqueue(message, preferences: chosen, on: database) }
        }
    }

    struct Item: Content {
        let id: Int
        let title: String
        let link: String
        let at: String
        let read: Bool
        /// `短信已发送（139****0001）`, `电子邮件发送失败：…`: how else it went out.
        let deliveries: [String]
    }

    struct Count: Content {
        let unread: Int
    }

    static func list(on request: Request) async throws -> [Item] {
        let actor = try request.requireActor()
        let messages = try await MessageModel.query(on: request.db).filter(\.$accountID == actor.accountID).sort(\.$id, .descending).limit(200).all()
        var deliveries: [Int: [String]] = [:]
        for row in try await OutboxModel.query(on: request.db).filter(\.$messageID ~~ messages.compactMap(\.id)).sort(\.$id).all() {
            let to = row.addressMask.map { "（\($0)）" } ?? ""
            let failure = row.state == .failed ? "：\(row.lastError ?? "")" : row.attempts > 0 ? "（已重试 \(row.attempts) 次）" : ""
            deliveries[row.messageID, default: []].append("\(row.channel.chinese)\(row.state.chinese)\(to)\(failure)")
        }
        return messages.map {
            Item(id: $0.id ?? 0, title: $0.title, link: $0.link, at: DemandWork.localTime($0.createdAt), read: $0.readAt != nil,
                 deliveries: deliveries[$0.id ?? 0] ?? [])
        }
    }

    static func unread(on request: Request) async throws -> Count {
        let actor = try request.requireActor()
        return Count(unread: try await MessageModel.query(on: request.db).filter(\.$accountID == actor.accountID).filter(\.$readAt == nil).count())
    }

    /// Marks one of the caller's messages read (another's answers 404) and answers where it leads.
    static func open(_ id: Int?, on request: Request) async throws -> String {
        let actor = try request.requireActor()
        guard let id, let message = try await MessageModel.find(id, on: request.db), message.accountID == actor.accountID else {
            throw Abort(.notFound, reason: "没有找到这条消息")
        }
        if message.readAt == nil {
            try await request.db.sql.update(MessageModel.schema).set("read_at", to: SQLBind(request.now.timeIntervalSince1970))
                .where("id", .equal, SQLBind(id)).run()
        }
        return message.link
    }

    static func readAll(on request: Request) async throws {
        let actor = try request.requireActor()
        try await request.db.sql.update(MessageModel.schema).set("read_at", to: SQLBind(request.now.timeIntervalSince1970))
            .where("account_id", .equal, SQLBind(actor.accountID)).where("read_at", .is, SQLLiteral.null).run()
    }
}

/// `/messages`: the message centre of every account.
struct MessagePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("messages", use: list).requires(.signedIn)
        routes.get("messages", ":id", use: open).requires(.signedIn)
        routes.post("messages", "read", use: readAll).requires(.signedIn)
    }

    struct ListPage {
        let layout: Layout
        let items: [Messages.Item]
    }

    @Sendable func list(_ request: Request) async throws -> Page {
        Page(ListPage(layout: Layout(request, title: "消息"), items: try await Messages.list(on: request)).node)
    }

    @Sendable func open(_ request: Request) async throws -> Response {
        request.redirect(to: try await Messages.open(request.parameters.get("id", as: Int.self), on: request))
    }

    @Sendable func readAll(_ request: Request) async throws -> Response {
        try await Messages.readAll(on: request)
        return request.redirect(to: "/messages")
    }
}

struct MessageAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let messages = routes.grouped("messages")
        messages.api(.GET, requires: .signedIn, summary: "本人的消息（最新 200 条）", use: list)
        messages.api(.GET, "count", requires: .signedIn, summary: "未读消息数", use: count)
        messages.api(.POST, ":id", "read", requires: .signedIn, summary: "标记一条消息已读", use: read)
        messages.api(.POST, "read", requires: .signedIn, summary: "全部标记已读", use: readAll)
    }

    @Sendable func list(_ request: Request) async throws -> [Messages.Item] { try await Messages.list(on: request) }
    @Sendable func count(_ request: Request) async throws -> Messages.Count { try await Messages.unread(on: request) }

    @Sendable func read(_ request: Request) async throws -> Messages.Count {
        _ = try await Messages.open(request.parameters.get("id", as: Int.self), on: request)
        return try await Messages.unread(on: request)
    }

    @Sendable func readAll(_ request: Request) async throws -> Messages.Count {
        try await Messages.readAll(on: request)
        return try await Messages.unread(on: request)
    }
}

extension MessagePages.ListPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "消息" }
                div(.class("actions")) {
                    a(.class("button"), .href("/messages/settings")) { "消息设置" }
                    if items.contains(where: { !$0.read }) {
                        form(.method("post"), .action("/messages/read")) {
                            Forms.csrf(layout)
                            button { "全部标为已读" }
                        }
                    }
                }
            }
            if items.isEmpty {
                p(.class("card muted")) { "没有消息。" }
            } else {
                ul(.class("card messages")) {
                    for item in items {
                        li(.class(item.read ? nil : "unread")) {
                            a(.href("/messages/\(item.id)")) { item.title }
                            " "
                            small(.class("muted")) { item.at }
                            for delivery in item.deliveries { p(.class("muted small")) { delivery } }
                        }
                    }
                }
            }
        }
    }
}
