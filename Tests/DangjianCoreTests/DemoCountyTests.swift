import Testing
@testable import DangjianCore

@Suite("演示县")
struct DemoCountyTests {
    static let county = DemoCounty.generate()

    @Test("the same seed gives the same county")
    func deterministic() {
        let again = DemoCounty.generate()
        #expect(again.members.count == Self.county.members.count)
        #expect(again.members.map(\.idNumber) == Self.county.members.map(\.idNumber))
        #expect(again.organizations.map(\.name) == Self.county.organizations.map(\.name))
    }

    @Test("it has the size the issue asks for")
    func size() {
        let county = Self.county
        let committees = county.organizations.filter { $0.kind.isCommittee && $0.parentKey == 0 }
        #expect(committees.filter { $0.name.hasSuffix("镇党委") || $0.name.hasSuffix("乡党委") || $0.name.hasSuffix("街道党工委") }.count >= 10)
        #expect(county.organizations.contains { $0.name == "县直机关工委" })
        #expect(county.organizations.filter(\.kind.isBranch).count >= 150)
        #expect((4_500...5_600).contains(county.members.count), "\(county.members.count) members")
        for sector in UnitSector.allCases where sector != .other && sector != .publicInstitution {
            #expect(county.organizations.contains { $0.kind.isBranch && $0.sector == sector }, "\(sector)")
        }
        #expect(county.organizations.contains { $0.kind == .jointBranch })
        #expect(county.organizations.contains { $0.kind == .temporaryBranch })
        #expect(county.residentUnits.count == 11)
        #expect(county.pairings.count >= 3)
    }

    @Test("the community is built four levels deep")
    func fourLevels() {
        let county = Self.county
        let general = county.organizations.first { $0.name == "幸福社区党总支" }!
        let branch = county.organizations.first { $0.parentKey == general.key && $0.kind == .branch }!
        let group = county.organizations.first { $0.parentKey == branch.key && $0.kind == .group }!
        #expect(county.organizations.contains { $0.parentKey == group.key && $0.kind == .memberHousehold })
    }

    @Test("every ID number is valid, unique and agrees with birth date and gender; everyone joined at 18 or later")
    func validPeople() throws {
        let county = Self.county
        #expect(Set(county.members.map(\.idNumber)).count == county.members.count)
        for member in county.members {
            let number = try ResidentIDNumber(member.idNumber, today: DemoCounty.asOf)
            #expect(number.birthDate == member.birthDate)
            #expect(number.gender == member.gender)
            #expect(member.birthDate.wholeYears(until: member.joinedOn) >= 18)
            if let phone = member.phone { _ = try PhoneNumber(phone) }
            if let full = member.fullOn { #expect(full >= member.joinedOn.adding(years: 1)) }
            #expect(member.membership == .full || member.fullOn == nil)
        }
    }

    @Test("distributions are believable: mostly men, some women, minorities, probationary, mobile and incomplete records")
    func distributions() {
        let members = Self.county.members
        let women = Double(members.filter { $0.gender == .female }.count) / Double(members.count)
        #expect((0.2...0.45).contains(women))
        #expect(members.contains { $0.ethnicity != nil && $0.ethnicity != "汉族" })
        #expect(members.filter { $0.membership == .probationary }.count > 50)
        #expect(members.filter { $0.status == .mobile }.count > 50)
        #expect(members.filter { $0.phone == nil || $0.education == nil || $0.ethnicity == nil }.count > 100)
    }

    @Test("the demo accounts exist with the relations the journeys rely on")
    func accounts() {
        let county = Self.county
        let names = county.accounts.map(\.username)
        #expect(names == ["county-admin", "town-secretary", "branch-secretary", "member", "member2", "branch-committee", "sysadmin", "secadmin", "auditor"])
        let branchSecretary = county.accounts[2]
        let member = county.accounts[3]
        let town = county.accounts[1]
        #expect(county.organizations[branchSecretary.scopeKey!].parentKey == town.scopeKey)
        #expect(county.organizations[branchSecretary.scopeKey!].sector == .village)
        #expect(county.members[member.memberIndex!].organizationKey == branchSecretary.scopeKey)
        let neighbour = county.accounts[4]
        #expect(county.members[neighbour.memberIndex!].organizationKey == branchSecretary.scopeKey && neighbour.memberIndex != member.memberIndex)
        #expect(county.offices.contains { $0.organizationKey == branchSecretary.scopeKey && $0.memberIndex == branchSecretary.memberIndex && $0.office == .secretary })
    }

    @Test("some structural warnings have something to show")
    func warningsToShow() {
        let county = Self.county
        let check = StructureCheck(rules: .national)
        var codes: Set<Finding.Code> = []
        for organization in county.organizations where organization.kind.isBranch {
            let people = county.members.filter { $0.organizationKey == organization.key && $0.status.isInRegister }
            let offices = county.offices.filter { $0.organizationKey == organization.key }
            let term = county.terms.first { $0.organizationKey == organization.key }
            let facts = OrganizationFacts(kind: organization.kind, sector: organization.sector,
                                          fullMembers: people.filter { $0.membership == .full }.count, members: people.count,
                                          committeeSize: offices.count, hasSecretary: offices.contains { $0.office == .secretary },
                                          coveredUnits: organization.coveredUnits,
                                          term: term.map { CommitteeTerm(electedOn: $0.electedOn, years: $0.years) })
            codes.formUnion(check.findings(for: facts, today: DemoCounty.asOf.adding(days: 56)).map(\.code))
        }
        #expect(codes.isSuperset(of: [.tooFewFullMembers, .tooManyMembers, .committeeMissing, .termOverdue, .termDue, .jointBranchTooManyUnits]))
    }

    @Test("the small county used by app tests keeps the shape the scope tests need")
    func small() {
        let county = DemoCounty.generate(scale: .small)
        #expect(county.members.count < 200)
        #expect(county.accounts.count == 9)
        #expect(county.organizationKey(named: "柳河镇西岗村党支部") != nil)
        #expect(county.organizationKey(named: "石桥镇党委") != nil)
    }
}
