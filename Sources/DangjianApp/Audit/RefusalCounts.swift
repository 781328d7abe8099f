import DangjianCore
import Fluent
import SQLKit
import Vapor

/// 登录失败与表单令牌拒绝 — refusals that arrive in floods are counted by source and minute (`RateCounter`) instead of
/// one audit entry each; auditors read the counts here, newest first, beside the chained log.
enum RefusalCounts {
    struct Filter: Content, APISchemaHints {
        var kind: String?
        var before: Int?
        static var schemaHints: [String: Schema] { ["kind": .strings(Kind.allCases.map(\.rawValue)), "before": .integer(minimum: 0)] }
    }

    enum Kind: String, CaseIterable, Codable, Sendable {
        case login, csrf, metrics

        var limit: RateLimit {
            switch self {
            case .login: .loginFailuresBySource
            case .csrf: .csrfRejections
            case .metrics: .metricsRefusals
            }
        }

        var chinese: String {
            switch self {
            case .login: "登录失败"
            case .csrf: "表单令牌被拒"
            case .metrics: "运行指标访问被拒"
            }
        }
    }

    struct Row: Content {
        let kind: Kind
        let kindLabel: String
        let source: String
        /// The minute, in China Standard Time (`2026-11-30 09:15`).
        let minute: String
        let minuteStart: Int
        let count: Int
        /// The first user name (scrubbed, at most 32 characters) or form address seen in that minute.
        let sample: String?
    }

    struct Page: Content {
        let items: [Row]
        /// Pass as `before` for older counts.
        let next: Int?
    }

    static func list(_ filter: Filter, limit: Int = 100, on database: any Database) async throws -> Page {
        let kinds = filter.kind.flatMap(Kind.init(rawValue:)).map { [$0] } ?? Kind.allCases
        struct Stored: Decodable { let key: String; let window_start: Int; let count: Int; let sample: String? }
        var query = database.sql.select().columns("key", "window_start", "count", "sample").from(RateCounter.table)
            .where { group in
                for kind in kinds { group.orWhere("key", .like, SQLBind(kind.limit.name + "|%")) }
                return group
            }
        if let before = filter.before { query = query.where("window_start", .lessThan, SQLBind(before)) }
        let rows = try await query.orderBy("window_start", .descending).orderBy("key").limit(limit + 1).all(decoding: Stored.self)
        let items = rows.prefix(limit).compactMap { row -> Row? in
            guard let kind = kinds.first(where: { row.key.hasPrefix($0.limit.name + "|") }) else { return nil }
            let local = CalendarDate(Date(timeIntervalSince1970: Double(row.window_start)))
            let seconds = (row.window_start + 8 * 3600) % 86_400
            let minute = "\(local) " + String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60)
            return Row(kind: kind, kindLabel: kind.chinese, source: String(row.key.dropFirst(kind.limit.name.count + 1)), minute: minute,
                       minuteStart: row.window_start, count: row.count, sample: row.sample)
        }
        return Page(items: items, next: rows.count > limit ? items.last?.minuteStart : nil)
    }
}
