import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 待办提醒: once a day, from 08:00 China time, every account with work due is told in the message centre how much is
/// due and how much is late — and by text or e-mail if they chose 待办提醒 there. One process sends it: the day is
/// claimed in the settings table by an update only one process can make.
enum ToDoDigest {
    static let settingKey = "todo_digest.last_day"
    static let hour = 8

    /// Sends the day's reminders if it is time and no process has yet; answers how many accounts were told.
    @discardableResult
    static func runIfDue(app: Application, now: Date) async throws -> Int {
        let today = CalendarDate(now)
        let chinaHour = Calendar(identifier: .gregorian).dateComponents(in: .chinaStandard, from: now).hour ?? 0
        guard chinaHour >= hour, try await claim(today, on: app.db) else { return 0 }
        return try await send(app: app, now: now)
    }

    /// Moves the setting to `today` where it was another day; true only for the one process whose update found it.
    static func claim(_ today: CalendarDate, on database: any Database) async throws -> Bool {
        struct Key: Decodable { let key: String }
        if try await SettingModel.find(settingKey, on: database) == nil {
            do { try await SettingModel(key: settingKey, value: "").create(on: database) } catch { /* another process made it */ }
        }
        let claimed = try await database.sql.update(SettingModel.schema).set("value", to: SQLBind(today.description))
            .where("key", .equal, SQLBind(settingKey)).where("value", .notEqual, SQLBind(today.description))
            .returning("key").all(decoding: Key.self)
        return !claimed.isEmpty
    }

    /// Each account that is neither a resident nor one of the three administrators, with its to-dos as its own pages
    /// reckon them.
    static func send(app: Application, now: Date) async throws -> Int {
        let accounts = try await AccountModel.query(on: app.db).sort(\.$id).all()
        var told = 0
        for account in accounts {
            let actor = try await SessionAuthenticator.actor(for: account, on: app.db)
            guard !actor.isResident, !actor.grants.isEmpty, !actor.grants.contains(where: { $0.role.isSeparatedAdministrator }) else { continue }
            let request = Request(application: app, on: app.eventLoopGroup.any())
            request.actor = actor
            let items = try await ToDoService.todos(on: request)
            guard !items.isEmpty, let path = actor.grants.compactMap(\.scope).first?.value else { continue }
            let late = items.filter(\.overdue).count
            try await app.dangjian.writer.transaction(on: app.db) { database in
                try await Messages.send(to: [actor.accountID], path: path, kind: "todo.digest",
                                        title: "今日待办 \(items.count) 项" + (late > 0 ? "，其中 \(late) 项已逾期" : ""), link: "/todos",
                                        at: now.timeIntervalSince1970, on: database)
            }
            told += 1
        }
        let count = told
        try await app.dangjian.writer.transaction(on: app.db) { database in
            try await AuditLog.append(AuditEvent("todo.digest", target: "system", id: nil, detail: "发送今日待办提醒 \(count) 个账号"),
                                      origin: .system("待办提醒"), at: now, cipher: app.dangjian.cipher, on: database)
        }
        return told
    }
}
