import DangjianCore
import DangjianHTML
import Fluent
import Foundation
import SQLKit
import Vapor

/// 会议日历: every meeting a member is on the roll for, as an iCalendar feed their phone's calendar subscribes to. A
/// calendar app cannot sign in, so the feed's address carries a secret of its own: kept as a digest, shown once when
/// made, and made again (the old address then stops working) whenever the member wants.
struct M0032CalendarFeeds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountModel.schema).field("calendar_token_hash", .string).update()
        try await database.sql.create(index: "accounts_calendar_token").unique().on(AccountModel.schema).column("calendar_token_hash").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "accounts_calendar_token").run()
        try await database.schema(AccountModel.schema).deleteField("calendar_token_hash").update()
    }
}

enum CalendarFeed {
    /// Meetings from this many days back to a year ahead.
    static let daysBack = 60

    struct Link: Content {
        /// The address to subscribe to (shown this once).
        let url: String
    }

    /// A new secret address for the caller's feed; the previous one stops working.
    static func renew(on request: Request) async throws -> Link {
        let actor = try request.requireActor()
        guard actor.memberID != nil else { throw Abort(.notFound, reason: "您的账号没有关联党员档案，没有会议日历") }
        let token = RandomToken.make()
        try await request.write { database in
            try await database.sql.update(AccountModel.schema).set("calendar_token_hash", to: SQLBind(RandomToken.digest(token)))
                .where("id", .equal, SQLBind(actor.accountID)).run()
            return ((), AuditEvent("calendar.renew", target: "account", id: actor.accountID, detail: "生成会议日历订阅地址（原地址失效）"))
        }
        let host = request.headers.first(name: .host) ?? "localhost"
        let scheme = request.services.configuration.secureCookies ? "https" : "http"
        return Link(url: "\(scheme)://\(host)/calendar/\(token).ics")
    }

    private struct Row: Decodable {
        let id: Int, kind: String, topic: String, on_date: String, start_time: String?, place: String, state: String, name: String
    }

    /// The feed of the member the token belongs to; nil for a token that is not (or no longer) anyone's.
    static func feed(token: String, on request: Request) async throws -> String? {
        guard token.count >= 20, token.count <= 100 else { return nil }
        let sql = request.db.sql
        struct Owner: Decodable { let member_id: Int?, display_name: String, disabled: Bool }
        guard let owner = try await sql.select().columns("member_id", "display_name", "disabled").from(AccountModel.schema)
            .where("calendar_token_hash", .equal, SQLBind(RandomToken.digest(token))).first(decoding: Owner.self),
            !owner.disabled, let memberID = owner.member_id else { return nil }
        let today = request.today
        let rows = try await sql.raw("""
            SELECT a.id, a.kind, a.topic, a.on_date, a.start_time, a.place, a.state, o.name
            FROM \(ident: AttendanceModel.schema) r JOIN \(ident: ActivityModel.schema) a ON a.id = r.activity_id
            JOIN \(ident: OrganizationModel.schema) o ON o.id = a.organization_id
            WHERE r.member_id = \(bind: memberID) AND a.on_date >= \(bind: today.adding(days: -daysBack).description)
            AND a.on_date <= \(bind: today.adding(years: 1).description) ORDER BY a.on_date, a.id LIMIT 500
            """).all(decoding: Row.self)
        let events: [ICalendar.Event] = rows.compactMap { row in
            guard let date = CalendarDate(parsing: row.on_date), let kind = ActivityKind(rawValue: row.kind) else { return nil }
            return ICalendar.Event(uid: "activity-\(row.id)@dangjian", date: date, startTime: row.start_time,
                                   summary: "\(row.name) \(kind.chinese)：\(row.topic)", location: row.place,
                                   cancelled: row.state == ActivityModel.State.cancelled.rawValue)
        }
        let now = request.now.timeIntervalSince1970
        let stamp = CalendarDate(daysSinceEpoch: Int(now) / 86_400).description.replacingOccurrences(of: "-", with: "")
            + "T" + String(format: "%02d%02d%02d", Int(now) % 86_400 / 3600, Int(now) % 3600 / 60, Int(now) % 60) + "Z"
        return ICalendar(name: "\(owner.display_name)的组织生活", events: events).text(stamp: stamp)
    }

    static func respond(_ text: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"meetings.ics\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}

/// `/calendar` (the member's page with the subscription address) and `/calendar/{token}.ics` (the feed).
struct CalendarPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("calendar", use: page).requires(.ownRecord)
        routes.post("calendar", use: renew).requires(.ownRecord)
        routes.get("calendar", ":file", use: feed).requires(.public)
    }

    struct CalendarPage {
        let layout: Layout
        let link: String?
    }

    @Sendable func page(_ request: Request) async throws -> Page {
        Page(CalendarPage(layout: Layout(request, title: "会议日历"), link: nil).node)
    }

    @Sendable func renew(_ request: Request) async throws -> Page {
        Page(CalendarPage(layout: Layout(request, title: "会议日历"), link: try await CalendarFeed.renew(on: request).url).node)
    }

    @Sendable func feed(_ request: Request) async throws -> Response {
        let file = request.parameters.get("file") ?? ""
        guard file.hasSuffix(".ics"), let text = try await CalendarFeed.feed(token: String(file.dropLast(4)), on: request) else {
            throw Abort(.notFound, reason: "日历地址无效或已更换")
        }
        return CalendarFeed.respond(text)
    }
}

struct CalendarAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.POST, "me", "calendar", requires: .ownRecord, summary: "生成本人会议日历（iCalendar）的订阅地址；原地址失效", use: renew)
    }

    @Sendable func renew(_ request: Request) async throws -> CalendarFeed.Link { try await CalendarFeed.renew(on: request) }
}

extension CalendarPages.CalendarPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "会议日历" }
                p { "把您要参加的三会一课、主题党日等会议加到手机日历里：生成订阅地址，在手机日历的“添加订阅日历”中粘贴。会议改期、取消，日历会跟着更新。" }
                if let link {
                    p(.class("muted")) { "订阅地址（只显示这一次，请复制保存；不要发给别人）：" }
                    p(.class("mono calendar-link")) { link }
                }
                form(.method("post"), .action("/calendar")) {
                    Forms.csrf(layout)
                    button(.class("primary")) { link == nil ? "生成订阅地址" : "重新生成（上面的地址将失效）" }
                }
                p(.class("muted small")) { "重新生成后，原来的地址立即失效。" }
            }
        }
    }
}
