import DangjianCore
import Fluent
import Vapor

struct TermInput: Content {
    var electedOn: String?
    var years: String?
}

struct OfficeInput: Content {
    var memberID: String?
    /// The member by name instead, where the organization has too many members to list (`CommitteeEditing.choosesByName`).
    var memberName: String?
    var office: String?
    var since: String?
}

struct ResidentUnitInput: Content {
    var name: String?
    var unitType: String?
    var representative: String?
    var joinedOn: String?
}

struct PairingInput: Content {
    var villageID: String?
    var startedOn: String?
    var focus: String?
}

/// Keeping committees (届 and 班子成员), a community's 大党委 units and city–village pairings.
enum CommitteeEditing {
    /// Whether the page asks for a 班子成员's name: above `committeeListedUpTo` members in register (a county, a city,
    /// a province). Listing a province's first 200 members helped nobody and cost its page a fifth of its time.
    static func choosesByName(_ organization: OrganizationModel, on request: Request) -> Bool {
        organization.subtreeFull + organization.subtreeProbationary > request.services.configuration.committeeListedUpTo
    }

    /// Whom the page offers to choose from: everyone in register when they are few, else those with the name typed.
    static func candidates(for organization: OrganizationModel, named name: String?, on request: Request) async throws -> [MemberStore.Choice] {
        let limit = request.services.configuration.committeeListedUpTo
        guard choosesByName(organization, on: request) else {
            return try await MemberStore.choices(under: organization.orgPath, limit: limit, on: request.db)
        }
        let typed = name?.trimmingCharacters(in: .whitespaces) ?? ""
        return typed.isEmpty ? [] : try await MemberStore.choices(under: organization.orgPath, named: typed, limit: limit, on: request.db)
    }

    static func date(_ text: String?, field: String, label: String, today: CalendarDate, errors: inout [FieldError]) -> CalendarDate? {
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !trimmed.isEmpty else {
            errors.append(FieldError(field: field, message: "请填写\(label)"))
            return nil
        }
        guard let date = CalendarDate(parsing: trimmed) else {
            errors.append(FieldError(field: field, message: "\(label)格式应为 年-月-日"))
            return nil
        }
        if date > today { errors.append(FieldError(field: field, message: "\(label)不能晚于今天")) }
        return date
    }

    static func addTerm(to organization: OrganizationModel, _ input: TermInput, on request: Request) async throws {
        guard organization.kind.hasElectedTerm else {
            throw FormProblems(field: "electedOn", "\(organization.kind.chinese)不设届期")
        }
        var errors: [FieldError] = []
        let electedOn = date(input.electedOn, field: "electedOn", label: "选举日期", today: request.today, errors: &errors)
        let standard = StructureCheck(rules: request.services.rules).termYears(kind: organization.kind, sector: organization.sector)
        let yearsText = input.years?.trimmingCharacters(in: .whitespaces) ?? ""
        let years = yearsText.isEmpty ? standard.value : Int(yearsText)
        if !(1...5).contains(years ?? 0) { errors.append(FieldError(field: "years", message: "任期应为 1–5 年（\(standard.citation)）")) }
        guard errors.isEmpty, let electedOn, let years else { throw FormProblems(errors) }
        let organizationID = organization.id!
        try await request.write { database in
            let term = CommitteeTermModel(organizationID: organizationID, electedOn: electedOn, years: years, note: nil)
            try await term.create(on: database)
            return ((), AuditEvent("committee.term", target: "organization", id: organizationID, organization: organizationID,
                                   detail: "录入换届：\(electedOn) 选举，任期 \(years) 年"))
        }
    }

    static func addOffice(to organization: OrganizationModel, _ input: OfficeInput, on request: Request) async throws {
        var errors: [FieldError] = []
        let office = input.office.flatMap(CommitteeOffice.init(rawValue:))
        if office == nil { errors.append(FieldError(field: "office", message: "请选择职务")) }
        let since = date(input.since, field: "since", label: "任职日期", today: request.today, errors: &errors)
        var member: MemberModel?
        let name = input.memberName?.trimmingCharacters(in: .whitespaces) ?? ""
        if let id = input.memberID.flatMap({ Int($0) }) {
            if let found = try await MemberModel.find(id, on: request.db), organization.orgPath.contains(OrgPath(stored: found.path)),
               found.status.isInRegister {
                member = found
            } else {
                errors.append(FieldError(field: "memberID", message: "请选择本组织的在册党员"))
            }
        } else if !name.isEmpty {
            let named = try await MemberStore.choices(under: organization.orgPath, named: name, limit: 2, on: request.db)
            if named.count == 1 {
                member = try await MemberModel.find(named[0].id, on: request.db)
            } else {
                errors.append(FieldError(field: "memberName", message: named.isEmpty ? "本组织及下级组织中没有叫“\(name)”的在册党员"
                                                                                 : "有不止一名叫“\(name)”的在册党员，请从列表中选择"))
            }
        } else {
            errors.append(FieldError(field: "memberID", message: "请选择本组织的在册党员"))
        }
        guard errors.isEmpty, let office, let since, let member else { throw FormProblems(errors) }
        let organizationID = organization.id!
        if office == .secretary {
            let existing = try await CommitteeOfficeModel.query(on: request.db).filter(\.$organizationID == organizationID)
                .filter(\.$office == office).filter(\.$until == nil).count()
            if existing > 0 { throw FormProblems(field: "office", "本组织已有书记，请先办理原书记离任") }
        }
        try await request.write { database in
            try await CommitteeOfficeModel(organizationID: organizationID, memberID: member.id!, office: office, since: since).create(on: database)
            return ((), AuditEvent("committee.office", target: "organization", id: organizationID, organization: organizationID,
                                   detail: "\(member.name) 任\(office.chinese)，自 \(since)"))
        }
    }

    static func endOffice(_ officeID: Int, of organization: OrganizationModel, on request: Request) async throws {
        guard let office = try await CommitteeOfficeModel.find(officeID, on: request.db), office.organizationID == organization.id,
              office.until == nil else { throw Abort(.notFound, reason: "没有找到该班子成员") }
        office.until = request.today
        let organizationID = organization.id!
        try await request.write { database in
            try await office.update(on: database)
            return ((), AuditEvent("committee.office.end", target: "organization", id: organizationID, organization: organizationID,
                                   detail: "\(office.office.chinese)（党员 #\(office.memberID)）离任"))
        }
    }

    static func addUnit(to organization: OrganizationModel, _ input: ResidentUnitInput, on request: Request) async throws {
        var errors: [FieldError] = []
        let name = input.name?.trimmingCharacters(in: .whitespaces) ?? ""
        if name.isEmpty || name.count > 60 { errors.append(FieldError(field: "name", message: "请填写单位名称（不超过 60 字）")) }
        let unitType = input.unitType?.trimmingCharacters(in: .whitespaces) ?? ""
        if unitType.isEmpty || unitType.count > 30 { errors.append(FieldError(field: "unitType", message: "请填写单位性质，例如 机关、学校、医院、企业")) }
        let representative = input.representative?.trimmingCharacters(in: .whitespaces)
        if let representative, representative.count > 30 { errors.append(FieldError(field: "representative", message: "兼职委员姓名不能超过 30 字")) }
        let joinedOn = date(input.joinedOn, field: "joinedOn", label: "加入日期", today: request.today, errors: &errors)
        guard organization.kind == .generalBranch || organization.kind.isCommittee || organization.sector == .community else {
            throw FormProblems(field: "name", "驻区单位只能加入社区的大党委（党委或党总支）")
        }
        guard errors.isEmpty, let joinedOn else { throw FormProblems(errors) }
        let organizationID = organization.id!
        try await request.write { database in
            try await ResidentUnitModel(organizationID: organizationID, name: name, unitType: unitType,
                                        representative: representative?.isEmpty == true ? nil : representative,
                                        joinedOn: joinedOn).create(on: database)
            return ((), AuditEvent("cobuilding.unit", target: "organization", id: organizationID, organization: organizationID,
                                   detail: "驻区单位“\(name)”加入大党委"))
        }
    }

    static func addPairing(to organization: OrganizationModel, _ input: PairingInput, on request: Request) async throws {
        var errors: [FieldError] = []
        let started = date(input.startedOn, field: "startedOn", label: "结对日期", today: request.today, errors: &errors)
        let focus = input.focus?.trimmingCharacters(in: .whitespaces) ?? ""
        if focus.isEmpty || focus.count > 100 { errors.append(FieldError(field: "focus", message: "请填写结对内容（不超过 100 字）")) }
        var village: OrganizationModel?
        if let id = input.villageID.flatMap({ Int($0) }), let found = try await OrganizationModel.find(id, on: request.db),
           try request.policy.allows(.organizationRead, at: found.orgPath), found.sector == .village, found.kind.isBranch {
            village = found
        } else {
            errors.append(FieldError(field: "villageID", message: "请选择您负责范围内的一个农村党支部"))
        }
        if organization.sector == .village { errors.append(FieldError(field: "villageID", message: "城乡结对由城市一方（社区、机关、学校、企业等）发起")) }
        guard errors.isEmpty, let started, let village else { throw FormProblems(errors) }
        let cityID = organization.id!
        try await request.write { database in
            try await PairingModel(cityID: cityID, villageID: village.id!, startedOn: started, focus: focus).create(on: database)
            return ((), AuditEvent("cobuilding.pairing", target: "organization", id: cityID, organization: cityID,
                                   detail: "与\(village.name)城乡结对：\(focus)"))
        }
    }
}
