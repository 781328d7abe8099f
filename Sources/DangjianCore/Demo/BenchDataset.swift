/// A province-sized dataset for benchmarks, generated from indices so that a million members never sit in memory:
/// one province committee, cities, counties, townships and branches under them, and members spread over the branches.
/// Every name is fictional; every ID number is valid and unique.
public struct BenchDataset: Sendable {
    public struct Organization: Sendable {
        public let id: Int
        public let parentID: Int?
        public let name: String
        public let kind: OrganizationKind
        public let sector: UnitSector
        public let depth: Int
    }

    public struct Member: Sendable {
        public let organizationID: Int
        public let name: String
        public let gender: Gender
        public let birthDate: CalendarDate
        public let idNumber: String
        public let education: Education
        public let category: MemberCategory
        public let membership: Membership
        public let joinedOn: CalendarDate
        public let fullOn: CalendarDate?
        public let phone: String?
    }

    public let organizations: [Organization]
    /// The organizations members are filed in.
    public let branchIDs: [Int]

    public init(organizations count: Int) {
        var organizations: [Organization] = [Organization(id: 1, parentID: nil, name: "中共青禾省委员会", kind: .committee, sector: .government, depth: 1)]
        let cities = max(1, min(12, count / 4000))
        let countiesPerCity = max(1, min(10, count / max(cities * 300, 1)))
        let townsPerCounty = max(1, min(12, count / max(cities * countiesPerCity * 25, 1)))
        var parents: [Int] = []
        for city in 1...cities {
            let cityID = organizations.count + 1
            organizations.append(Organization(id: cityID, parentID: 1, name: "青禾省第\(city)市委", kind: .committee, sector: .government, depth: 2))
            for county in 1...countiesPerCity {
                let countyID = organizations.count + 1
                organizations.append(Organization(id: countyID, parentID: cityID, name: "第\(city)市第\(county)县委", kind: .committee, sector: .government, depth: 3))
                for town in 1...townsPerCounty {
                    let townID = organizations.count + 1
                    organizations.append(Organization(id: townID, parentID: countyID, name: "第\(city)市第\(county)县第\(town)镇党委",
                                                      kind: .committee, sector: .government, depth: 4))
                    parents.append(townID)
                }
            }
        }
        var branchIDs: [Int] = []
        var index = 0
        let scenic = DemoNames.villageScenic
        // At least one branch, so that members have somewhere to be filed.
        let total = max(count, organizations.count + 1)
        while organizations.count < total {
            let parent = parents[index % parents.count]
            let id = organizations.count + 1
            let village = index % 3 != 0
            let name = village ? "\(organizations[parent - 1].name.dropLast(2))\(scenic[index % scenic.count])\(index / scenic.count + 1)村党支部"
                               : "\(organizations[parent - 1].name.dropLast(2))第\(index + 1)机关企业党支部"
            organizations.append(Organization(id: id, parentID: parent, name: name, kind: .branch,
                                              sector: village ? .village : .privateEnterprise, depth: 5))
            branchIDs.append(id)
            index += 1
        }
        self.organizations = organizations
        self.branchIDs = branchIDs
    }

    static let asOf = CalendarDate(year: 2026, month: 9, day: 30)!
    static let firstBirth = CalendarDate(year: 1940, month: 1, day: 1)!
    static let birthDays = 22_000

    /// The `index`-th member; `series` separates independent sets of people (the register and an import file).
    public func member(_ index: Int, series: Int = 0) -> Member {
        var random = SeededGenerator(seed: UInt64(index &* 2_654_435_761 &+ series &* 97 &+ 17))
        let birth = Self.firstBirth.adding(days: index % Self.birthDays)
        let sequence = (index / Self.birthDays + series * 300) % 1000
        let idNumber = ResidentIDNumber.make(region: "419901", birthDate: birth, sequence: sequence)
        let gender: Gender = (sequence % 2 == 1) ? .male : .female
        let surname = DemoNames.surnames[random.int(0...DemoNames.surnames.count - 1)]
        let characters = gender == .male ? DemoNames.maleCharacters : DemoNames.femaleCharacters
        let given = random.chance(0.5) ? characters[random.int(0...characters.count - 1)]
            : characters[random.int(0...characters.count - 1)] + characters[random.int(0...characters.count - 1)]
        let joined = min(birth.adding(years: random.int(20...40)).adding(days: random.int(0...300)), Self.asOf.adding(days: -30))
        let probationary = joined.adding(years: 1) > Self.asOf
        let education = Education.allCases[random.int(0...Education.allCases.count - 1)]
        let category = MemberCategory.allCases[random.int(0...MemberCategory.allCases.count - 1)]
        var phone: String?
        if random.chance(0.8) {
            let number = 100_000_000 + (index * 7 + series * 13) % 100_000_000
            phone = "139" + String(String(number).dropFirst())
        }
        return Member(organizationID: branchIDs[index % branchIDs.count], name: surname + given, gender: gender, birthDate: birth,
                      idNumber: idNumber, education: education, category: category,
                      membership: probationary ? .probationary : .full, joinedOn: joined,
                      fullOn: probationary ? nil : joined.adding(years: 1), phone: phone)
    }
}
