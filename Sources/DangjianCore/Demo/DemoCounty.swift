import Foundation

/// 演示县 — a fictional county (青禾县) generated from a fixed seed, the same on every run: the organization tree,
/// about five thousand members, committees and terms, a community 大党委, city–village pairings and the demo accounts.
/// Plain data only; the app loads it into the database.
public struct DemoCounty: Sendable {
    public struct Organization: Sendable {
        public let key: Int
        public let parentKey: Int?
        public let name: String
        public let kind: OrganizationKind
        public let sector: UnitSector
        public let establishedOn: CalendarDate
        public let coveredUnits: Int?
    }

    public struct Member: Sendable {
        public let organizationKey: Int
        public var name: String
        public var gender: Gender
        public var ethnicity: String?
        public var birthDate: CalendarDate
        public var idNumber: String
        public var education: Education?
        public var category: MemberCategory?
        public var membership: Membership
        public var joinedOn: CalendarDate
        public var fullOn: CalendarDate?
        public var job: String?
        public var phone: String?
        public var address: String?
        public var status: MemberStatus
        public var statusSince: CalendarDate?
        public var leaveReason: LeaveReason?
        public var statusNote: String?
    }

    public struct Term: Sendable {
        public let organizationKey: Int
        public let electedOn: CalendarDate
        public let years: Int
    }

    public struct Office: Sendable {
        public let organizationKey: Int
        public let memberIndex: Int
        public let office: CommitteeOffice
        public let since: CalendarDate
    }

    /// 驻区单位 — a unit co-building the community's 大党委.
    public struct ResidentUnit: Sendable {
        public let organizationKey: Int
        public let name: String
        public let unitType: String
        public let representative: String
        public let joinedOn: CalendarDate
    }

    /// 城乡结对 — a city branch paired with a village branch.
    public struct Pairing: Sendable {
        public let cityKey: Int
        public let villageKey: Int
        public let startedOn: CalendarDate
        public let focus: String
    }

    public struct Account: Sendable {
        public let username: String
        public let role: Role
        public let scopeKey: Int?
        public let memberIndex: Int?
    }

    public enum Scale: Sendable {
        /// About 160 branches and 5,000 members.
        case full
        /// A few branches and members, enough for every rule and scope case; used by the app tests.
        case small
    }

    public static let countyName = "青禾县"
    /// The day the demo data describes; member dates lie before it.
    public static let asOf = CalendarDate(year: 2026, month: 9, day: 30)!

    public internal(set) var organizations: [Organization] = []
    public internal(set) var members: [Member] = []
    public internal(set) var terms: [Term] = []
    public internal(set) var offices: [Office] = []
    public internal(set) var residentUnits: [ResidentUnit] = []
    public internal(set) var pairings: [Pairing] = []
    public internal(set) var accounts: [Account] = []
    public internal(set) var developmentCases: [DevelopmentSeed] = []

    public static func generate(seed: UInt64 = 20_260_930, scale: Scale = .full) -> DemoCounty {
        var builder = DemoCountyBuilder(seed: seed, scale: scale)
        builder.build()
        return builder.county
    }

    /// The organization key with this exact name (the demo names are unique).
    public func organizationKey(named name: String) -> Int? { organizations.first { $0.name == name }?.key }
}

/// How members of one kind of unit typically look: share of men, ages, education, occupation.
struct SectorProfile {
    let maleShare: Double
    let ages: [(ClosedRange<Int>, Double)]
    let education: [(Education, Double)]
    let category: [(MemberCategory, Double)]
    let joinAges: ClosedRange<Int>

    static func of(_ sector: UnitSector) -> SectorProfile {
        switch sector {
        case .village:
            SectorProfile(maleShare: 0.78, ages: [(24...30, 6), (31...40, 12), (41...50, 18), (51...60, 24), (61...70, 22), (71...88, 18)],
                          education: [(.primary, 14), (.juniorHigh, 38), (.highSchool, 24), (.technicalSecondary, 10), (.juniorCollege, 10), (.bachelor, 4)],
                          category: [(.farmer, 86), (.otherOccupation, 6), (.worker, 4), (.student, 1), (.unemployed, 3)], joinAges: 21...42)
        case .community:
            SectorProfile(maleShare: 0.52, ages: [(22...30, 8), (31...40, 12), (41...50, 14), (51...60, 20), (61...70, 26), (71...90, 20)],
                          education: [(.juniorHigh, 18), (.highSchool, 24), (.technicalSecondary, 14), (.juniorCollege, 20), (.bachelor, 20), (.master, 4)],
                          category: [(.retired, 52), (.otherOccupation, 20), (.worker, 10), (.enterpriseManager, 6), (.unemployed, 8), (.student, 4)], joinAges: 20...40)
        case .government:
            SectorProfile(maleShare: 0.64, ages: [(23...30, 18), (31...40, 30), (41...50, 28), (51...59, 24)],
                          education: [(.bachelor, 62), (.master, 18), (.juniorCollege, 18), (.doctorate, 2)],
                          category: [(.civilServant, 92), (.institutionManager, 8)], joinAges: 19...32)
        case .school, .publicInstitution:
            SectorProfile(maleShare: 0.42, ages: [(23...30, 22), (31...40, 33), (41...50, 27), (51...59, 18)],
                          education: [(.bachelor, 64), (.master, 20), (.juniorCollege, 14), (.doctorate, 2)],
                          category: [(.professional, 84), (.institutionManager, 16)], joinAges: 19...34)
        case .hospital:
            SectorProfile(maleShare: 0.40, ages: [(23...30, 24), (31...40, 34), (41...50, 26), (51...59, 16)],
                          education: [(.bachelor, 58), (.master, 16), (.juniorCollege, 22), (.doctorate, 4)],
                          category: [(.professional, 88), (.institutionManager, 12)], joinAges: 19...35)
        case .stateEnterprise, .privateEnterprise, .other:
            SectorProfile(maleShare: 0.70, ages: [(22...30, 24), (31...40, 35), (41...50, 25), (51...60, 16)],
                          education: [(.highSchool, 16), (.technicalSecondary, 16), (.juniorCollege, 30), (.bachelor, 34), (.master, 4)],
                          category: [(.worker, 48), (.enterpriseManager, 30), (.professional, 22)], joinAges: 20...38)
        case .socialOrganization:
            SectorProfile(maleShare: 0.46, ages: [(23...30, 26), (31...40, 32), (41...50, 24), (51...65, 18)],
                          education: [(.juniorCollege, 30), (.bachelor, 52), (.master, 18)],
                          category: [(.professional, 60), (.otherOccupation, 40)], joinAges: 20...36)
        }
    }
}

struct DemoCountyBuilder {
    var county = DemoCounty()
    var random: SeededGenerator
    let scale: DemoCounty.Scale
    var usedIDNumbers: Set<String> = []
    var usedNames: Set<String> = []
    let asOf = DemoCounty.asOf
    /// 青禾县 is fictional; its region code is one no real county uses.
    let localRegion = "419901"
    let otherRegions = ["410102", "410302", "411502", "420102", "320105", "370102", "340104", "130102"]

    init(seed: UInt64, scale: DemoCounty.Scale) {
        self.random = SeededGenerator(seed: seed)
        self.scale = scale
    }

    var isSmall: Bool { scale == .small }

    // MARK: Tree

    mutating func build() {
        let root = addOrganization("中共青禾县委员会", parent: nil, kind: .committee, sector: .government, established: date(1949, 10, 1))
        let organs = addOrganization("县直机关工委", parent: root, kind: .workingCommittee, sector: .government, established: date(1984, 5, 1))
        let departmentBranch = addBranch("县委组织部机关党支部", parent: organs, sector: .government, members: isSmall ? 9 : 18)
        let financeBranch = addBranch("县财政局机关党支部", parent: organs, sector: .government, members: isSmall ? 8 : 24)
        if !isSmall {
            for office in ["县委办公室", "县政府办公室", "县委宣传部", "县委统战部", "县委政法委", "县发展和改革委员会", "县教育局",
                           "县民政局", "县人力资源和社会保障局", "县自然资源局", "县住房和城乡建设局", "县交通运输局",
                           "县农业农村局", "县水利局", "县商务局", "县卫生健康委员会", "县市场监督管理局", "县统计局",
                           "县医疗保障局", "县信访局"] {
                addBranch("\(office)机关党支部", parent: organs, sector: .government, members: random.int(9...30))
            }
        }

        let towns = isSmall ? ["柳河镇", "石桥镇"] : ["城关镇", "柳河镇", "石桥镇", "清水镇", "白杨乡", "双庙乡", "红星乡"]
        var villagesByTown: [String: [Int]] = [:]
        for town in towns {
            let committee = addOrganization("\(town)党委", parent: root, kind: .committee, sector: .government, established: date(1958, 9, 1))
            addBranch("\(town)机关党支部", parent: committee, sector: .government, members: isSmall ? 8 : random.int(14...26))
            var villages: [Int] = []
            let names = villageNames(count: isSmall ? 3 : random.int(10...13), fixedFirst: town == "柳河镇" ? ["东岗村", "西岗村"] : [])
            for name in names {
                let size: Int
                if isSmall {
                    size = name == "东岗村" ? 12 : (town == "石桥镇" && villages.isEmpty ? 2 : 6)
                } else {
                    size = name == "东岗村" ? 36 : random.pick(weighted: [(random.int(2...3), 0.03), (random.int(51...62), 0.05), (random.int(20...50), 0.92)])
                }
                villages.append(addBranch("\(town)\(name)党支部", parent: committee, sector: .village, members: size))
            }
            villagesByTown[town] = villages
            if !isSmall && random.chance(0.6) {
                addBranch("\(town)中心学校党支部", parent: committee, sector: .school, members: random.int(8...16))
            }
        }

        let streets = isSmall ? ["新华街道"] : ["新华街道", "东城街道", "西城街道"]
        var communityBranches: [Int] = []
        for street in streets {
            let working = addOrganization("\(street)党工委", parent: root, kind: .workingCommittee, sector: .government, established: date(2003, 7, 1))
            addBranch("\(street)机关党支部", parent: working, sector: .government, members: isSmall ? 5 : random.int(12...20))
            if street == "新华街道" { buildFourLevelCommunity(under: working) }
            for _ in 0..<(isSmall ? 1 : random.int(4...5)) {
                let name = uniqueCommunityName()
                communityBranches.append(addBranch("\(street)\(name)社区党支部", parent: working, sector: .community,
                                                   members: isSmall ? 6 : random.int(16...50)))
            }
        }

        guard !isSmall else {
            addAccounts(root: root, departmentBranch: departmentBranch)
            addPairing(city: financeBranch, village: villagesByTown["柳河镇"]![1], started: date(2023, 3, 5), focus: "产业帮扶、党课共上")
            return
        }

        let education = addOrganization("县教育系统党委", parent: root, kind: .committee, sector: .school, established: date(1992, 9, 1))
        let firstSchool = addOrganization("青禾县第一中学党总支", parent: education, kind: .generalBranch, sector: .school, established: date(1956, 9, 1))
        for grade in ["高一年级", "高二年级", "高三年级", "行政后勤"] {
            addBranch("第一中学\(grade)党支部", parent: firstSchool, sector: .school, members: random.int(10...18))
        }
        for school in ["青禾县第二中学", "青禾县实验中学", "青禾县实验小学", "青禾县第一小学", "青禾县职业教育中心", "青禾县幼儿园", "青禾县特殊教育学校"] {
            addBranch("\(school)党支部", parent: education, sector: .school, members: random.int(8...26))
        }

        let health = addOrganization("县卫生健康系统党委", parent: root, kind: .committee, sector: .hospital, established: date(1995, 7, 1))
        let hospital = addOrganization("青禾县人民医院党总支", parent: health, kind: .generalBranch, sector: .hospital, established: date(1952, 5, 1))
        var hospitalBranches: [Int] = []
        for department in ["内科", "外科", "医技科室", "行政后勤"] {
            hospitalBranches.append(addBranch("县人民医院\(department)党支部", parent: hospital, sector: .hospital, members: random.int(12...30)))
        }
        for unit in ["青禾县中医院", "青禾县妇幼保健院", "青禾县疾病预防控制中心"] {
            addBranch("\(unit)党支部", parent: health, sector: .hospital, members: random.int(8...24))
        }
        addBranch("乡镇卫生院联合党支部", parent: health, kind: .jointBranch, sector: .hospital, members: 11, coveredUnits: 6)

        let assets = addOrganization("县国资委党委", parent: root, kind: .committee, sector: .stateEnterprise, established: date(2005, 3, 1))
        var enterpriseBranches: [Int] = []
        for company in ["青禾县城市投资发展集团", "青禾县供水有限公司", "青禾县农业发展投资有限公司", "青禾县交通投资有限公司",
                        "青禾县粮食储备有限公司", "青禾县公共交通有限公司"] {
            enterpriseBranches.append(addBranch("\(company)党支部", parent: assets, sector: .stateEnterprise, members: random.int(9...28)))
        }
        addBranch("青禾县城连接线建设项目临时党支部", parent: assets, kind: .temporaryBranch, sector: .stateEnterprise, members: 7)

        let newSectors = addOrganization("县非公有制经济组织和社会组织党委", parent: root, kind: .committee, sector: .privateEnterprise, established: date(2012, 6, 1))
        for company in ["青禾食品有限公司", "禾丰农业科技有限公司", "恒达建材有限公司", "青禾纺织有限公司", "绿源生态农业合作社",
                        "青禾物流有限公司", "宏远机械制造有限公司", "青禾电子商务产业园"] {
            addBranch("\(company)党支部", parent: newSectors, sector: .privateEnterprise, members: random.int(3...16))
        }
        addBranch("县商贸城个体工商户联合党支部", parent: newSectors, kind: .jointBranch, sector: .privateEnterprise, members: 9, coveredUnits: 5)
        addBranch("县律师协会党支部", parent: newSectors, sector: .socialOrganization, members: random.int(5...12))
        addBranch("县社会工作服务中心党支部", parent: newSectors, sector: .socialOrganization, members: random.int(3...8))

        addAccounts(root: root, departmentBranch: departmentBranch)

        let villages = towns.flatMap { villagesByTown[$0]! }
        addPairing(city: financeBranch, village: villagesByTown["柳河镇"]![1], started: date(2023, 3, 5), focus: "产业帮扶、党课共上")
        addPairing(city: hospitalBranches[0], village: villagesByTown["石桥镇"]![2], started: date(2022, 6, 1), focus: "义诊巡诊、健康讲座")
        addPairing(city: enterpriseBranches[0], village: villagesByTown["双庙乡"]![0], started: date(2024, 4, 12), focus: "村集体经济项目对接")
        addPairing(city: communityBranches[0], village: villages[villages.count - 3], started: date(2023, 9, 20), focus: "农产品进社区")
        addPairing(city: communityBranches[communityBranches.count - 1], village: villagesByTown["红星乡"]![1], started: date(2025, 2, 18), focus: "主题党日联学联建")
    }

    /// 社区党总支 → 片区党支部 → 楼栋党小组 → 党员中心户, with a 大党委 of 11 resident units.
    mutating func buildFourLevelCommunity(under street: Int) {
        let community = addOrganization("幸福社区党总支", parent: street, kind: .generalBranch, sector: .community, established: date(2008, 6, 1))
        let areas = isSmall ? ["第一片区"] : ["第一片区", "第二片区", "第三片区"]
        var building = 1
        for area in areas {
            let branch = addOrganization("幸福社区\(area)党支部", parent: community, kind: .branch, sector: .community, established: date(2016, 7, 1))
            var areaMembers: [Int] = []
            for _ in 0..<2 {
                let group = addOrganization("幸福社区\(building)号楼党小组", parent: branch, kind: .group, sector: .community, established: date(2018, 3, 1))
                building += 1
                let first = county.members.count
                addMembers(to: group, sector: .community, count: isSmall ? 5 : random.int(7...11))
                areaMembers.append(contentsOf: first..<county.members.count)
                for householder in pickFullMembers(first..<county.members.count, count: 2) {
                    addOrganization("\(county.members[householder].name)党员中心户", parent: group, kind: .memberHousehold, sector: .community, established: date(2019, 7, 1))
                }
            }
            addCommittee(branch, candidates: areaMembers, sector: .community)
        }
        let units: [(String, String)] = [
            ("青禾县人民医院", "医疗卫生"), ("青禾县第一中学", "学校"), ("国网青禾县供电公司", "国有企业"), ("国家税务总局青禾县税务局", "党政机关"),
            ("青禾农商银行幸福路支行", "金融机构"), ("县市场监督管理局", "党政机关"), ("新华派出所", "政法单位"),
            ("青禾县城市投资发展集团", "国有企业"), ("幸福路小学", "学校"), ("青禾县图书馆", "事业单位"), ("县消防救援大队", "消防救援"),
        ]
        for (index, unit) in units.prefix(isSmall ? 3 : 11).enumerated() {
            county.residentUnits.append(.init(organizationKey: community, name: unit.0, unitType: unit.1,
                                              representative: "\(personName(male: random.chance(0.6), age: 45))（兼职委员）",
                                              joinedOn: date(2019 + index / 4, 1 + index % 12, 10)))
        }
        addCommittee(community, candidates: Array(county.members.indices.filter { isUnder(county.members[$0].organizationKey, community) }), sector: .community)
    }

    @discardableResult
    mutating func addOrganization(_ name: String, parent: Int?, kind: OrganizationKind, sector: UnitSector,
                                  established: CalendarDate, coveredUnits: Int? = nil) -> Int {
        let key = county.organizations.count
        county.organizations.append(.init(key: key, parentKey: parent, name: name, kind: kind, sector: sector,
                                          establishedOn: established, coveredUnits: coveredUnits))
        return key
    }

    @discardableResult
    mutating func addBranch(_ name: String, parent: Int, kind: OrganizationKind = .branch, sector: UnitSector,
                            members count: Int, coveredUnits: Int? = nil) -> Int {
        let established = date(random.int(1978...2021), random.int(1...12), random.int(1...28))
        let key = addOrganization(name, parent: parent, kind: kind, sector: sector, established: established, coveredUnits: coveredUnits)
        let first = county.members.count
        addMembers(to: key, sector: sector, count: count)
        addCommittee(key, candidates: Array(first..<county.members.count), sector: sector)
        return key
    }

    func isUnder(_ key: Int, _ ancestor: Int) -> Bool {
        var current: Int? = key
        while let node = current {
            if node == ancestor { return true }
            current = county.organizations[node].parentKey
        }
        return false
    }

    // MARK: Committees and terms

    /// Committees and general branches take their office holders from their own office branch when they have one
    /// (a township committee from the township office branch), otherwise from the members under them.
    mutating func addLeadershipOfCommittees() {
        for organization in county.organizations where organization.kind.isCommittee || organization.kind == .generalBranch {
            guard !county.offices.contains(where: { $0.organizationKey == organization.key }) else { continue }
            let children = county.organizations.filter { $0.parentKey == organization.key }
            let office = children.first { $0.name.hasSuffix("机关党支部") } ?? children.first { $0.kind.isBranch }
            let source = office?.key ?? organization.key
            let candidates = county.members.indices.filter { isUnder(county.members[$0].organizationKey, source) }
            addCommittee(organization.key, candidates: Array(candidates.prefix(60)), sector: organization.sector)
        }
    }

    mutating func addCommittee(_ key: Int, candidates: [Int], sector: UnitSector) {
        let organization = county.organizations[key]
        guard organization.kind.hasElectedTerm else { return }
        let full = candidates.filter { county.members[$0].membership == .full && county.members[$0].status == .active }
        let termYears = organization.kind.isCommittee ? 5 : (sector == .village || sector == .community ? 5 : 3)
        let elected = termDate(years: termYears)
        if let elected, !random.chance(0.04) || isSmall {
            county.terms.append(.init(organizationKey: key, electedOn: elected, years: termYears))
        }
        let since = elected ?? date(2022, 3, 1)
        guard !full.isEmpty, isSmall || !random.chance(0.015) else { return }
        var offices: [CommitteeOffice]
        if organization.kind.isCommittee {
            offices = [.secretary, .deputySecretary, .organization, .propaganda, .discipline]
        } else if full.count >= 7 {
            // A few branches that should have a committee are left without one, so the warning has something to show.
            offices = !isSmall && random.chance(0.06) ? [.secretary] : [.secretary, .organization, .propaganda, .discipline]
            if full.count >= 20 { offices.insert(.deputySecretary, at: 1) }
        } else {
            offices = full.count >= 4 && random.chance(0.3) ? [.secretary, .deputySecretary] : [.secretary]
        }
        let holders = pickFullMembers(full, count: min(offices.count, full.count), preferOlder: true)
        for (office, holder) in zip(offices, holders) {
            county.offices.append(.init(organizationKey: key, memberIndex: holder, office: office, since: since))
            let title = organization.name.replacingOccurrences(of: "党支部", with: "").replacingOccurrences(of: "党委", with: "")
            if county.members[holder].job == nil || office == .secretary {
                county.members[holder].job = "\(title)\(organization.kind.chinese)\(office.chinese)"
            }
        }
    }

    /// A term start spread so that most terms are current, some end within weeks of the demo date and a few
    /// have already ended.
    mutating func termDate(years: Int) -> CalendarDate? {
        let roll = random.int(0...99)
        if roll < 5 { return asOf.adding(years: -years).adding(days: -random.int(0...200)) }
        if roll < 11 { return asOf.adding(years: -years).adding(days: random.int(60...140)) }
        return asOf.adding(years: -random.int(0...(years - 1))).adding(days: -random.int(60...300))
    }

    // MARK: Members

    mutating func addMembers(to key: Int, sector: UnitSector, count: Int) {
        let profile = SectorProfile.of(sector)
        let place = placeName(of: key)
        for _ in 0..<count {
            county.members.append(makeMember(organizationKey: key, profile: profile, sector: sector, place: place))
        }
    }

    mutating func makeMember(organizationKey: Int, profile: SectorProfile, sector: UnitSector, place: String) -> DemoCounty.Member {
        let ageRange = random.pick(weighted: profile.ages)
        let age = random.int(ageRange)
        let birth = asOf.adding(years: -age).adding(days: -random.int(0...364))
        let male = random.chance(profile.maleShare)
        let probationary = age >= 20 && random.chance(0.03)
        var joined: CalendarDate
        if probationary {
            joined = asOf.adding(days: -random.int(20...360))
        } else {
            let joinAge = min(random.int(profile.joinAges), max(age - 2, 18))
            joined = birth.adding(years: joinAge).adding(days: random.int(0...300))
            let latest = asOf.adding(days: -430)
            if joined > latest { joined = latest }
            if birth.wholeYears(until: joined) < 18 { joined = birth.adding(years: 18).adding(days: 30) }
        }
        var fullOn: CalendarDate? = probationary ? nil : joined.adding(years: 1).adding(days: random.chance(0.9) ? 0 : random.int(1...25))
        if let full = fullOn, full > asOf { fullOn = asOf.adding(days: -1) }
        let education = random.pick(weighted: age > 60 && sector != .village ? profile.education.map { ($0.0, $0.0.isHigherEducation ? $0.1 * 0.5 : $0.1) } : profile.education)
        var category = random.pick(weighted: profile.category)
        if age >= 60 && sector != .village && sector != .community { category = .retired }
        if sector == .village && age >= 75 && random.chance(0.3) { category = .unemployed }
        let local = random.chance(0.93)
        var member = DemoCounty.Member(
            organizationKey: organizationKey, name: personName(male: male, age: age), gender: male ? .male : .female,
            ethnicity: random.pick(weighted: [("汉族", 95.5), ("回族", 2), ("满族", 1), ("蒙古族", 0.5), ("土家族", 0.5), ("壮族", 0.3), ("苗族", 0.2)]),
            birthDate: birth, idNumber: idNumber(region: local ? localRegion : random.pick(otherRegions), birth: birth, male: male),
            education: education, category: category, membership: probationary ? .probationary : .full, joinedOn: joined,
            fullOn: fullOn, job: job(sector: sector, place: place, category: category), phone: random.chance(0.94) ? mobileNumber() : nil,
            address: address(sector: sector, place: place), status: .active, statusSince: nil, leaveReason: nil, statusNote: nil)
        applyStatus(&member, sector: sector, age: age)
        if random.chance(0.06) { blankSomeFields(&member) }
        return member
    }

    mutating func applyStatus(_ member: inout DemoCounty.Member, sector: UnitSector, age: Int) {
        let roll = Double.random(in: 0..<1, using: &random)
        let mobileShare = sector == .village ? 0.07 : 0.015
        if roll < mobileShare && age < 60 {
            member.status = .mobile
            member.statusSince = asOf.adding(days: -random.int(30...1500))
            member.statusNote = "外出务工：" + random.pick(["广东省深圳市", "浙江省杭州市", "江苏省苏州市", "上海市", "北京市", "河南省郑州市", "福建省厦门市"])
        } else if roll < mobileShare + 0.006 {
            member.status = .lostContact
            member.statusSince = asOf.adding(days: -random.int(200...2000))
            member.statusNote = "多次联系未果"
        } else if roll < mobileShare + 0.008 {
            member.status = .suspended
            member.statusSince = asOf.adding(days: -random.int(100...900))
            member.statusNote = "失去联系超过六个月，经支部大会讨论停止党籍"
        } else if roll < mobileShare + 0.011 && member.membership == .full {
            member.status = .left
            member.leaveReason = random.chance(0.5) ? .removed : .withdrew
            member.statusSince = asOf.adding(days: -random.int(60...1200))
            member.statusNote = member.leaveReason == .removed ? "连续六个月不参加组织生活，经支部大会讨论除名" : "本人申请退党"
        } else if age >= 75 && roll < mobileShare + 0.05 {
            member.status = .deceased
            member.statusSince = asOf.adding(days: -random.int(10...900))
        }
    }

    /// Some records arrive half-filled from paper ledgers; the data-quality warnings are there to show them.
    mutating func blankSomeFields(_ member: inout DemoCounty.Member) {
        var fields = [0, 1, 2, 3, 4, 5, 6]
        fields.shuffle(using: &random)
        for field in fields.prefix(random.int(2...4)) {
            switch field {
            case 0: member.ethnicity = nil
            case 1: member.education = nil
            case 2: member.category = nil
            case 3: member.job = nil
            case 4: member.phone = nil
            case 5: member.address = nil
            default: if member.membership == .full { member.fullOn = nil }
            }
        }
    }

    func pickFullMembers<S: Sequence<Int>>(_ indices: S, count: Int, preferOlder: Bool = false) -> [Int] {
        var eligible = indices.filter { county.members[$0].membership == .full && county.members[$0].status == .active }
        if preferOlder {
            // Office holders: people in their thirties to fifties first, then anyone.
            eligible.sort { lhs, rhs in
                let l = abs(county.members[lhs].birthDate.wholeYears(until: asOf) - 46)
                let r = abs(county.members[rhs].birthDate.wholeYears(until: asOf) - 46)
                return l == r ? lhs < rhs : l < r
            }
        }
        return Array(eligible.prefix(count))
    }

    mutating func personName(male: Bool, age: Int) -> String {
        for _ in 0..<20 {
            let surname = random.pick(weighted: DemoNames.surnames.enumerated().map { ($0.element, 1.0 / Double($0.offset + 6)) })
            let given: String
            if age >= 58 && random.chance(0.55) {
                given = random.pick(male ? DemoNames.olderMale : DemoNames.olderFemale)
            } else if age <= 32 && random.chance(0.5) {
                given = random.pick(male ? DemoNames.youngMale : DemoNames.youngFemale)
            } else {
                let characters = male ? DemoNames.maleCharacters : DemoNames.femaleCharacters
                given = random.chance(0.8) ? random.pick(characters) + random.pick(characters) : random.pick(characters)
            }
            let name = surname + given
            // Same-name members exist in real registers, but a demo reads better with few of them.
            if !usedNames.contains(name) || random.chance(0.05) {
                usedNames.insert(name)
                return name
            }
        }
        return random.pick(DemoNames.surnames) + random.pick(DemoNames.maleCharacters) + random.pick(DemoNames.femaleCharacters)
    }

    mutating func idNumber(region: String, birth: CalendarDate, male: Bool) -> String {
        while true {
            var sequence = random.int(0...998)
            if (sequence % 2 == 1) != male { sequence += 1 }
            let number = ResidentIDNumber.make(region: region, birthDate: birth, sequence: sequence)
            if usedIDNumbers.insert(number).inserted { return number }
        }
    }

    mutating func mobileNumber() -> String {
        let prefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157",
                        "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "199"]
        return random.pick(prefixes) + String(format: "%08d", random.int(0...99_999_999))
    }

    func placeName(of key: Int) -> String {
        county.organizations[key].name
            .replacingOccurrences(of: "机关党支部", with: "")
            .replacingOccurrences(of: "党支部", with: "")
            .replacingOccurrences(of: "党小组", with: "")
    }

    mutating func job(sector: UnitSector, place: String, category: MemberCategory) -> String? {
        switch category {
        case .retired: return "\(random.pick(["县直单位", "县属企业", "乡镇", "学校"]))退休"
        case .farmer: return "\(place)村民"
        case .student: return "在读学生"
        case .unemployed: return nil
        default: break
        }
        switch sector {
        case .government: return "\(place)\(random.pick(["科员", "科员", "副科长", "科长", "四级主任科员", "一级科员"]))"
        case .school, .publicInstitution: return "\(place)\(random.pick(["教师", "教师", "教师", "班主任", "教研组长", "教务处主任"]))"
        case .hospital: return "\(place)\(random.pick(["医师", "主治医师", "护士", "主管护师", "药师", "副主任医师"]))"
        case .stateEnterprise, .privateEnterprise, .other: return "\(place)\(random.pick(["职工", "技术员", "车间主任", "部门经理", "会计"]))"
        case .socialOrganization: return "\(place)\(random.pick(["社工", "律师", "项目主管"]))"
        case .community: return random.pick(["个体经营", "物业公司职工", "社区网格员", "超市店员"])
        case .village: return "\(place)村民"
        }
    }

    mutating func address(sector: UnitSector, place: String) -> String {
        if sector == .village {
            let village = place.hasSuffix("村") ? place : place + "村"
            return "\(DemoCounty.countyName)\(village)\(random.int(1...9))组\(random.int(1...80))号"
        }
        let road = random.pick(DemoNames.communities)
        return "\(DemoCounty.countyName)城关镇\(road)\(random.int(1...200))号院\(random.int(1...12))号楼\(random.int(1...6))单元\(random.int(1...30))0\(random.int(1...4))室"
    }

    mutating func villageNames(count: Int, fixedFirst: [String]) -> [String] {
        var names = fixedFirst
        var attempts = 0
        while names.count < count {
            attempts += 1
            let candidate: String
            if attempts % 3 == 0 {
                candidate = random.pick(DemoNames.villageScenic) + "村"
            } else {
                candidate = random.pick(Array(DemoNames.surnames.prefix(40))) + random.pick(DemoNames.villageSuffixes) + "村"
            }
            if !usedNames.contains("village:" + candidate) {
                usedNames.insert("village:" + candidate)
                names.append(candidate)
            }
        }
        return names
    }

    mutating func uniqueCommunityName() -> String {
        while true {
            let name = random.pick(DemoNames.communities)
            if usedNames.insert("community:" + name).inserted { return name }
        }
    }

    // MARK: Accounts and pairings

    mutating func addAccounts(root: Int, departmentBranch: Int) {
        addLeadershipOfCommittees()
        let town = county.organizationKey(named: "柳河镇党委")!
        let village = county.organizationKey(named: "柳河镇东岗村党支部")!
        func officeHolder(_ key: Int, _ office: CommitteeOffice) -> Int? {
            county.offices.first { $0.organizationKey == key && $0.office == office }?.memberIndex
        }
        let departmentMembers = county.members.indices.filter { county.members[$0].organizationKey == departmentBranch }
        let admin = pickFullMembers(departmentMembers, count: 3).last!
        county.members[admin].job = "县委组织部组织科科长"
        let villageSecretary = officeHolder(village, .secretary)!
        let townSecretary = officeHolder(town, .secretary)!
        let villageCommittee = (officeHolder(village, .organization) ?? officeHolder(village, .propaganda) ?? officeHolder(village, .member))!
        let ordinary = county.members.indices.first { index in
            let member = county.members[index]
            return member.organizationKey == village && member.membership == .full && member.status == .active
                && !county.offices.contains { $0.memberIndex == index }
        }!
        // The ordinary member's record is complete, so that their own page shows a full record.
        county.members[ordinary].ethnicity = county.members[ordinary].ethnicity ?? "汉族"
        county.members[ordinary].education = county.members[ordinary].education ?? .highSchool
        county.members[ordinary].category = .farmer
        county.members[ordinary].job = "东岗村村民"
        county.members[ordinary].phone = county.members[ordinary].phone ?? mobileNumber()
        county.members[ordinary].address = county.members[ordinary].address ?? "青禾县东岗村3组12号"
        county.members[ordinary].fullOn = county.members[ordinary].fullOn ?? county.members[ordinary].joinedOn.adding(years: 1)
        // A second ordinary member of the village, so that a meeting can be signed in to from two phones.
        let neighbour = county.members.indices.first { index in
            let member = county.members[index]
            return index != ordinary && member.organizationKey == village && member.status == .active
                && !county.offices.contains { $0.memberIndex == index }
        }!
        county.accounts = [
            .init(username: "county-admin", role: .orgDepartmentAdmin, scopeKey: root, memberIndex: admin),
            .init(username: "town-secretary", role: .committeeSecretary, scopeKey: town, memberIndex: townSecretary),
            .init(username: "branch-secretary", role: .branchSecretary, scopeKey: village, memberIndex: villageSecretary),
            .init(username: "member", role: .member, scopeKey: village, memberIndex: ordinary),
            .init(username: "member2", role: .member, scopeKey: village, memberIndex: neighbour),
            // A second member of the village committee: drafts the secretary writes are reviewed by someone else (三务公开).
            .init(username: "branch-committee", role: .branchCommitteeMember, scopeKey: village, memberIndex: villageCommittee),
            .init(username: "sysadmin", role: .systemAdmin, scopeKey: nil, memberIndex: nil),
            .init(username: "secadmin", role: .securityAdmin, scopeKey: nil, memberIndex: nil),
            .init(username: "auditor", role: .auditAdmin, scopeKey: nil, memberIndex: nil),
        ]
        let sibling = county.organizationKey(named: "柳河镇西岗村党支部")!
        addDevelopment(in: [village, village, sibling])
    }

    mutating func addPairing(city: Int, village: Int, started: CalendarDate, focus: String) {
        county.pairings.append(.init(cityKey: city, villageKey: village, startedOn: started, focus: focus))
    }

    func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }
}
