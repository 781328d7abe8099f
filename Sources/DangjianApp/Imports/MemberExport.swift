import DangjianCore
import DangjianDocuments
import Fluent
import SQLKit
import Vapor

struct ExportRequest: Content {
    var format: String?
    var reason: String?
}

/// Exports a filtered member list to .xlsx or .csv: masked numbers by default; the full numbers only with the reveal
/// permission and a stated reason. Every export is audited with its row count.
enum MemberExport {
    /// The masked export gives the birth year and month only, like the pages (`Masking.birthMonth`).
    static func headers(unmasked: Bool) -> [String] {
        ["姓名", "性别", "民族", unmasked ? "出生日期" : "出生年月", "公民身份号码", "学历", "人员类别", "党员类型", "入党时间", "转正时间",
         "所在党组织", "联系电话", "工作单位及职务", "家庭住址", "党籍状态"]
    }

    private struct Row: Decodable {
        let id: Int
        let path: String
        let name: String
        let gender: Gender
        let ethnicity: String?
        let birth_date: CalendarDate
        let id_mask: String?
        let id_cipher: String?
        let phone_mask: String?
        let phone_cipher: String?
        let education: Education?
        let category: MemberCategory?
        let membership: Membership
        let joined_on: CalendarDate
        let full_on: CalendarDate?
        let organization_name: String
        let job: String?
        let address: String?
        let status: MemberStatus
    }

    static func write(_ filter: MemberFilter, format: SpreadsheetFormat, unmasked: Bool, on request: Request) async throws -> (URL, Int) {
        let scopes = try await MemberStore.scopes(for: filter, on: request)
        try await MemberStore.checkNumberSearch(filter, scopes: scopes, on: request)
        let url = try Downloads.temporaryFile(format.rawValue, request.services)
        let sink: any RowSink = format == .xlsx
            ? try XLSXWriter(url: url, sheetName: "党员名册", widths: [10, 5, 8, 12, 21, 12, 14, 10, 12, 12, 24, 14, 28, 30, 8])
            : try CSVWriter(url: url)
        try sink.write(headers(unmasked: unmasked))
        let cipher = request.services.cipher
        var count = 0
        // The whole filtered list, whichever page of it the caller was on.
        var cursor = filter
        cursor.limit = nil
        cursor.after = nil
        let extra = ["ethnicity", "joined_on", "full_on", "job", "address"] + (unmasked ? ["id_cipher", "phone_cipher"] : [])
        do {
            repeat {
                let rows = try await MemberStore.query(cursor, scopes: scopes, extra: extra, limit: 2000, on: request).all(decoding: Row.self)
                for row in rows {
                    let id = unmasked ? try row.id_cipher.map { try cipher.open($0, for: .memberIDNumber(row.id)) } : row.id_mask
                    let phone = unmasked ? try row.phone_cipher.map { try cipher.open($0, for: .memberPhone(row.id)) } : row.phone_mask
                    let birth = unmasked ? row.birth_date.description : Masking.birthMonth(row.birth_date)
                    try sink.write([row.name, row.gender.chinese, row.ethnicity ?? "", birth, id ?? "",
                                    row.education?.chinese ?? "", row.category?.chinese ?? "", row.membership.chinese,
                                    row.joined_on.description, row.full_on?.description ?? "", row.organization_name, phone ?? "",
                                    row.job ?? "", row.address ?? "", row.status.chinese])
                }
                count += rows.count
                cursor.after = rows.count == 2000
                    ? rows.last.map { MemberStore.cursor(after: ($0.name, $0.path, $0.id), filter: cursor, today: request.today).token } : nil
            } while cursor.after != nil
            try sink.finish()
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return (url, count)
    }

    /// Writes, audits and streams the file, deleting it once sent.
    static func respond(_ filter: MemberFilter, format text: String?, reason: String?, on request: Request) async throws -> Response {
        guard let format = SpreadsheetFormat(rawValue: text ?? "xlsx") else { throw FormProblems(field: "format", "导出格式只能是 xlsx 或 csv") }
        let unmasked = reason != nil
        if let reason {
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count >= 4 else { throw FormProblems(field: "reason", "导出完整号码须写明事由（至少 4 个字）") }
            guard trimmed.count <= 100 else { throw FormProblems(field: "reason", "事由不能超过 100 字") }
            let scopes = try await MemberStore.scopes(for: filter, on: request)
            let policy = try request.policy
            guard scopes.allSatisfy({ policy.allows(.memberReveal, at: $0) }) else {
                await request.auditDenied("member.export", target: "member", id: nil, detail: "无权导出完整号码")
                throw Abort(.forbidden, reason: "您没有导出完整证件号码的权限")
            }
        }
        let (url, count) = try await write(filter, format: format, unmasked: unmasked, on: request)
        let detail = if let reason {
            "导出党员名册（含完整证件号码和电话）\(count) 行，格式 \(format.rawValue)，事由：\(reason.trimmingCharacters(in: .whitespacesAndNewlines))"
        } else {
            "导出党员名册（号码已遮蔽）\(count) 行，格式 \(format.rawValue)"
        }
        do {
            try await request.write { _ in ((), AuditEvent("member.export", target: "member", id: nil, organization: filter.org, detail: detail)) }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return try await Downloads.respond(url, name: "党员名册-\(request.today).\(format.rawValue)", fallback: "members.\(format.rawValue)",
                                           type: format == .xlsx ? Downloads.xlsx : Downloads.csv, on: request)
    }
}
