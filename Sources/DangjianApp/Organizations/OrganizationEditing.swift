import DangjianCore
import Fluent
import SQLKit
import Vapor

/// What a form or API call sends to create or change an organization. Strings, so that bad input comes back as a
/// field message rather than a decoding error.
struct OrganizationInput: Content {
    var name: String?
    var kind: String?
    var sector: String?
    var establishedOn: String?
    var coveredUnits: String?
}

struct MoveInput: Content {
    var parentID: LenientID?
}

/// Creating, renaming, retyping and moving organizations. Every change is audited in its own transaction.
enum OrganizationEditing {
    struct Parsed {
        var name: String
        var kind: OrganizationKind
        var sector: UnitSector
        var establishedOn: CalendarDate?
        var coveredUnits: Int?
    }

    static func parse(_ input: OrganizationInput, current: OrganizationModel?, today: CalendarDate) throws -> Parsed {
        var errors: [FieldError] = []
        let name = (input.name ?? current?.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(FieldError(field: "name", message: "请填写党组织名称")) }
        else if name.count > 60 { errors.append(FieldError(field: "name", message: "党组织名称不能超过 60 个字")) }
        else if name.contains(where: { "<>\"&/\\".contains($0) }) { errors.append(FieldError(field: "name", message: "党组织名称不能包含符号 < > \" & / \\")) }
        let kind = input.kind.flatMap { $0.isEmpty ? nil : (OrganizationKind(rawValue: $0) ?? OrganizationKind(chinese: $0)) } ?? current?.kind
        if kind == nil { errors.append(FieldError(field: "kind", message: "请选择组织类别")) }
        let sector = input.sector.flatMap { text in text.isEmpty ? nil : (UnitSector(rawValue: text) ?? UnitSector.allCases.first { $0.chinese == text }) } ?? current?.sector
        if sector == nil { errors.append(FieldError(field: "sector", message: "请选择单位类型")) }
        var established = current?.establishedOn
        if let text = input.establishedOn?.trimmingCharacters(in: .whitespaces) {
            if text.isEmpty { established = nil }
            else if let date = CalendarDate(parsing: text), date <= today { established = date }
            else { errors.append(FieldError(field: "establishedOn", message: "成立日期应为不晚于今天的 年-月-日")) }
        }
        var covered = current?.coveredUnits
        if let text = input.coveredUnits?.trimmingCharacters(in: .whitespaces) {
            if text.isEmpty { covered = nil }
            else if let value = Int(text), (1...100).contains(value) { covered = value }
            else { errors.append(FieldError(field: "coveredUnits", message: "覆盖单位数应为 1–100 的整数")) }
        }
        if kind != .jointBranch { covered = nil }
        guard errors.isEmpty, let kind, let sector else { throw FormProblems(errors) }
        return Parsed(name: name, kind: kind, sector: sector, establishedOn: established, coveredUnits: covered)
    }

    static func countyID(for path: OrgPath, configuration: AppConfiguration) -> Int? {
        CountyKeys.county(of: path, depth: configuration.countyDepth)
    }

    static func create(under parent: OrganizationModel, _ input: OrganizationInput, on request: Request) async throws -> OrganizationModel {
        let parsed = try parse(input, current: nil, today: request.today)
        guard parent.kind.canContain(parsed.kind) else {
            throw FormProblems(field: "kind", "\(parent.kind.chinese)下不能设立\(parsed.kind.chinese)")
        }
        let configuration = request.services.configuration
        let parentID = parent.id!
        let parentPath = parent.orgPath
        return try await request.write { database in
            let organization = OrganizationModel(parentID: parentID, path: parentPath.value, countyID: nil, name: parsed.name,
                                                 kind: parsed.kind, sector: parsed.sector, establishedOn: parsed.establishedOn,
                                                 coveredUnits: parsed.coveredUnits)
            // The path needs the id, so the row is written with a placeholder path unique to this transaction first.
            organization.path = parentPath.value + "new-\(UUID().uuidString)/"
            try await organization.create(on: database)
            let path = parentPath.appending(organization.id!)
            organization.path = path.value
            organization.countyID = countyID(for: path, configuration: configuration)
            try await organization.update(on: database)
            try await SubtreeCounters.recompute(ids: path.ids, on: database)
            return (organization, AuditEvent("organization.create", target: "organization", id: organization.id,
                                             organization: parentID, detail: "\(parsed.kind.chinese)“\(parsed.name)”，上级 \(parent.name)"))
        }
    }

    /// Rename, retype, change sector or dates. Renaming and retyping restructure, so the level above decides.
    static func update(_ organization: OrganizationModel, _ input: OrganizationInput, on request: Request) async throws {
        let parsed = try parse(input, current: organization, today: request.today)
        let restructures = parsed.name != organization.name || parsed.kind != organization.kind
        if restructures, try !request.policy.allowsRestructuring(organization.orgPath) {
            await request.auditDenied("organization.update", target: "organization", id: organization.id,
                                      detail: "更名或变更类别须由上级党组织办理")
            throw Abort(.forbidden, reason: "更名或变更组织类别须由上级党组织办理")
        }
        if parsed.kind != organization.kind {
            if let parentID = organization.parentID, let parent = try await OrganizationModel.find(parentID, on: request.db),
               !parent.kind.canContain(parsed.kind) {
                throw FormProblems(field: "kind", "上级是\(parent.kind.chinese)，其下不能设立\(parsed.kind.chinese)")
            }
            let children = try await OrganizationStore.children(of: organization.id!, on: request.db)
            if let child = children.first(where: { !parsed.kind.canContain($0.kind) }) {
                throw FormProblems(field: "kind", "下级有\(child.kind.chinese)“\(child.name)”，\(parsed.kind.chinese)下不能设立\(child.kind.chinese)")
            }
        }
        var changes: [String] = []
        if parsed.name != organization.name { changes.append("名称：\(organization.name) → \(parsed.name)") }
        if parsed.kind != organization.kind { changes.append("类别：\(organization.kind.chinese) → \(parsed.kind.chinese)") }
        if parsed.sector != organization.sector { changes.append("单位类型：\(organization.sector.chinese) → \(parsed.sector.chinese)") }
        if parsed.establishedOn != organization.establishedOn { changes.append("成立日期") }
        if parsed.coveredUnits != organization.coveredUnits { changes.append("覆盖单位数") }
        guard !changes.isEmpty else { return }
        let detail = changes.joined(separator: "；")
        let retyped = parsed.kind.isBranch != organization.kind.isBranch
        organization.name = parsed.name
        organization.kind = parsed.kind
        organization.sector = parsed.sector
        organization.establishedOn = parsed.establishedOn
        organization.coveredUnits = parsed.coveredUnits
        try await request.write { database in
            try await organization.update(on: database)
            if retyped { try await SubtreeCounters.recompute(ids: organization.orgPath.ids, on: database) }
            return ((), AuditEvent("organization.update", target: "organization", id: organization.id,
                                   organization: organization.parentID, detail: detail))
        }
    }

    /// Moves an organization with its whole subtree and every member filed in it: the paths under it are rewritten
    /// in one transaction (DESIGN: Data).
    static func move(_ organization: OrganizationModel, to parentID: Int?, on request: Request) async throws {
        guard let parentID else { throw FormProblems(field: "parentID", "请选择新的上级党组织") }
        if try !request.policy.allowsRestructuring(organization.orgPath) {
            await request.auditDenied("organization.move", target: "organization", id: organization.id,
                                      detail: "移动须由上级党组织办理")
            throw Abort(.forbidden, reason: "调整隶属关系须由上级党组织办理")
        }
        let parent = try await OrganizationStore.find(parentID, for: .organizationWrite, on: request)
        let oldPath = organization.orgPath
        if oldPath.contains(parent.orgPath) {
            throw FormProblems(field: "parentID", "不能移到本组织或其下级组织之下")
        }
        if parent.id == organization.parentID { throw FormProblems(field: "parentID", "已经隶属于\(parent.name)") }
        guard parent.kind.canContain(organization.kind) else {
            throw FormProblems(field: "parentID", "\(parent.kind.chinese)下不能设立\(organization.kind.chinese)")
        }
        let newPath = parent.orgPath.appending(organization.id!)
        let configuration = request.services.configuration
        var previousParent: OrganizationModel?
        if let id = organization.parentID { previousParent = try await OrganizationModel.find(id, on: request.db) }
        let oldParentName = previousParent?.name ?? "（无）"
        try await request.write { database in
            let sql = database.sql
            for table in SubtreeCounters.pathTables {
                try await sql.raw("""
                    UPDATE \(ident: table) SET path = \(bind: newPath.value) || substr(path, CAST(\(bind: oldPath.value.utf8.count + 1) AS INTEGER))
                    WHERE path >= \(bind: oldPath.value) AND path < \(bind: oldPath.upperBound)
                    """).run()
            }
            try await sql.update(OrganizationModel.schema).set("parent_id", to: SQLBind(parentID))
                .where("id", .equal, SQLBind(organization.id!)).run()
            try await CountyKeys.recompute(under: newPath, depth: configuration.countyDepth, on: database)
            try await SubtreeCounters.recompute(ids: Array(oldPath.ids.dropLast()) + newPath.ids, on: database)
            return ((), AuditEvent("organization.move", target: "organization", id: organization.id, organization: parentID,
                                   detail: "“\(organization.name)”由 \(oldParentName) 移至 \(parent.name)，下级组织与党员随之调整"))
        }
    }
}
