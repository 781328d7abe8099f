import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 民情日记: a member's visit to a household (红色细胞走访) — where, when, what was heard, what follows — logged from the
/// phone; a concern becomes a request in the demand loop in one step; the branch sees its members' visits by grid.
final class VisitModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "visits"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "account_id") var accountID: Int
    /// The member's branch when the visit was logged.
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    /// 网格、楼栋 or 村民小组: `三组`, `2 号楼`.
    @Field(key: "grid") var grid: String
    /// The household as the member knows it: `李家`, `3 单元 201`; never a phone or an ID number.
    @Field(key: "household") var household: String
    @Field(key: "visited_on") var visitedOn: CalendarDate
    @Field(key: "heard") var heard: String
    @Field(key: "follow_up") var followUp: String
    @OptionalField(key: "demand_id") var demandID: Int?
    @Field(key: "created_at") var createdAt: Double

    init() {}
}

struct M0041Visits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("member_id", .int, .required, .references(MemberModel.schema, "id"))
            .field("account_id", .int, .required)
            .field("organization_id", .int, .required)
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("grid", .string, .required)
            .field("household", .string, .required)
            .field("visited_on", .string, .required)
            .field("heard", .string, .required)
            .field("follow_up", .string, .required)
            .field("demand_id", .int)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "visits_path_date").on(VisitModel.schema).column("path").column("visited_on").run()
        try await database.sql.create(index: "visits_member").on(VisitModel.schema).column("member_id").column("visited_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VisitModel.schema).delete()
    }
}

enum VisitDiary {
    struct Input: Content {
        var grid: String?
        var household: String?
        var visitedOn: String?
        var heard: String?
        var followUp: String?
        /// Set to a category (`infrastructure`, or its Chinese name) to turn the concern into a request at once.
        var demandCategory: String?
    }

    struct DemandInput: Content {
        var category: String?
        /// The organization asked; the member's branch by default.
        var organizationID: Int?
    }

    struct Visit: Content {
        let id: Int
        let memberName: String
        let grid: String
        let household: String
        let visitedOn: String
        let heard: String
        let followUp: String
        let demandID: Int?
    }

    struct Grid: Content {
        let grid: String
        let visits: Int
        let households: Int
        let members: Int
        let demands: Int
        let lastOn: String
    }

    struct Overview: Content {
        let organizationID: Int
        let organizationName: String
        let from: String
        let to: String
        let grids: [Grid]
        let visits: [Visit]
    }

    static let sealedMessage = "不要在民情日记里记电话号码或身份证号（它们只能加密保存在党员信息中）；写“李家”“3 单元 201”即可"

    /// A run of 11 digits or more is a phone or an ID number.
    static func holdsNumber(_ text: String) -> Bool {
        var run = 0
        for character in text {
            if character.isASCIIDigit || ("０"..."９").contains(character) { run += 1 } else if character != " " && character != "-" { run = 0 }
            if run >= 11 { return true }
        }
        return false
    }

    static func member(of request: Request) async throws -> MemberModel {
        let actor = try request.requireActor()
        guard let memberID = actor.memberID, let member = try await MemberModel.find(memberID, on: request.db) else {
            throw Abort(.forbidden, reason: "民情日记由党员本人记录")
        }
        return member
    }

    static func log(_ input: Input, on request: Request) async throws -> VisitModel {
        let actor = try request.requireActor()
        let member = try await member(of: request)
        var problems: [FieldError] = []
        let grid = input.grid?.trimmed ?? ""
        if !(1...20).contains(grid.count) { problems.append(FieldError(field: "grid", message: "请填写网格、楼栋或村民小组（1–20 字），如“三组”")) }
        let household = input.household?.trimmed ?? ""
        if !(1...30).contains(household.count) { problems.append(FieldError(field: "household", message: "请填写走访的农户或住户（1–30 字），如“李家”")) }
        let heard = input.heard?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !(2...1000).contains(heard.count) { problems.append(FieldError(field: "heard", message: "请写下听到的情况和诉求（2–1000 字）")) }
        let followUp = input.followUp?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if followUp.count > 500 { problems.append(FieldError(field: "followUp", message: "跟进打算不超过 500 字")) }
        for (field, text) in [("household", household), ("heard", heard), ("followUp", followUp), ("grid", grid)] where holdsNumber(text) {
            problems.append(FieldError(field: field, message: sealedMessage))
        }
        let today = request.today
        let visitedOn = input.visitedOn.flatMap { $0.trimmed.isEmpty ? nil : $0 }.map { CalendarDate(parsing: $0) } ?? today
        if visitedOn == nil { problems.append(FieldError(field: "visitedOn", message: "请填写走访日期（如 2026-12-01）")) }
        if let visitedOn, visitedOn > today || visitedOn < today.adding(days: -90) {
            problems.append(FieldError(field: "visitedOn", message: "走访日期应在今天和 90 天前之间"))
        }
        let category = input.demandCategory.flatMap { $0.trimmed.isEmpty ? nil : $0 }
        if let category, DemandCategory(label: category) == nil {
            problems.append(FieldError(field: "demandCategory", message: "请选择诉求类别"))
        }
        guard problems.isEmpty, let visitedOn else { throw FormProblems(problems) }
        guard let branch = try await OrganizationModel.find(member.organizationID, on: request.db) else { throw Abort(.notFound) }
        let model = VisitModel()
        model.memberID = try member.requireID()
        model.accountID = actor.accountID
        model.organizationID = member.organizationID
        model.path = branch.path
        model.grid = grid
        model.household = household
        model.visitedOn = visitedOn
        model.heard = heard
        model.followUp = followUp
        model.createdAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await model.create(on: database)
            return ((), AuditEvent("visit.log", target: "visit", id: model.id, organization: member.organizationID,
                                   detail: "\(member.name)记录民情日记（\(grid) · \(visitedOn)）"))
        }
        if let category { try await toDemand(model, DemandInput(category: category), on: request) }
        return model
    }

    /// The member's own visit.
    static func own(_ id: Int?, on request: Request) async throws -> VisitModel {
        let member = try await member(of: request)
        guard let id, let model = try await VisitModel.find(id, on: request.db), model.memberID == member.id else {
            throw Abort(.notFound, reason: "没有找到这条民情日记")
        }
        return model
    }

    /// The concern heard becomes a request of the member's, addressed to the branch (or a level above), in the
    /// demand loop; the diary keeps the link.
    @discardableResult
    static func toDemand(_ model: VisitModel, _ input: DemandInput, on request: Request) async throws -> Int {
        guard model.demandID == nil else { throw FormProblems(field: "category", "这条民情日记已经转为诉求") }
        guard let category = input.category.flatMap(DemandCategory.init(label:)) else { throw FormProblems(field: "category", "请选择诉求类别") }
        let text = "【民情日记】\(model.household)（\(model.visitedOn) 走访）：\(model.heard)"
        let (demand, _) = try await DemandWork.submit(
            DemandWork.SubmitInput(kind: DemandKind.demand.rawValue, category: category.rawValue, organizationID: input.organizationID,
                                   place: String(model.grid.prefix(60)), text: String(text.prefix(2000))),
            photos: [], on: request)
        let demandID = try demand.requireID()
        model.demandID = demandID
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("visit.demand", target: "visit", id: model.id, organization: model.organizationID,
                                   detail: "民情日记转为诉求 \(demandID)（\(category.chinese)）"))
        }
        return demandID
    }

    static func views(_ models: [VisitModel], on database: any Database) async throws -> [Visit] {
        let members = try await MemberModel.query(on: database).filter(\.$id ~~ Set(models.map(\.memberID))).all()
        return models.compactMap { model in
            model.id.map { Visit(id: $0, memberName: members.first { $0.id == model.memberID }?.name ?? "", grid: model.grid, household: model.household,
                                 visitedOn: model.visitedOn.description, heard: model.heard, followUp: model.followUp, demandID: model.demandID) }
        }
    }

    static func mine(on request: Request) async throws -> [Visit] {
        let member = try await member(of: request)
        let models = try await VisitModel.query(on: request.db).filter(\.$memberID == member.requireID()).sort(\.$visitedOn, .descending)
            .sort(\.$id, .descending).limit(200).all()
        return try await views(models, on: request.db)
    }

    /// The visits under an organization in the last `days` days, by grid, and the newest of them.
    static func overview(_ organization: OrganizationModel, days: Int, on request: Request) async throws -> Overview {
        let path = organization.orgPath
        let to = request.today, from = request.today.adding(days: -(days - 1))
        let models = try await VisitModel.query(on: request.db).filter(\.$path >= path.value).filter(\.$path < path.upperBound)
            .filter(\.$visitedOn >= from).sort(\.$visitedOn, .descending).sort(\.$id, .descending).limit(20_000).all()
        let grids = Dictionary(grouping: models, by: \.grid).map { grid, list in
            Grid(grid: grid, visits: list.count, households: Set(list.map(\.household)).count, members: Set(list.map(\.memberID)).count,
                 demands: list.filter { $0.demandID != nil }.count, lastOn: list.map(\.visitedOn).max()?.description ?? "")
        }
        return Overview(organizationID: try organization.requireID(), organizationName: organization.name, from: from.description, to: to.description,
                        grids: grids.sorted { ($0.visits, $0.grid) > ($1.visits, $1.grid) },
                        visits: try await views(Array(models.prefix(100)), on: request.db))
    }
}
