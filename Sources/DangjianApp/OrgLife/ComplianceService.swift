import DangjianCore
import Fluent
import SQLKit
import Vapor

/// The compliance grid of a subtree: its branches by month, red/amber/green, with the rule behind each cell.
struct ComplianceGrid: Content {
    struct Check: Content {
        let kind: ActivityKind
        let kindLabel: String
        let period: String
        let required: Int
        let held: Int
        let state: ComplianceState
        let explanation: String
        let rule: String
    }

    struct Cell: Content {
        let month: Int
        /// `met`, `open`, `missed`, `not-required`, or nil for a month not yet begun.
        let state: ComplianceState?
        let label: String
        let checks: [Check]
    }

    struct Row: Content {
        let organizationID: Int
        let name: String
        let cells: [Cell]
        let missed: Int
    }

    let year: Int
    let organizationID: Int
    let organizationName: String
    let rows: [Row]
    /// Branches in the subtree beyond this page; `after` continues.
    let next: String?
    let totals: [String: Int]
}

enum ComplianceService {
    static let pageSize = 100

    /// The branches at or under `scope` in path order, after `cursor`.
    static func branches(under scope: OrgPath, after cursor: String?, limit: Int, on database: any Database) async throws -> [OrganizationModel] {
        var query = OrganizationModel.query(on: database).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
            .filter(\.$kind ~~ [OrganizationKind.branch, .jointBranch])
        if let cursor { query = query.filter(\.$path > cursor) }
        return try await query.sort(\.$path).limit(limit).all()
    }

    /// What the rules look at for each branch: founding date, a committee of three or more, its 党小组.
    static func facts(_ branches: [OrganizationModel], on database: any Database) async throws -> [BranchFacts] {
        let ids = branches.map { $0.id! }
        guard !ids.isEmpty else { return [] }
        var committeeSizes: [Int: Int] = [:]
        var groups: [Int: Int] = [:]
        for chunk in ids.chunked(into: 1000) {
            for office in try await CommitteeOfficeModel.query(on: database).filter(\.$organizationID ~~ Array(chunk)).filter(\.$until == nil).all() {
                committeeSizes[office.organizationID, default: 0] += 1
            }
            for group in try await OrganizationModel.query(on: database).filter(\.$parentID ~~ Array(chunk)).filter(\.$kind == .group).all() {
                if let parent = group.parentID { groups[parent, default: 0] += 1 }
            }
        }
        return branches.map {
            BranchFacts(organizationID: $0.id!, name: $0.name, createdOn: $0.establishedOn, hasCommittee: (committeeSizes[$0.id!] ?? 0) >= 3,
                        groups: groups[$0.id!] ?? 0)
        }
    }

    /// Held activities between `from` and `to` for the branches (their own, and their 党小组's group meetings).
    static func held(for branches: [OrganizationModel], from: CalendarDate, to: CalendarDate, on database: any Database) async throws -> [Int: [HeldActivity]] {
        guard let first = branches.first, let last = branches.last else { return [:] }
        let rows = try await ActivityModel.query(on: database)
            .filter(\.$path >= first.path).filter(\.$path < last.orgPath.upperBound)
            .filter(\.$state == .held).filter(\.$onDate >= from).filter(\.$onDate <= to).all()
        let byPath = branches.sorted { $0.path.count > $1.path.count }
        var result: [Int: [HeldActivity]] = [:]
        let ids = Set(branches.map { $0.id! })
        for row in rows {
            if ids.contains(row.organizationID) {
                result[row.organizationID, default: []].append(HeldActivity(kind: row.kind, date: row.onDate))
            } else if row.kind == .groupMeeting, let branch = byPath.first(where: { row.path.hasPrefix($0.path) }) {
                result[branch.id!, default: []].append(HeldActivity(kind: row.kind, date: row.onDate))
            }
        }
        return result
    }

    static func grid(_ request: Request, organizationID: Int?, year: Int?, after cursor: String?) async throws -> ComplianceGrid {
        let today = request.today
        let year = try request.year(year)
        let organization: OrganizationModel
        if let organizationID {
            organization = try await OrganizationStore.find(organizationID, for: .activityRead, on: request)
        } else {
            guard let scope = try request.policy.scopes(for: .activityRead).first,
                  let top = try await OrganizationModel.query(on: request.db).filter(\.$path == scope.value).first() else {
                throw Abort(.notFound, reason: "没有您负责的党组织")
            }
            organization = top
        }
        let found = try await branches(under: organization.orgPath, after: cursor, limit: pageSize + 1, on: request.db)
        let page = Array(found.prefix(pageSize))
        let facts = try await facts(page, on: request.db)
        let held = try await held(for: page, from: .firstDay(ofYear: year), to: .lastDay(ofYear: year), on: request.db)
        let rules = ComplianceRules(rules: request.services.rules)
        var totals: [String: Int] = [:]
        let rows = facts.map { branch in
            let cells = rules.grid(for: branch, held: held[branch.organizationID] ?? [], year: year, today: today).map { cell in
                if let state = cell.state { totals[state.rawValue, default: 0] += 1 }
                return ComplianceGrid.Cell(month: cell.month, state: cell.state, label: cell.state?.chinese ?? "",
                                           checks: cell.checks.map {
                    .init(kind: $0.kind, kindLabel: $0.kind.chinese, period: $0.period.chinese, required: $0.required, held: $0.held,
                          state: $0.state, explanation: $0.explanation, rule: $0.rule.citation)
                })
            }
            return ComplianceGrid.Row(organizationID: branch.organizationID, name: branch.name, cells: cells,
                                      missed: cells.count { $0.state == .missed })
        }
        return ComplianceGrid(year: year, organizationID: organization.id!, organizationName: organization.name, rows: rows,
                              next: found.count > pageSize ? page.last?.path : nil, totals: totals)
    }

    /// 组织生活 to-dos for the secretaries: branches in scopes of at most 50 branches (a county's leaders read the grid).
    static func todos(on request: Request) async throws -> [ToDo] {
        let policy = try request.policy
        guard policy.holds(.activityWrite) else { return [] }
        let today = request.today
        let rules = ComplianceRules(rules: request.services.rules)
        var all: [ToDo] = []
        for scope in policy.scopes(for: .activityWrite) {
            let found = try await branches(under: scope, after: nil, limit: 51, on: request.db)
            guard !found.isEmpty, found.count <= 50 else { continue }
            let facts = try await facts(found, on: request.db)
            let held = try await held(for: found, from: .firstDay(ofYear: today.year), to: today, on: request.db)
            for branch in facts { all += rules.todos(for: branch, held: held[branch.organizationID] ?? [], today: today) }
        }
        return all
    }
}
