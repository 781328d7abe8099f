import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The roll of an activity as the secretary marks it: hand-marked statuses and reasons, the host and the recorder
/// present unless marked otherwise, and for a 支部党员大会 whether enough full members are present to decide.
enum ActivityAttendance {
    /// The rows `attendance` (member id → status) and `reason` change, changed in place; nothing is written.
    static func apply(_ attendance: [String: String]?, reasons: [String: String]?, to rows: [AttendanceModel],
                      now: Date) throws -> [AttendanceModel] {
        var changed: [AttendanceModel] = []
        for (key, value) in (attendance ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let id = Int(key), let row = rows.first(where: { $0.memberID == id }) else {
                throw FormProblems(field: "attendance", "名单中没有编号为 \(key) 的党员")
            }
            // A select left on 未签到 sends nothing or an empty value: the row stays as it is.
            if value.isEmpty && row.status == .expected { continue }
            guard let status = AttendanceStatus(rawValue: value), status != .expected else {
                throw FormProblems(field: "attendance", "\(row.name)的出席情况应为 present、leave、official、away、sick 或 absent")
            }
            let reason = reasons?[key]?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let reason, reason.count > 100 { throw FormProblems(field: "reason", "\(row.name)的缺席原因不能超过 100 字") }
            guard row.status != status || (row.reason ?? "") != (status == .present ? "" : reason ?? "") else { continue }
            if row.status == .present && row.method == "code" && status == .present { continue }
            row.status = status
            row.reason = status == .present ? nil : (reason?.isEmpty == false ? reason : nil)
            row.method = status == .present ? (row.method ?? "hand") : "hand"
            if status == .present && row.signedAt == nil { row.signedAt = ISO8601DateFormatter().string(from: now) }
            changed.append(row)
        }
        return changed
    }

    /// The host and the recorder run the meeting: still unmarked, they are present.
    static func officers(of model: ActivityModel, in rows: [AttendanceModel], now: Date) -> [AttendanceModel] {
        let officers = Set([model.hostMemberID, model.recorderMemberID].compactMap { $0 })
        let pending = rows.filter { officers.contains($0.memberID) && $0.status == .expected }
        for row in pending {
            row.status = .present
            row.method = "officer"
            row.signedAt = ISO8601DateFormatter().string(from: now)
        }
        return pending
    }

    /// For a 支部党员大会, the full members of the organization on the roll and how many of them are present; nil for the
    /// other kinds. Probationary members and 流动党员 visiting from another branch do not count.
    static func quorum(of model: ActivityModel, rows: [AttendanceModel], on database: any Database) async throws -> MeetingQuorum? {
        try await quorum(of: model, roll: rows.map { ($0.memberID, $0.status) }, on: database)
    }

    static func quorum(of model: ActivityModel, roll rows: [(memberID: Int, status: AttendanceStatus)],
                       on database: any Database) async throws -> MeetingQuorum? {
        guard model.kind == .generalMeeting, !rows.isEmpty else { return nil }
        let path = OrgPath(stored: model.path)
        var entitled = Set<Int>()
        struct Row: Decodable { let id: Int }
        for chunk in rows.map(\.memberID).chunked(into: 500) {
            let members = try await database.sql.select().column("id").from(MemberModel.schema).where("id", .in, SQLBind.group(Array(chunk)))
                .where("membership", .equal, SQLBind(Membership.full.rawValue))
                .where("path", .greaterThanOrEqual, SQLBind(path.value)).where("path", .lessThan, SQLBind(path.upperBound))
                .all(decoding: Row.self)
            entitled.formUnion(members.map(\.id))
        }
        let voting = rows.filter { entitled.contains($0.memberID) }
        return MeetingQuorum(entitled: voting.count, present: voting.count { $0.status == .present })
    }

    /// One line for the audit: who changed to what, at most twenty names.
    static func summary(_ rows: [AttendanceModel]) -> String {
        rows.map { "\($0.name)\($0.status.chinese)" }.prefix(20).joined(separator: "、")
    }
}
