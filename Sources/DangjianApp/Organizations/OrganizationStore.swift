import DangjianCore
import Fluent
import SQLKit
import Vapor

/// An organization as lists and pages show it.
struct OrganizationSummary: Content {
    let id: Int
    let parentID: Int?
    let name: String
    let kind: OrganizationKind
    let kindLabel: String
    let sector: UnitSector
    let sectorLabel: String
    let path: String
    let depth: Int
    let establishedOn: CalendarDate?
    let coveredUnits: Int?
    /// 正式党员 and 预备党员 in the register filed directly here.
    let fullMembers: Int
    let probationaryMembers: Int

    init(_ model: OrganizationModel) {
        self.id = model.id!
        self.parentID = model.parentID
        self.name = model.name
        self.kind = model.kind
        self.kindLabel = model.kind.chinese
        self.sector = model.sector
        self.sectorLabel = model.sector.chinese
        self.path = model.path
        self.depth = model.orgPath.depth
        self.establishedOn = model.establishedOn
        self.coveredUnits = model.coveredUnits
        self.fullMembers = model.fullCount
        self.probationaryMembers = model.probationaryCount
    }
}

/// Subtree totals, summed from the per-organization counters (DESIGN: Data).
struct SubtreeTotals: Content {
    var organizations = 0
    var branches = 0
    var fullMembers = 0
    var probationaryMembers = 0
    var members: Int { fullMembers + probationaryMembers }
}

/// Reading organizations within the caller's scope. Out-of-scope records answer exactly like missing ones.
enum OrganizationStore {
    /// The organization with `id` when `permission` holds there; otherwise 404, and the attempt is audited when the
    /// record exists.
    static func find(_ id: Int?, for permission: Permission, on request: Request) async throws -> OrganizationModel {
        guard let id, let organization = try await OrganizationModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该党组织，或它不在您负责的范围内")
        }
        guard try request.policy.allows(permission, at: organization.orgPath) else {
            await request.auditDenied("organization.read", target: "organization", id: id, detail: "超出管理范围（\(permission.chinese)）")
            throw Abort(.notFound, reason: "没有找到该党组织，或它不在您负责的范围内")
        }
        return organization
    }

    /// The organizations at the top of the caller's scopes for `permission`.
    static func scopeRoots(for permission: Permission, on request: Request) async throws -> [OrganizationModel] {
        let paths = try request.policy.scopes(for: permission)
        if paths.contains(.root) {
            return try await OrganizationModel.query(on: request.db).filter(\.$parentID == nil).sort(\.$name).all()
        }
        let ids = paths.compactMap(\.lastID)
        guard !ids.isEmpty else { return [] }
        return try await OrganizationModel.query(on: request.db).filter(\.$id ~~ ids).sort(\.$path).all()
    }

    /// Every organization where `permission` holds for the caller, in tree order, for pickers (at most `limit`).
    static func inScope(for permission: Permission, on request: Request, limit: Int = 3000,
                        where refine: (QueryBuilder<OrganizationModel>) -> QueryBuilder<OrganizationModel> = { $0 }) async throws -> [OrganizationModel] {
        var found: [OrganizationModel] = []
        for scope in try request.policy.scopes(for: permission) {
            found += try await refine(OrganizationModel.query(on: request.db).filter(\.$path >= scope.value)
                .filter(\.$path < scope.upperBound)).sort(\.$path).limit(limit).all()
        }
        return found
    }

    static func children(of id: Int, on database: any Database) async throws -> [OrganizationModel] {
        try await OrganizationModel.query(on: database).filter(\.$parentID == id).sort(\.$kind).sort(\.$name).all()
    }

    static func ancestors(of organization: OrganizationModel, on database: any Database) async throws -> [OrganizationModel] {
        let ids = Array(organization.orgPath.ids.dropLast())
        guard !ids.isEmpty else { return [] }
        return try await OrganizationModel.query(on: database).filter(\.$id ~~ ids).sort(\.$path).all()
    }

    /// Every organization under `path` (itself included), in path order.
    static func subtree(_ path: OrgPath, on database: any Database) async throws -> [OrganizationModel] {
        try await OrganizationModel.query(on: database).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .sort(\.$path).all()
    }

    /// Totals under each of `roots`, from one read of the subtree that holds them all.
    static func totals(under roots: [OrganizationModel], within subtree: [OrganizationModel]) -> [Int: SubtreeTotals] {
        var result: [Int: SubtreeTotals] = [:]
        let rootPaths = roots.map { ($0.id!, $0.orgPath) }
        for organization in subtree {
            let path = organization.orgPath
            guard let (rootID, _) = rootPaths.first(where: { $0.1.contains(path) }) else { continue }
            result[rootID, default: SubtreeTotals()].add(organization)
        }
        return result
    }
}

extension SubtreeTotals {
    mutating func add(_ organization: OrganizationModel) {
        organizations += 1
        if organization.kind.isBranch { branches += 1 }
        fullMembers += organization.fullCount
        probationaryMembers += organization.probationaryCount
    }

    init(_ organizations: [OrganizationModel]) {
        for organization in organizations { add(organization) }
    }
}
