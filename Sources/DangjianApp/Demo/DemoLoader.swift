import DangjianCore
import Fluent
import SQLKit
import Vapor

/// Loads the fictional demo county into an empty database: organizations with their paths, members with sealed
/// numbers (multi-row inserts in one transaction), committees, the 大党委, pairings and the demo accounts.
enum DemoLoader {
    struct LoadedAccount: Sendable {
        let username: String
        let role: Role
        let scope: String
        /// The two-step verification secret (base32) of an account whose role needs one.
        let otpSecret: String?
    }

    enum Problem: Error, CustomStringConvertible {
        case notEmpty

        var description: String { "数据库中已有数据，演示数据只能装入空数据库" }
    }

    static func isEmpty(_ database: any Database) async throws -> Bool {
        let organizations = try await OrganizationModel.query(on: database).count()
        let accounts = try await AccountModel.query(on: database).count()
        return organizations == 0 && accounts == 0
    }

    static func load(_ county: DemoCounty, password: String, services: AppServices, hasher: some PasswordHasher,
                     on database: any Database) async throws -> [LoadedAccount] {
        guard try await isEmpty(database) else { throw Problem.notEmpty }
        let cipher = services.cipher
        let passwordHash = try hasher.hash(password)
        return try await services.writer.transaction(on: database) { database in
            var organizationIDs: [Int: Int] = [:]
            var paths: [Int: OrgPath] = [:]
            var models: [Int: OrganizationModel] = [:]
            for organization in county.organizations {
                let parentPath = organization.parentKey.flatMap { paths[$0] } ?? .root
                let model = OrganizationModel(parentID: organization.parentKey.flatMap { organizationIDs[$0] },
                                              path: parentPath.value + "new-\(organization.key)/", countyID: nil,
                                              name: organization.name, kind: organization.kind, sector: organization.sector,
                                              establishedOn: organization.establishedOn, coveredUnits: organization.coveredUnits)
                try await model.create(on: database)
                let path = parentPath.appending(model.id!)
                model.path = path.value
                model.countyID = OrganizationEditing.countyID(for: path, configuration: services.configuration)
                try await model.update(on: database)
                organizationIDs[organization.key] = model.id!
                paths[organization.key] = path
                models[organization.key] = model
            }

            let memberIDs = try await insertMembers(county.members, organizations: models, cipher: cipher, on: database)
            try await MemberRow.recount(on: database)

            try await loadDevelopment(county, organizations: models, memberIDs: memberIDs, services: services, on: database)
            for term in county.terms {
                try await CommitteeTermModel(organizationID: organizationIDs[term.organizationKey]!, electedOn: term.electedOn,
                                             years: term.years, note: nil).create(on: database)
            }
            for office in county.offices {
                try await CommitteeOfficeModel(organizationID: organizationIDs[office.organizationKey]!,
                                               memberID: memberIDs[office.memberIndex], office: office.office,
                                               since: office.since).create(on: database)
            }
            for unit in county.residentUnits {
                try await ResidentUnitModel(organizationID: organizationIDs[unit.organizationKey]!, name: unit.name,
                                            unitType: unit.unitType, representative: unit.representative,
                                            joinedOn: unit.joinedOn).create(on: database)
            }
            for pairing in county.pairings {
                try await PairingModel(cityID: organizationIDs[pairing.cityKey]!, villageID: organizationIDs[pairing.villageKey]!,
                                       startedOn: pairing.startedOn, focus: pairing.focus).create(on: database)
            }
            try await loadActivities(county, organizations: models, memberIDs: memberIDs, today: services.clock.today(), on: database)
            try await loadDues(county, organizations: models, memberIDs: memberIDs, today: services.clock.today(), rules: services.rules,
                               cipher: cipher, on: database)
            var loaded: [LoadedAccount] = []
            for account in county.accounts {
                let memberID = account.memberIndex.map { memberIDs[$0] }
                let displayName = account.memberIndex.map { county.members[$0].name } ?? account.role.chinese
                let model = AccountModel(username: account.username, displayName: displayName, passwordHash: passwordHash, memberID: memberID)
                try await model.create(on: database)
                // The roles that need two-step verification start with it set up; their secrets are printed with the accounts.
                let secret = account.role.requiresSecondFactor ? try SecondFactor.enrol(model, cipher: cipher) : nil
                if secret != nil { try await model.update(on: database) }
                let organizationID = account.scopeKey.flatMap { organizationIDs[$0] }
                try await GrantModel(accountID: model.id!, role: account.role, organizationID: organizationID, grantedBy: nil).create(on: database)
                loaded.append(LoadedAccount(username: account.username, role: account.role,
                                            scope: account.scopeKey.flatMap { key in county.organizations.first { $0.key == key }?.name } ?? "全系统",
                                            otpSecret: secret))
            }
            try await AuditLog.append(
                AuditEvent("demo.load", target: "system", id: nil,
                           detail: "装入演示数据：\(county.organizations.count) 个党组织，\(county.members.count) 名党员，\(county.accounts.count) 个账号"),
                origin: .system("dangjian demo"), at: services.clock.now(), cipher: cipher, on: database)
            return loaded
        }
    }

    /// The year's organizational life so far, in multi-row inserts: activities first, then their attendance.
    static func loadActivities(_ county: DemoCounty, organizations: [Int: OrganizationModel], memberIDs: [Int], today: CalendarDate,
                               on database: any Database) async throws {
        let activities = county.activities(through: today)
        guard !activities.isEmpty else { return }
        struct Row: Decodable { let id: Int }
        let before = try await database.sql.select().column(SQLFunction("COALESCE", args: SQLFunction("MAX", args: SQLColumn("id")), SQLLiteral.numeric("0")), as: "id")
            .from(ActivityModel.schema).first(decoding: Row.self)?.id ?? 0
        let columns = ["organization_id", "path", "county_id", "kind", "topic", "on_date", "place", "state", "sign_in_secret", "minutes",
                       "decisions", "speakers", "video_links", "created_at", "updated_at"]
        let stamp = Date().formatted(.iso8601)
        for chunk in activities.chunked(into: 500) {
            let insert = database.sql.insert(into: ActivityModel.schema).columns(columns)
            for activity in chunk {
                let organization = organizations[activity.organizationKey]!
                let values: [any Encodable & Sendable] = [
                    organization.id!, organization.path, organization.countyID, activity.kind.rawValue, activity.topic, activity.date.description,
                    activity.place, ActivityModel.State.held.rawValue, Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(),
                    activity.minutes, "[]", "[]", "[]", stamp, stamp,
                ]
                insert.values(values.map { SQLBind($0) })
            }
            try await insert.run()
        }
        let ids = try await database.sql.select().column("id").from(ActivityModel.schema).where("id", .greaterThan, before)
            .orderBy("id").all(decoding: Row.self).map(\.id)
        guard ids.count == activities.count else { throw Abort(.internalServerError, reason: "演示活动写入数量不符") }
        var rows: [[any Encodable & Sendable]] = []
        for (activity, id) in zip(activities, ids) {
            let countyID = organizations[activity.organizationKey]?.countyID
            for person in activity.attendance {
                rows.append([id, countyID, memberIDs[person.memberIndex], county.members[person.memberIndex].name, person.status.rawValue,
                             person.reason, "hand"])
            }
        }
        for chunk in rows.chunked(into: 1000) {
            let insert = database.sql.insert(into: AttendanceModel.schema).columns(["activity_id", "county_id", "member_id", "name", "status", "reason", "method"])
            for row in chunk { insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
        }
    }

    /// Dues since January of last year: the amounts fixed for both years and the payments, in multi-row inserts.
    static func loadDues(_ county: DemoCounty, organizations: [Int: OrganizationModel], memberIDs: [Int], today: CalendarDate, rules: RuleBook,
                         cipher: PersonalDataCipher, on database: any Database) async throws {
        let dues = county.dues(through: today, rules: rules)
        let stamp = Date().formatted(.iso8601)
        func place(_ index: Int) -> OrganizationModel { organizations[county.members[index].organizationKey]! }
        for chunk in dues.assessments.chunked(into: 500) {
            let insert = database.sql.insert(into: DuesAssessmentModel.schema)
                .columns(["member_id", "organization_id", "path", "county_id", "year", "category", "base_cipher", "monthly_fen", "explanation_cipher", "fixed_on", "updated_at"])
            for row in chunk {
                let organization = place(row.memberIndex)
                let member = memberIDs[row.memberIndex]
                let values: [any Encodable & Sendable] = [member, organization.id!, organization.path, organization.countyID, row.year, row.category.rawValue,
                                                          try row.base.map { try cipher.seal(String($0.value), for: .duesBase(member: member, year: row.year)) },
                                                          row.amount.monthly.value,
                                                          try cipher.seal(row.amount.explanation, for: .duesExplanation(member: member, year: row.year)),
                                                          CalendarDate(year: row.year, month: 1, day: 10)!.description, stamp]
                insert.values(values.map { SQLBind($0) })
            }
            try await insert.run()
        }
        for chunk in dues.payments.chunked(into: 1000) {
            let insert = database.sql.insert(into: DuesPaymentModel.schema)
                .columns(["member_id", "organization_id", "path", "county_id", "month", "amount_fen", "paid_on", "method", "receipt", "created_at"])
            for row in chunk {
                let organization = place(row.memberIndex)
                let values: [any Encodable & Sendable] = [memberIDs[row.memberIndex], organization.id!, organization.path, organization.countyID,
                                                          row.month.description,
                                                          row.amount.value, row.paidOn.description, row.method.rawValue,
                                                          "DF\(row.paidOn.description.replacingOccurrences(of: "-", with: ""))-\(row.memberIndex)", stamp]
                insert.values(values.map { SQLBind($0) })
            }
            try await insert.run()
        }
    }

    /// People in development, each checked step by step by the same rules the pages use; those admitted are filed
    /// in the register as the pages would.
    static func loadDevelopment(_ county: DemoCounty, organizations: [Int: OrganizationModel], memberIDs: [Int],
                                services: AppServices, on database: any Database) async throws {
        let rules = DevelopmentRules(rules: services.rules)
        let today = services.clock.today()
        for seed in county.developmentCases {
            let organization = organizations[seed.organizationKey]!
            var development = DevelopmentCase(birthDate: seed.birthDate, reviews: seed.development.reviews)
            for record in seed.development.records {
                var stored = record
                stored.people = record.people.map { PersonFact(memberID: memberIDs[$0.memberID], name: $0.name, isFullMember: $0.isFullMember) }
                try rules.check(stored, for: development, today: today)
                development.records.append(stored)
            }
            let model = DevelopmentCaseModel()
            model.id = try await RowIDs.one(DevelopmentCaseModel.schema, on: database)
            model.organizationID = organization.id!
            model.path = organization.path
            model.countyID = organization.countyID
            model.name = seed.name
            model.gender = seed.gender
            model.birthDate = seed.birthDate
            model.idCipher = try services.cipher.seal(seed.idNumber, for: .caseIDNumber(model.id!))
            model.idHash = services.cipher.lookupHash(seed.idNumber)
            model.idMask = Masking.residentID(seed.idNumber)
            model.stageSince = development.records[0].date
            model.closed = false
            model.development = development
            try await model.create(on: database)
            for record in development.records {
                try await DevelopmentEventModel(caseID: model.id!, step: record.step, action: "step", onDate: record.date,
                                                summary: record.step.chinese, rule: DevelopmentWork.ruleCited(record.step, rules: services.rules),
                                                accountID: nil, actorName: "演示数据").create(on: database)
            }
            for step in [DevelopmentStep.admissionApproval, .conversionApproval] where development.date(step) != nil {
                try await DevelopmentWork.carryIntoRegister(step, model: model, development: development,
                                                            probationEnds: rules.probationEnds(development), cipher: services.cipher, on: database)
            }
            try await model.update(on: database)
        }
    }

    /// Inserts the members in multi-row INSERTs and returns their new ids in the order of `members`.
    static func insertMembers(_ members: [DemoCounty.Member], organizations: [Int: OrganizationModel],
                              cipher: PersonalDataCipher, on database: any Database) async throws -> [Int] {
        let now = Date().formatted(.iso8601)
        let ids = try await RowIDs(MemberModel.schema, on: database).take(members.count)
        let rows = try zip(members, ids).map { member, id in
            let organization = organizations[member.organizationKey]!
            return try MemberRow(
                id: id, organization: .init(id: organization.id!, path: organization.path, countyID: organization.countyID),
                name: member.name, gender: member.gender, ethnicity: member.ethnicity, birthDate: member.birthDate,
                idNumber: member.idNumber, phone: member.phone, education: member.education, category: member.category,
                membership: member.membership, joinedOn: member.joinedOn, fullOn: member.fullOn, job: member.job,
                address: member.address, status: member.status, statusSince: member.statusSince, leaveReason: member.leaveReason,
                statusNote: member.statusNote, cipher: cipher, now: now)
        }
        try await MemberRow.insert(rows, on: database)
        return ids
    }
}
