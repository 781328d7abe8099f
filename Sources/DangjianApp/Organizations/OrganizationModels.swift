import DangjianCore
import Fluent
import Foundation

/// 党组织 — one node of the organization tree. `parentID` is the truth; `path` is derived from it and copied onto
/// every row that belongs to the organization.
final class OrganizationModel: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "parent_id") var parentID: Int?
    @Field(key: "path") var path: String
    /// The id of the county-level ancestor: the partition key for national scale (DESIGN: Data).
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: OrganizationKind
    @Field(key: "sector") var sector: UnitSector
    @OptionalField(key: "established_on") var establishedOn: CalendarDate?
    /// Units a 联合党支部 covers.
    @OptionalField(key: "covered_units") var coveredUnits: Int?
    /// 正式党员 in the register filed directly here, kept in the same transaction as every member write.
    @Field(key: "full_count") var fullCount: Int
    @Field(key: "probationary_count") var probationaryCount: Int
    /// The same over the whole subtree (a branch's 党小组 included), kept by `SubtreeCounters`: what the rules about a
    /// branch's size and the charts count.
    @Field(key: "subtree_full") var subtreeFull: Int
    @Field(key: "subtree_probationary") var subtreeProbationary: Int
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update, format: .iso8601) var updatedAt: Date?

    init() {}

    init(parentID: Int?, path: String, countyID: Int?, name: String, kind: OrganizationKind, sector: UnitSector,
         establishedOn: CalendarDate?, coveredUnits: Int?) {
        self.parentID = parentID
        self.path = path
        self.countyID = countyID
        self.name = name
        self.kind = kind
        self.sector = sector
        self.establishedOn = establishedOn
        self.coveredUnits = coveredUnits
        self.fullCount = 0
        self.probationaryCount = 0
        self.subtreeFull = 0
        self.subtreeProbationary = 0
    }

    var orgPath: OrgPath { OrgPath(stored: path) }
}

/// 届 — a committee's term, from the election.
final class CommitteeTermModel: Model, @unchecked Sendable {
    static let schema = "committee_terms"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "elected_on") var electedOn: CalendarDate
    @Field(key: "years") var years: Int
    @OptionalField(key: "note") var note: String?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}

    init(organizationID: Int, electedOn: CalendarDate, years: Int, note: String?) {
        self.organizationID = organizationID
        self.electedOn = electedOn
        self.years = years
        self.note = note
    }
}

/// 班子成员 — an office on a committee, held by a member of the register.
final class CommitteeOfficeModel: Model, @unchecked Sendable {
    static let schema = "committee_offices"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "member_id") var memberID: Int
    @Field(key: "office") var office: CommitteeOffice
    @Field(key: "since") var since: CalendarDate
    /// Set when the person leaves the office; current offices have none.
    @OptionalField(key: "until") var until: CalendarDate?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}

    init(organizationID: Int, memberID: Int, office: CommitteeOffice, since: CalendarDate) {
        self.organizationID = organizationID
        self.memberID = memberID
        self.office = office
        self.since = since
    }
}

/// 驻区单位 — a unit that co-builds a community's 大党委.
final class ResidentUnitModel: Model, @unchecked Sendable {
    static let schema = "resident_units"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "name") var name: String
    @Field(key: "unit_type") var unitType: String
    @OptionalField(key: "representative") var representative: String?
    @Field(key: "joined_on") var joinedOn: CalendarDate
    @OptionalField(key: "left_on") var leftOn: CalendarDate?

    init() {}

    init(organizationID: Int, name: String, unitType: String, representative: String?, joinedOn: CalendarDate) {
        self.organizationID = organizationID
        self.name = name
        self.unitType = unitType
        self.representative = representative
        self.joinedOn = joinedOn
    }
}

/// 城乡结对 — a city branch paired with a village branch.
final class PairingModel: Model, @unchecked Sendable {
    static let schema = "branch_pairings"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "village_id") var villageID: Int
    @Field(key: "started_on") var startedOn: CalendarDate
    @OptionalField(key: "ended_on") var endedOn: CalendarDate?
    @Field(key: "focus") var focus: String

    init() {}

    init(cityID: Int, villageID: Int, startedOn: CalendarDate, focus: String) {
        self.cityID = cityID
        self.villageID = villageID
        self.startedOn = startedOn
        self.focus = focus
    }
}
