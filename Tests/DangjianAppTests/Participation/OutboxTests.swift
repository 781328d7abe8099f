import DangjianCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import VaporTesting
@testable import DangjianApp

/// A stand-in for the government network's SMTP relay, written for these tests: it speaks the few commands the outbox
/// uses, keeps what it receives, and can refuse recipients.
final class SMTPStandIn: @unchecked Sendable {
    struct Received: Sendable {
        let from: String
        let to: String
        let data: String
    }

    private let lock = NIOLock()
    private var received: [Received] = []
    private var refusing = false
    private var task: Task<Void, Never>?
    private(set) var port = 0

    var messages: [Received] { lock.withLock { received } }

    func refuse(_ on: Bool) { lock.withLock { refusing = on } }

    static func start() async throws -> SMTPStandIn {
        let standIn = SMTPStandIn()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        standIn.port = server.channel.localAddress?.port ?? 0
        standIn.task = Task {
            try? await server.executeThenClose { connections in
                for try await connection in connections {
                    Task { try? await standIn.serve(connection) }
                }
            }
        }
        return standIn
    }

    func stop() { task?.cancel() }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            try await say("220 stand-in ESMTP")
            var pending: [UInt8] = []
            var from = "", to = "", data: [String] = [], inData = false
            for try await buffer in inbound {
                pending += buffer.readableBytesView
                while let end = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<end].filter { $0 != 0x0D }, as: UTF8.self)
                    pending.removeFirst(end + 1)
                    if inData {
                        if line == "." {
                            inData = false
                            let message = Received(from: from, to: to, data: data.joined(separator: "\r\n"))
                            lock.withLock { received.append(message) }
                            try await say("250 queued")
                        } else {
                            data.append(line.hasPrefix("..") ? String(line.dropFirst()) : line)
                        }
                    } else if line.hasPrefix("EHLO") {
                        try await say("250-stand-in")
                        try await say("250 8BITMIME")
                    } else if line.hasPrefix("MAIL FROM:") {
                        from = String(line.dropFirst(10))
                        try await say("250 ok")
                    } else if line.hasPrefix("RCPT TO:") {
                        to = String(line.dropFirst(8))
                        try await say(lock.withLock { refusing } ? "550 no such mailbox" : "250 ok")
                    } else if line == "DATA" {
                        inData = true
                        data = []
                        try await say("354 go ahead")
                    } else if line == "QUIT" {
                        try await say("221 bye")
                        return
                    } else {
                        try await say("502 not implemented")
                    }
                }
            }
        }
    }
}

/// Messages that reach people: a person's choice of channels, the SMS spool, e-mail through a relay, retries, and the
/// meeting notices.
@Suite("Messages by text message and e-mail")
struct OutboxTests {
    struct Item: Decodable { let title: String; let deliveries: [String] }
    struct Settings: Decodable { let available: [String]; let phone: String?; let email: String? }
    struct Summary: Decodable { let id: Int }

    static func spool() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("sms-\(UUID().uuidString)") }

    @Test("a resident who chose text messages for requests finds the answer's text in the gateway's spool, and its state in the message centre")
    func spooled() async throws {
        let spool = Self.spool()
        defer { try? FileManager.default.removeItem(at: spool) }
        try await withWorld(adjusting: { $0.smsSpool = spool }) { world in
            let (resident, _) = try await ParticipationTests.resident(world)
            let chosen = try await world.send(.PUT, "/api/v1/messages/settings", token: resident, json: ["requests": ["sms"]])
            #expect(chosen.status == .ok, "\(chosen.body.string)")
            let settings = try chosen.content.decode(Settings.self)
            #expect(settings.available == ["sms"] && settings.phone == "139****5678")
            let submitted = try await world.send(.POST, "/api/v1/requests", token: resident,
                                                 json: ["kind": "demand", "category": "infrastructure", "text": "村道东头的路灯坏了两个月"])
            let id = try submitted.content.decode(Summary.self).id
            let secretary = try await world.token("branch-secretary")
            _ = try await world.send(.POST, "/api/v1/demands/\(id)/accept", token: secretary)
            _ = try await world.send(.POST, "/api/v1/demands/\(id)/answer", token: secretary, json: ["answer": "已联系供电所，本周内更换"])
            let now = world.app.dangjian.clock.now().timeIntervalSince1970
            let delivered = try await Outbox.deliverDue(app: world.app, now: now)
            #expect(delivered == Outbox.Delivered(sent: 1, failed: 0))
            let files = try FileManager.default.contentsOfDirectory(atPath: spool.path)
            #expect(files.count == 1 && files.allSatisfy { $0.hasPrefix("dangjian-") && $0.hasSuffix(".json") })
            let entry = try JSONDecoder().decode(SMSSpool.Entry.self, from: Data(contentsOf: spool.appendingPathComponent(files[0])))
            #expect(entry.to == ParticipationTests.phone && entry.text.contains("您的诉求已答复"))
            let items = try await world.send(.GET, "/api/v1/messages", token: resident).content.decode([Item].self)
            #expect(items.first?.deliveries == ["短信已发送（139****5678）"])
            // Sent once: a second round finds nothing due.
            #expect(try await Outbox.deliverDue(app: world.app, now: now + 3600) == Outbox.Delivered())
        }
    }

    @Test("e-mail goes through the relay with its Chinese subject; a relay that refuses is tried again four times, then it says so")
    func mailed() async throws {
        let relay = try await SMTPStandIn.start()
        defer { relay.stop() }
        try await withWorld(adjusting: { $0.smtpRelay = ("127.0.0.1", relay.port); $0.smtpFrom = "dangjian@qh.gov.cn" }) { world in
            let secretary = try await world.token("branch-secretary")
            let noAddress = try await world.send(.PUT, "/api/v1/messages/settings", token: secretary, json: ["requests": ["email"]])
            #expect(noAddress.status == .unprocessableEntity && noAddress.body.string.contains("请填写接收邮件的地址"))
            let chosen = try await world.send(.PUT, "/api/v1/messages/settings", token: secretary,
                                              json: AnyEncodable(["requests": AnyEncodable(["email"]), "email": AnyEncodable("Wang.Zhongchun@example.cn")]))
            #expect(try chosen.content.decode(Settings.self).email == "w***@example.cn")
            let audit = try await world.auditEntries(action: "message.settings")
            #expect(!audit.isEmpty && audit.allSatisfy { !$0.detail.contains("example.cn") })

            let (resident, _) = try await ParticipationTests.resident(world)
            _ = try await world.send(.POST, "/api/v1/requests", token: resident, json: ["kind": "suggestion", "category": "environment", "text": "建议五组增设垃圾桶"])
            var now = world.app.dangjian.clock.now().timeIntervalSince1970
            #expect(try await Outbox.deliverDue(app: world.app, now: now).sent == 1)
            let mail = try #require(relay.messages.first)
            #expect(mail.from == "<dangjian@qh.gov.cn>" && mail.to == "<wang.zhongchun@example.cn>")
            let subject = try #require(mail.data.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: =?UTF-8?B?") })
            let decoded = String(decoding: Data(base64Encoded: String(subject.dropFirst(19).dropLast(2))) ?? Data(), as: UTF8.self)
            #expect(decoded.contains("新的意见建议：环境卫生"), "\(decoded)")

            relay.refuse(true)
            _ = try await world.send(.POST, "/api/v1/requests", token: resident, json: ["kind": "suggestion", "category": "environment", "text": "建议六组也增设垃圾桶"])
            now += 10
            var rounds: [Outbox.Delivered] = []
            for delay in [0.0] + DeliveryRetry.delays {
                now += delay
                rounds.append(try await Outbox.deliverDue(app: world.app, now: now))
            }
            #expect(rounds.map(\.failed) == [0, 0, 0, 0, 1] && rounds.map(\.sent) == [0, 0, 0, 0, 0])
            let items = try await world.send(.GET, "/api/v1/messages", token: secretary).content.decode([Item].self)
            let failed = try #require(items.first?.deliveries.first)
            #expect(failed.hasPrefix("电子邮件发送失败：") && failed.contains("550 no such mailbox"), "\(failed)")
            #expect(relay.messages.count == 1)
        }
    }

    @Test("a channel the deployment has not set up cannot be chosen; without a phone on record, no text messages")
    func choices() async throws {
        try await withWorld { world in
            let member = try await world.token("member")
            let refused = try await world.send(.PUT, "/api/v1/messages/settings", token: member, json: ["meetings": ["sms"]])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("尚未开通短信发送"))
            let view = try await world.send(.GET, "/api/v1/messages/settings", token: member).content.decode(Settings.self)
            #expect(view.available.isEmpty)
        }
        let spool = Self.spool()
        defer { try? FileManager.default.removeItem(at: spool) }
        try await withWorld(adjusting: { $0.smsSpool = spool }) { world in
            // An account with no member record and no phone of its own.
            let administrator = try await world.token("secadmin")
            let none = try await world.send(.PUT, "/api/v1/messages/settings", token: administrator, json: ["other": ["sms"]])
            #expect(none.status == .unprocessableEntity && none.body.string.contains("档案中没有手机号"))
        }
    }

    @Test("a planned meeting is a 会议通知 to each expected member with an account, by text message too if they chose it")
    func meetingNotice() async throws {
        let spool = Self.spool()
        defer { try? FileManager.default.removeItem(at: spool) }
        try await withWorld(adjusting: { $0.smsSpool = spool }) { world in
            let member = try await world.token("member")
            let chosen = try await world.send(.PUT, "/api/v1/messages/settings", token: member, json: ["meetings": ["sms"]])
            #expect(chosen.status == .ok, "\(chosen.body.string)")
            let (planned, date) = try await CalendarFeedTests.planVillageMeeting(world)
            #expect(planned.status == .created)
            let notice = "会议通知：\(date.month)月\(date.day)日 19:30 支部党员大会“学习新修订的条例，讨论年度计划”，地点：村党员活动室"
            let items = try await world.send(.GET, "/api/v1/messages", token: member).content.decode([Item].self)
            #expect(items.first?.title == notice)
            let neighbour = try await world.send(.GET, "/api/v1/messages", token: try await world.token("member2")).content.decode([Item].self)
            #expect(neighbour.first?.title == notice && neighbour.first?.deliveries == [])
            #expect(try await Outbox.deliverDue(app: world.app, now: world.app.dangjian.clock.now().timeIntervalSince1970).sent == 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: spool.path)
            let entry = try JSONDecoder().decode(SMSSpool.Entry.self, from: Data(contentsOf: spool.appendingPathComponent(try #require(files.first))))
            #expect(entry.text.contains("会议通知") && entry.to.count == 11)
        }
    }
}

@Suite("待办提醒")
struct ToDoDigestTests {
    struct Item: Decodable { let title: String; let link: String }

    @Test("from 08:00 China time, once a day, each account with work due is told how much and how much is late")
    func digest() async throws {
        try await withWorld { world in
            let today = world.app.dangjian.clock.today()
            func at(_ hour: Int, dayOffset: Int = 0) throws -> Date {
                var components = DateComponents(year: today.year, month: today.month, day: today.day + dayOffset, hour: hour)
                components.timeZone = .chinaStandard
                return try #require(Calendar(identifier: .gregorian).date(from: components))
            }
            #expect(try await ToDoDigest.runIfDue(app: world.app, now: try at(7)) == 0)
            let told = try await ToDoDigest.runIfDue(app: world.app, now: try at(9))
            #expect(told > 0)
            #expect(try await ToDoDigest.runIfDue(app: world.app, now: try at(15)) == 0, "once a day")
            let secretary = try await world.token("branch-secretary")
            let todos = try await world.send(.GET, "/api/v1/todos", token: secretary).content.decode([ToDoService.Item].self)
            let messages = try await world.send(.GET, "/api/v1/messages", token: secretary).content.decode([Item].self)
            let late = todos.filter(\.overdue).count
            #expect(messages.first?.title == "今日待办 \(todos.count) 项" + (late > 0 ? "，其中 \(late) 项已逾期" : "") && messages.first?.link == "/todos")
            let auditor = try await world.send(.GET, "/api/v1/messages", token: try await world.token("auditor")).content.decode([Item].self)
            #expect(auditor.isEmpty, "the three administrators are not sent to-dos")
            #expect(try await world.auditEntries(action: "todo.digest").count == 1)
            #expect(try await ToDoDigest.runIfDue(app: world.app, now: try at(9, dayOffset: 1)) > 0, "the next day again")
        }
    }
}
