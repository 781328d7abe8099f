import DangjianCore
import Fluent
import FluentSQL
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
    /// Subtrees up to this many organizations are read whole for warnings; larger ones are summed in the database.
    static let examinedSubtreeLimit = 3000

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
    /// The organizations from the root down to the one at `path`, with their forms (for `LevelAbove`).
    static func chain(_ path: OrgPath, on database: any Database) async throws -> [OrgNode] {
        try await chains([path], on: database)[path] ?? []
    }

    /// The chains of several paths, read in one query.
    static func chains(_ paths: [OrgPath], on database: any Database) async throws -> [OrgPath: [OrgNode]] {
        let ids = Array(Set(paths.flatMap(\.ids)))
        guard !ids.isEmpty else { return [:] }
        var kinds: [Int: OrganizationKind] = [:]
        for chunk in ids.chunked(into: 900) {
            for model in try await OrganizationModel.query(on: database).filter(\.$id ~~ Array(chunk)).all() { kinds[model.id ?? 0] = model.kind }
        }
        var result: [OrgPath: [OrgNode]] = [:]
        for path in paths { result[path] = path.ids.compactMap { id in kinds[id].map { OrgNode(id: id, kind: $0) } } }
        return result
    }

    /// Whether the caller holds `permission` at the level above the member filed at `path` (`LevelAbove`): the
    /// committee above for the development steps it takes, else the organization directly above the holding branch.
    static func allowsAbove(_ path: OrgPath, _ permission: Permission, committee: Bool = false, on request: Request) async throws -> Bool {
        let chain = try await chain(path, on: request.db)
        guard let above = committee ? LevelAbove.committee(chain) : LevelAbove.organization(chain) else { return false }
        return try request.policy.allows(permission, at: above)
    }

    static func subtree(_ path: OrgPath, on database: any Database) async throws -> [OrganizationModel] {
        try await OrganizationModel.query(on: database).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .sort(\.$path).all()
    }

    /// The subtree as outlines, in path order.
    static func outlines(under path: OrgPath, on database: any Database) async throws -> [OrganizationOutline] {
        try await OrganizationOutline.select(on: database).where("path", .greaterThanOrEqual, SQLBind(path.value))
            .where("path", .lessThan, SQLBind(path.upperBound)).orderBy("path").all(decoding: OrganizationOutline.self)
    }

    private struct TotalsRow: Decodable {
        let child: Int?
        let organizations: Int
        let branches: Int?
        let full: Int?
        let probationary: Int?
    }

    private static func totalsColumns(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
        let branchKinds = OrganizationKind.allCases.filter(\.isBranch).map(\.rawValue)
        return query
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("organizations")))
            // PostgreSQL sums integers as NUMERIC; the casts keep every column an integer on both databases.
            .column(SQLAlias(SQLQueryString("CAST(SUM(CASE WHEN kind IN (\(binds: branchKinds)) THEN 1 ELSE 0 END) AS BIGINT)"), as: SQLIdentifier("branches")))
            .column(SQLAlias(SQLQueryString("CAST(SUM(full_count) AS BIGINT)"), as: SQLIdentifier("full")))
            .column(SQLAlias(SQLQueryString("CAST(SUM(probationary_count) AS BIGINT)"), as: SQLIdentifier("probationary")))
            .from(OrganizationModel.schema)
    }

    private static func totals(_ row: TotalsRow) -> SubtreeTotals {
        SubtreeTotals(organizations: row.organizations, branches: row.branches ?? 0, fullMembers: row.full ?? 0,
                      probationaryMembers: row.probationary ?? 0)
    }

    /// Totals of the subtree at `path`: read from the organization's row (kept by `SubtreeCounters`), or summed from the
    /// per-organization counters for a path that is no organization (the whole system).
    static func totals(under path: OrgPath, on database: any Database) async throws -> SubtreeTotals {
        if let row = try await storedTotals(on: database, where: "path = \(bind: path.value)").first {
            return totals(row)
        }
        let row = try await totalsColumns(database.sql.select()).column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("child")))
            .where("path", .greaterThanOrEqual, SQLBind(path.value)).where("path", .lessThan, SQLBind(path.upperBound))
            .first(decoding: TotalsRow.self)
        return row.map(totals) ?? SubtreeTotals()
    }

    /// Totals under each child of `parent`, from the children's own rows.
    static func childTotals(of parent: OrganizationModel, on database: any Database) async throws -> [Int: SubtreeTotals] {
        var result: [Int: SubtreeTotals] = [:]
        for row in try await storedTotals(on: database, where: "parent_id = \(bind: parent.id!)") {
            if let id = row.child { result[id] = totals(row) }
        }
        return result
    }

    private static func storedTotals(on database: any Database, where condition: SQLQueryString) async throws -> [TotalsRow] {
        try await database.sql.raw("""
            SELECT id AS child, subtree_organizations AS organizations, subtree_branches AS branches, subtree_full AS "full",
            subtree_probationary AS probationary FROM \(ident: OrganizationModel.schema) WHERE 
            """ + condition).all(decoding: TotalsRow.self)
    }

    /// Branches whose member counts break a rule of RULES.md §4, or reach the size that needs a committee: the
    /// candidates for warnings in a scope too large to examine whole.
    static func branchesWithCountProblems(under path: OrgPath, rules: RuleBook, limit: Int = 3000,
                                          on database: any Database) async throws -> [OrganizationOutline] {
        let branchKinds = OrganizationKind.allCases.filter(\.isBranch).map(\.rawValue)
        return try await OrganizationOutline.select(on: database)
            .where("path", .greaterThanOrEqual, SQLBind(path.value)).where("path", .lessThan, SQLBind(path.upperBound))
            .where("kind", .in, SQLBind.group(branchKinds))
            .where { group in
                group.where("subtree_full", .lessThan, SQLBind(rules.value(.branchMinimumFullMembers)))
                    .orWhere(SQLRaw("subtree_full + subtree_probationary"), .greaterThan, SQLBind(rules.value(.branchMaximumMembers)))
                    .orWhere("subtree_full", .greaterThanOrEqual, SQLBind(rules.value(.branchCommitteeThreshold)))
            }
            .orderBy("path").limit(limit).all(decoding: OrganizationOutline.self)
    }
}

extension SubtreeTotals {
    mutating func add(_ other: SubtreeTotals) {
        organizations += other.organizations
        branches += other.branches
        fullMembers += other.fullMembers
        probationaryMembers += other.probationaryMembers
    }
}

/// What the structure checks, the warnings and the chart need of an organization, read with SQLKit rather than as a
/// Fluent model: decoding a county's 500 organizations as models took half of `GET /api/v1/organizations/1` (`perf`:
/// Fluent's reflection of each model's properties), which served 78 req/s at 10,000 members.
struct OrganizationOutline: Decodable, Sendable {
    let id: Int
    let parentID: Int?
    let orgPath: OrgPath
    let name: String
    let kind: OrganizationKind
    let sector: UnitSector
    let coveredUnits: Int?
    let subtreeFull: Int
    let subtreeProbationary: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, parentID = "parent_id", path, name, kind, sector, coveredUnits = "covered_units", subtreeFull = "subtree_full"
        case subtreeProbationary = "subtree_probationary"
    }

    static func select(on database: any Database) -> SQLSelectBuilder {
        database.sql.select().columns(CodingKeys.allCases.map { SQLColumn($0.rawValue) }).from(OrganizationModel.schema)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        parentID = try container.decodeIfPresent(Int.self, forKey: .parentID)
        orgPath = OrgPath(stored: try container.decode(String.self, forKey: .path))
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(OrganizationKind.self, forKey: .kind)
        sector = try container.decode(UnitSector.self, forKey: .sector)
        coveredUnits = try container.decodeIfPresent(Int.self, forKey: .coveredUnits)
        subtreeFull = try container.decode(Int.self, forKey: .subtreeFull)
        subtreeProbationary = try container.decode(Int.self, forKey: .subtreeProbationary)
    }

    init(_ model: OrganizationModel) {
        id = model.id ?? 0
        parentID = model.parentID
        orgPath = model.orgPath
        name = model.name
        kind = model.kind
        sector = model.sector
        coveredUnits = model.coveredUnits
        subtreeFull = model.subtreeFull
        subtreeProbationary = model.subtreeProbationary
    }
}
