import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 干部群众面对面: on market days (赶场) cadres sit at a service point; the schedule — which cadres, where, which day — is
/// published on the public page and printable for the notice board; afterwards each session records how many were
/// served, and each concern taken there enters the demand loop.
final class FaceSessionModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "face_sessions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    /// The service point: `柳河镇集市便民服务点`.
    @Field(key: "place") var place: String
    @Field(key: "held_on") var heldOn: CalendarDate
    /// `09:00-12:00`.
    @Field(key: "hours") var hours: String
    /// The cadres on duty with their posts, as published: `王忠春（东岗村党支部书记）`, one a line.
    @Field(key: "cadres") var cadres: String
    /// What they help with that day.
    @Field(key: "topics") var topics: String
    @OptionalField(key: "served") var served: Int?
    @OptionalField(key: "notes") var notes: String?
    /// Requests raised at the session, as ids, comma-separated.
    @Field(key: "demand_ids") var demandIDs: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Double

    init() {}

    var demands: [Int] { demandIDs.split(separator: ",").compactMap { Int($0) } }
}

struct M0042FaceToFace: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FaceSessionModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("place", .string, .required)
            .field("held_on", .string, .required)
            .field("hours", .string, .required)
            .field("cadres", .string, .required)
            .field("topics", .string, .required)
            .field("served", .int)
            .field("notes", .string)
            .field("demand_ids", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "face_sessions_path_date").on(FaceSessionModel.schema).column("path").column("held_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FaceSessionModel.schema).delete()
    }
}

enum FaceToFace {
    struct Input: Content {
        var organizationID: LenientID?
        var place: String?
        var heldOn: String?
        /// `09:00-12:00`.
        var hours: String?
        var cadres: String?
        var topics: String?
    }

    struct RecordInput: Content {
        var served: LenientID?
        var notes: String?
    }

    struct ConcernInput: Content {
        var category: String?
        /// Where the person lives or what it is about: `三组`.
        var place: String?
        var text: String?
    }

    struct Session: Content {
        let id: Int
        let organizationID: Int
        let organizationName: String
        let place: String
        let heldOn: String
        let weekday: String
        let hours: String
        let cadres: [String]
        let topics: String
        let served: Int?
        let notes: String?
        let demandIDs: [Int]?
    }

    static func view(_ model: FaceSessionModel, organizationName: String, full: Bool) -> Session? {
        model.id.map {
            Session(id: $0, organizationID: model.organizationID, organizationName: organizationName, place: model.place, heldOn: model.heldOn.description,
                    weekday: ServiceWork.weekdayNames[model.heldOn.weekday], hours: model.hours,
                    cadres: model.cadres.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty }, topics: model.topics,
                    served: model.served, notes: full ? model.notes : nil, demandIDs: full ? model.demands : nil)
        }
    }

    static func create(_ input: Input, on request: Request) async throws -> FaceSessionModel {
        let actor = try request.requireActor()
        let organization = try await OrganizationStore.find(input.organizationID?.value, for: .serviceWrite, on: request)
        var problems: [FieldError] = []
        let place = input.place?.trimmed ?? ""
        if !(2...40).contains(place.count) { problems.append(FieldError(field: "place", message: "请填写服务点（2–40 字），如“柳河镇集市便民服务点”")) }
        let today = request.today
        let heldOn = input.heldOn.flatMap(CalendarDate.init(parsing:))
        if heldOn == nil { problems.append(FieldError(field: "heldOn", message: "请填写日期（如 2026-12-05）")) }
        if let heldOn, heldOn < today.adding(days: -30) || heldOn > today.adding(days: 180) {
            problems.append(FieldError(field: "heldOn", message: "日期应在 30 天前到半年后之间"))
        }
        let hours = input.hours?.trimmed ?? ""
        if ServiceSchedule.times(hours) == nil { problems.append(FieldError(field: "hours", message: "请填写时间，如“09:00-12:00”")) }
        let cadres = (input.cadres ?? "").split(whereSeparator: { $0 == "\n" || $0 == "、" || $0 == "，" }).map { String($0).trimmed }.filter { !$0.isEmpty }
        if cadres.isEmpty || cadres.count > 12 || cadres.contains(where: { $0.count > 40 }) {
            problems.append(FieldError(field: "cadres", message: "请填写值班干部（1–12 人，每行一人，如“王忠春（东岗村党支部书记）”）"))
        }
        let topics = input.topics?.trimmed ?? ""
        if !(2...200).contains(topics.count) { problems.append(FieldError(field: "topics", message: "请填写服务内容（2–200 字），如“政策咨询、矛盾调解、代办社保”")) }
        for (field, text) in [("cadres", cadres.joined()), ("topics", topics), ("place", place)] where VisitDiary.holdsNumber(text) {
            problems.append(FieldError(field: field, message: "公开的排班表不登电话号码，群众可以到场或在平台上提出诉求"))
        }
        guard problems.isEmpty, let heldOn, let span = ServiceSchedule.times(hours) else { throw FormProblems(problems) }
        let model = FaceSessionModel()
        model.organizationID = try organization.requireID()
        model.path = organization.path
        model.place = place
        model.heldOn = heldOn
        model.hours = "\(ServiceSchedule.clock(span.0))-\(ServiceSchedule.clock(span.1))"
        model.cadres = cadres.joined(separator: "\n")
        model.topics = topics
        model.demandIDs = ""
        model.createdBy = actor.accountID
        model.createdAt = request.now.timeIntervalSince1970
        return try await request.write { database in
            try await model.create(on: database)
            return (model, AuditEvent("face.schedule", target: "face_session", id: model.id, organization: model.organizationID,
                                      detail: "干部群众面对面排班：\(heldOn) \(place)（\(cadres.count) 名干部）"))
        }
    }

    static func kept(_ id: Int?, on request: Request) async throws -> FaceSessionModel {
        guard let id, let model = try await FaceSessionModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该场次") }
        guard try request.policy.allows(.serviceWrite, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("face.schedule", target: "face_session", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到该场次")
        }
        return model
    }

    static func record(_ model: FaceSessionModel, _ input: RecordInput, on request: Request) async throws {
        guard model.heldOn <= request.today else { throw FormProblems(field: "served", "场次还没到，服务结束后再登记") }
        guard let served = input.served?.value, (0...5000).contains(served) else { throw FormProblems(field: "served", "请填写接待人数（0–5000）") }
        let notes = input.notes?.trimmed ?? ""
        guard notes.count <= 500 else { throw FormProblems(field: "notes", "情况说明不超过 500 字") }
        guard !VisitDiary.holdsNumber(notes) else { throw FormProblems(field: "notes", VisitDiary.sealedMessage) }
        model.served = served
        model.notes = notes.isEmpty ? nil : notes
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("face.record", target: "face_session", id: model.id, organization: model.organizationID,
                                   detail: "干部群众面对面 \(model.heldOn) \(model.place)：接待 \(served) 人"))
        }
    }

    /// A concern taken at the session becomes a request of the cadre's, in the demand loop, marked 【面对面】.
    static func concern(_ model: FaceSessionModel, _ input: ConcernInput, on request: Request) async throws -> Int {
        let text = input.text?.trimmed ?? ""
        guard !VisitDiary.holdsNumber(text) else { throw FormProblems(field: "text", VisitDiary.sealedMessage) }
        let (demand, _) = try await DemandWork.submit(
            DemandWork.SubmitInput(kind: DemandKind.demand.rawValue, category: input.category, organizationID: nil, place: input.place,
                                   text: text.isEmpty ? nil : "【面对面】\(model.heldOn) \(model.place)：\(text)"),
            photos: [], addressedTo: try await OrganizationModel.find(model.organizationID, on: request.db), on: request)
        let demandID = try demand.requireID()
        model.demandIDs = (model.demands + [demandID]).map(String.init).joined(separator: ",")
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("face.concern", target: "face_session", id: model.id, organization: model.organizationID,
                                   detail: "干部群众面对面 \(model.heldOn) 收集诉求 \(demandID)"))
        }
        return demandID
    }

    /// Sessions of an organization and those above it from `from` on: what its people may go to.
    static func schedule(reaching organization: OrganizationModel, from: CalendarDate, days: Int, on database: any Database) async throws -> [Session] {
        let models = try await FaceSessionModel.query(on: database).filter(\.$organizationID ~~ organization.orgPath.ids)
            .filter(\.$heldOn >= from).filter(\.$heldOn <= from.adding(days: days)).sort(\.$heldOn).sort(\.$hours).limit(200).all()
        let names = try await PublicView.organizationNames(Set(models.map(\.organizationID)), on: database)
        return models.compactMap { view($0, organizationName: names[$0.organizationID] ?? "", full: false) }
    }

    /// Sessions the caller keeps, newest first.
    static func kept(on request: Request) async throws -> [Session] {
        var models: [FaceSessionModel] = []
        for scope in try request.policy.scopes(for: .serviceWrite) {
            models += try await FaceSessionModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .sort(\.$heldOn, .descending).limit(200).all()
        }
        let names = try await PublicView.organizationNames(Set(models.map(\.organizationID)), on: request.db)
        return models.compactMap { view($0, organizationName: names[$0.organizationID] ?? "", full: true) }
    }
}
