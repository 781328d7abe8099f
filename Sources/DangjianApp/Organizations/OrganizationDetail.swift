import DangjianCore
import Fluent
import Vapor

/// Everything about one organization that its page and `GET /api/v1/organizations/:id` show.
struct OrganizationDetail: Content {
    struct Child: Content {
        let organization: OrganizationSummary
        let totals: SubtreeTotals
        let warnings: Int
    }

    struct Unit: Content {
        let id: Int
        let name: String
        let unitType: String
        let representative: String?
        let joinedOn: CalendarDate
    }

    struct Pairing: Content {
        let id: Int
        let partnerID: Int
        let partnerName: String
        let role: String
        let startedOn: CalendarDate
        let focus: String
    }

    let organization: OrganizationSummary
    /// Ancestors inside the caller's scope, top first.
    let breadcrumb: [OrganizationSummary]
    let totals: SubtreeTotals
    let children: [Child]
    let committee: CommitteeView
    let findings: [Finding]
    let residentUnits: [Unit]
    let pairings: [Pairing]

    static func load(_ organization: OrganizationModel, on request: Request) async throws -> OrganizationDetail {
        let database = request.db
        let policy = try request.policy
        let ancestors = try await OrganizationStore.ancestors(of: organization, on: database)
            .filter { policy.allows(.organizationRead, at: $0.orgPath) }
        let totals = try await OrganizationStore.totals(under: organization.orgPath, on: database)
        let children = try await OrganizationStore.children(of: organization.id!, on: database)
            .sorted { ($0.kind.sortRank, $0.name) < ($1.kind.sortRank, $1.name) }
        let childTotals = try await OrganizationStore.childTotals(of: organization, on: database)
        // The warnings under each child are counted over the whole subtree while it is of a size one county has;
        // above that (a city, a province) only the organization and its children are examined.
        let examined = totals.organizations <= OrganizationStore.examinedSubtreeLimit
            ? try await OrganizationStore.outlines(under: organization.orgPath, on: database)
            : ([organization] + children).map(OrganizationOutline.init)
        let findings = try await CommitteeStore.findings(for: examined, rules: request.services.rules, today: request.today, on: database)
        func warnings(under root: OrganizationModel) -> Int {
            let rootPath = root.orgPath
            return examined.filter { rootPath.contains($0.orgPath) }.reduce(0) { total, organization in
                total + (findings[organization.id]?.filter { $0.severity == .warning }.count ?? 0)
            }
        }
        let units = try await ResidentUnitModel.query(on: database).filter(\.$organizationID == organization.id!)
            .filter(\.$leftOn == nil).sort(\.$joinedOn).all()
        let pairings = try await PairingModel.query(on: database).group(.or) { group in
            group.filter(\.$cityID == organization.id!).filter(\.$villageID == organization.id!)
        }.filter(\.$endedOn == nil).all()
        let partnerIDs = pairings.map { $0.cityID == organization.id ? $0.villageID : $0.cityID }
        let partners = partnerIDs.isEmpty ? [] : try await OrganizationModel.query(on: database).filter(\.$id ~~ partnerIDs).all()
        let partnerNames = Dictionary(partners.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        return OrganizationDetail(
            organization: OrganizationSummary(organization),
            breadcrumb: ancestors.map(OrganizationSummary.init),
            totals: totals,
            children: children.map { Child(organization: OrganizationSummary($0), totals: childTotals[$0.id!] ?? SubtreeTotals(),
                                           warnings: warnings(under: $0)) },
            committee: try await CommitteeStore.view(of: organization.id!, on: database),
            findings: findings[organization.id!] ?? [],
            residentUnits: units.map { Unit(id: $0.id!, name: $0.name, unitType: $0.unitType, representative: $0.representative, joinedOn: $0.joinedOn) },
            pairings: pairings.map { pairing in
                let isCity = pairing.cityID == organization.id
                let partner = isCity ? pairing.villageID : pairing.cityID
                return Pairing(id: pairing.id!, partnerID: partner, partnerName: partnerNames[partner] ?? "",
                               role: isCity ? "结对村" : "结对城市支部", startedOn: pairing.startedOn, focus: pairing.focus)
            })
    }
}

extension OrganizationKind {
    /// Committees first, then general branches, branches, groups and households.
    var sortRank: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }
}

/// An SVG chart of a subtree, drawn by our own renderer; links open each organization's page.
enum OrganizationChart {
    static let maximumBoxes = 600

    static func svg(for organization: OrganizationModel, on database: any Database) async throws -> SVGDocument {
        let subtree = try await OrganizationStore.outlines(under: organization.orgPath, on: database)
        let shown = Array(subtree.prefix(maximumBoxes))
        let childrenOf = Dictionary(grouping: shown.filter { $0.parentID != nil }, by: { $0.parentID ?? 0 })
        var nodes: [Int: OrgChartNode] = [:]
        for outline in shown.reversed() {
            // The subtree's members: a branch with its 党小组, a 党委 with everything under it.
            let members = outline.subtreeFull + outline.subtreeProbationary
            var node = OrgChartNode(id: outline.id, name: outline.name,
                                    caption: "\(outline.kind.chinese) · \(members) 名党员", link: "/organizations/\(outline.id)",
                                    highlighted: outline.id == organization.id)
            node.children = (childrenOf[outline.id] ?? []).compactMap { nodes[$0.id] }
            nodes[outline.id] = node
        }
        var title = "\(organization.name)组织架构图"
        if subtree.count > shown.count { title += "（仅显示前 \(shown.count) 个，共 \(subtree.count) 个）" }
        let top = nodes[organization.id!] ?? OrgChartNode(id: organization.id!, name: organization.name, caption: organization.kind.chinese,
                                                           link: "/organizations/\(organization.id!)", highlighted: true)
        return OrgChartRenderer().document(top, title: title)
    }
}
