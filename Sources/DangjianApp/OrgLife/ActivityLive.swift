import DangjianCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// Meetings in progress: the secretary's screen (with the code) and the higher committee's board (without it), kept
/// current by server-sent events.
enum ActivityLive {
    struct Snapshot: Content {
        let id: Int
        let topic: String
        let kindLabel: String
        let organizationName: String
        let place: String
        let startTime: String?
        let state: String
        let expected: Int
        let present: Int
        /// Names of those signed in, latest first.
        let signedIn: [String]
        /// Only for those who record the meeting.
        let code: String?
        let secondsLeft: Int?
        let guidance: [ActivityDetail.Guidance]
    }

    static func snapshot(_ model: ActivityModel, withCode: Bool, on request: Request) async throws -> Snapshot {
        try await snapshots([model], withCode: withCode, on: request)[0]
    }

    static func snapshots(_ models: [ActivityModel], withCode: Bool, on request: Request) async throws -> [Snapshot] {
        guard !models.isEmpty else { return [] }
        let ids = models.map { $0.id! }
        // Plain rows: every open board asks again every two seconds, and Fluent's model decoding was the roll's cost.
        let rows = try await request.db.sql.select().columns("activity_id", "name", "status", "signed_at").from(AttendanceModel.schema)
            .where("activity_id", .in, SQLBind.group(ids)).all(decoding: BoardRow.self)
        let notes = try await GuidanceModel.query(on: request.db).filter(\.$activityID ~~ ids).sort(\.$id).all()
        let organizations = try await OrganizationModel.query(on: request.db).filter(\.$id ~~ Array(Set(models.map(\.organizationID)))).all()
        let now = Int64(request.now.timeIntervalSince1970)
        let rules = request.services.rules
        return models.map { model in
            let mine = rows.filter { $0.activity_id == model.id }
            let signed = mine.filter { $0.status == .present }.sorted { ($0.signed_at ?? "") > ($1.signed_at ?? "") }
            var code: String?
            var left: Int?
            if withCode && model.state == .open {
                let (generator, mac) = ActivityWork.codes(for: model, rules: rules)
                code = generator.code(atUnixTime: now, mac: mac)
                left = generator.secondsLeft(atUnixTime: now)
            }
            return Snapshot(id: model.id!, topic: model.topic, kindLabel: model.kind.chinese,
                            organizationName: organizations.first { $0.id == model.organizationID }?.name ?? "", place: model.place,
                            startTime: model.startTime, state: model.state.chinese, expected: mine.count, present: signed.count,
                            signedIn: signed.prefix(200).map(\.name), code: code, secondsLeft: left,
                            guidance: notes.filter { $0.activityID == model.id }.map {
                                .init(authorName: $0.authorName, text: $0.text, at: $0.createdAt.map { CalendarDate($0).description } ?? "")
                            })
        }
    }

    private struct BoardRow: Decodable {
        let activity_id: Int
        let name: String
        let status: AttendanceStatus
        let signed_at: String?
    }

    /// Meetings in progress in the caller's scope.
    static func board(on request: Request) async throws -> [Snapshot] {
        var found: [ActivityModel] = []
        for scope in try request.policy.scopes(for: .activityRead) {
            found += try await ActivityModel.query(on: request.db).filter(\.$state == .open)
                .filter(\.$path >= scope.value).filter(\.$path < scope.upperBound).sort(\.$path).limit(200).all()
        }
        return try await snapshots(found, withCode: false, on: request)
    }

    /// Streams open at once per account, in this process; one more answers 429.
    static let streamsPerAccount = 4
    /// How often a stream checks that its session still holds (logout, revocation, timeout end it within this).
    static let sessionCheckSeconds = 10

    /// `text/event-stream`: the value whenever it changes (checked every two seconds), a comment to keep the line
    /// open otherwise, for at most fifteen minutes (the page's EventSource reconnects). It ends within
    /// `sessionCheckSeconds` of a logout, a disabled account, a revoked permission or a session timeout.
    static func stream<Value: Encodable & Sendable>(on request: Request, permission: Permission,
                                                    _ next: @escaping @Sendable (Request) async throws -> Value?) throws -> Response {
        let actor = try request.requireActor()
        guard let session = request.session else { throw Abort(.unauthorized, reason: "请先登录") }
        let streams = request.services.liveStreams
        guard streams.open(for: actor.accountID, limit: streamsPerAccount) else {
            throw RateLimited(limit: RateLimit(name: "stream.account", limit: streamsPerAccount, window: 60, keep: 60,
                                               message: "同时打开的实时页面过多，请关闭其他窗口后再试"), retryAfter: 10)
        }
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(type: "text", subType: "event-stream", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        response.body = .init(asyncStream: { writer in
            defer { streams.close(for: actor.accountID) }
            let deadline = Date().addingTimeInterval(15 * 60)
            var last = ""
            var checked = Date()
            do {
                while Date() < deadline {
                    if Date().timeIntervalSince(checked) >= Double(sessionCheckSeconds) {
                        guard try await SessionAuthenticator.stillValid(session, permission: permission, on: request) else { break }
                        checked = Date()
                    }
                    guard let value = try await next(request) else { break }
                    let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
                    let message = json == last ? ": 保持连接\n\n" : "data: \(json)\n\n"
                    last = json
                    try await writer.write(.buffer(ByteBuffer(string: message)))
                    try await Task.sleep(for: .seconds(2))
                }
                try await writer.write(.end)
            } catch {
                try? await writer.write(.end)
            }
        })
        return response
    }
}

/// Live streams open in this process, by account.
final class LiveStreamCount: Sendable {
    private let counts = NIOLockedValueBox<[Int: Int]>([:])

    /// Counts one more stream for `account` unless it already has `limit`.
    func open(for account: Int, limit: Int) -> Bool {
        counts.withLockedValue { counts in
            guard counts[account, default: 0] < limit else { return false }
            counts[account, default: 0] += 1
            return true
        }
    }

    func close(for account: Int) {
        counts.withLockedValue { counts in
            counts[account, default: 1] -= 1
            if counts[account] == 0 { counts[account] = nil }
        }
    }

    func count(for account: Int) -> Int { counts.withLockedValue { $0[account, default: 0] } }

    var total: Int { counts.withLockedValue { $0.values.reduce(0, +) } }
}
