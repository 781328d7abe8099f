import DangjianCore
import Fluent
import SQLKit
import Vapor

/// 班子 — an organization's committee: the current term and the people holding offices.
struct CommitteeView: Content {
    struct Office: Content {
        let id: Int
        let memberID: Int
        let memberName: String
        let office: CommitteeOffice
        let officeLabel: String
        let since: CalendarDate
    }

    let termElectedOn: CalendarDate?
    let termYears: Int?
    let termEndsOn: CalendarDate?
    let offices: [Office]
}

enum CommitteeStore {
    static func latestTerm(of organizationID: Int, on database: any Database) async throws -> CommitteeTermModel? {
        try await CommitteeTermModel.query(on: database).filter(\.$organizationID == organizationID)
            .sort(\.$electedOn, .descending).first()
    }

    static func view(of organizationID: Int, on database: any Database) async throws -> CommitteeView {
        let term = try await latestTerm(of: organizationID, on: database)
        let offices = try await CommitteeOfficeModel.query(on: database).filter(\.$organizationID == organizationID)
            .filter(\.$until == nil).all()
        let names = try await memberNames(offices.map(\.memberID), on: database)
        let rows = offices.map { office in
            CommitteeView.Office(id: office.id!, memberID: office.memberID, memberName: names[office.memberID] ?? "",
                                 office: office.office, officeLabel: office.office.chinese, since: office.since)
        }.sorted { ($0.office.rank, $0.since) < ($1.office.rank, $1.since) }
        return CommitteeView(termElectedOn: term?.electedOn, termYears: term?.years,
                             termEndsOn: term.map { CommitteeTerm(electedOn: $0.electedOn, years: $0.years).endsOn }, offices: rows)
    }

    static func memberNames(_ ids: [Int], on database: any Database) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { let id: Int; let name: String }
        let rows = try await database.sql.select().columns("id", "name").from(MemberModel.schema)
            .where("id", .in, SQLBind.group(ids)).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The structural findings (RULES.md §3, §4) for every organization in `organizations`, with three queries in all.
    static func findings(for organizations: [OrganizationOutline], rules: RuleBook, today: CalendarDate,
                         on database: any Database) async throws -> [Int: [Finding]] {
        let ids = organizations.map(\.id)
        guard !ids.isEmpty else { return [:] }
        struct OfficeRow: Decodable { let organization_id: Int; let office: CommitteeOffice }
        struct TermRow: Decodable { let organization_id: Int; let elected_on: CalendarDate; let years: Int }
        var offices: [OfficeRow] = []
        var terms: [TermRow] = []
        for chunk in ids.chunked(into: 5000) {
            offices += try await database.sql.select().columns("organization_id", "office").from(CommitteeOfficeModel.schema)
                .where("organization_id", .in, SQLBind.group(Array(chunk))).where("until", .is, SQLLiteral.null)
                .all(decoding: OfficeRow.self)
            terms += try await database.sql.select().columns("organization_id", "elected_on", "years").from(CommitteeTermModel.schema)
                .where("organization_id", .in, SQLBind.group(Array(chunk))).all(decoding: TermRow.self)
        }
        let officesByOrganization = Dictionary(grouping: offices, by: \.organization_id)
        var latestTerms: [Int: TermRow] = [:]
        for term in terms where latestTerms[term.organization_id].map({ term.elected_on > $0.elected_on }) ?? true {
            latestTerms[term.organization_id] = term
        }
        let check = StructureCheck(rules: rules)
        var result: [Int: [Finding]] = [:]
        for organization in organizations {
            let id = organization.id
            let held = officesByOrganization[id] ?? []
            let facts = OrganizationFacts(
                kind: organization.kind, sector: organization.sector, fullMembers: organization.subtreeFull,
                members: organization.subtreeFull + organization.subtreeProbationary, committeeSize: held.count,
                hasSecretary: held.contains { $0.office == .secretary }, coveredUnits: organization.coveredUnits,
                term: latestTerms[id].map { CommitteeTerm(electedOn: $0.elected_on, years: $0.years) })
            let found = check.findings(for: facts, today: today)
            if !found.isEmpty { result[id] = found }
        }
        return result
    }
}
