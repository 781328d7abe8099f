import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 监督举报 — a report about a Party organization or a member, from anyone, possibly anonymous. The reporter's identity is
/// sealed at rest and opened only for the 纪检 role (`reportHandle`) after it writes why, each time audited; no page,
/// list, export, log line or audit detail carries it otherwise. The reporter follows the report by its tracking code.
final class SupervisionReportModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "supervision_reports"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// The organization the report concerns (or the one the reported member belongs to, as the reporter chose it).
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "subject") var subject: SupervisionSubject
    /// The member reported, as the reporter named them (empty for a report about the organization).
    @Field(key: "subject_name") var subjectName: String
    @Field(key: "text") var text: String
    @Field(key: "anonymous") var anonymous: Bool
    /// `ReporterIdentity` as JSON, sealed; nil for an anonymous report.
    @OptionalField(key: "reporter_cipher") var reporterCipher: String?
    @Field(key: "tracking_hash") var trackingHash: String
    @Field(key: "tracking_cipher") var trackingCipher: String
    @Field(key: "state") var state: SupervisionState
    /// What the reporter is told along the way, and at the end.
    @OptionalField(key: "progress") var progress: String?
    @OptionalField(key: "conclusion") var conclusion: String?
    @Field(key: "submitted_at") var submittedAt: Double
    @Field(key: "updated_at") var updatedAt: Double

    init() {}
}

struct M0030Supervision: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SupervisionReportModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("subject", .string, .required)
            .field("subject_name", .string, .required)
            .field("text", .string, .required)
            .field("anonymous", .bool, .required)
            .field("reporter_cipher", .string)
            .field("tracking_hash", .string, .required)
            .field("tracking_cipher", .string, .required)
            .field("state", .string, .required)
            .field("progress", .string)
            .field("conclusion", .string)
            .field("submitted_at", .double, .required)
            .field("updated_at", .double, .required)
            .unique(on: "tracking_hash")
            .create()
        try await database.sql.create(index: "supervision_reports_path").on(SupervisionReportModel.schema).column("path").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SupervisionReportModel.schema).delete()
    }
}

extension SealContext {
    static func reporter(hash: String) -> SealContext { SealContext(SupervisionReportModel.schema, "reporter_cipher", row: hash) }
    static func reportTracking(hash: String) -> SealContext { SealContext(SupervisionReportModel.schema, "tracking_cipher", row: hash) }
}

enum SupervisionWork {
    /// Reports from one address in an hour without signing in.
    static let anonymousReports = RateLimit(name: "report.source", limit: 10, window: 3600, keep: 3600, message: "提交过于频繁，请一小时后再试")

    struct Input: Content {
        var organizationID: Int?
        var subject: String?
        var subjectName: String?
        var text: String?
        /// "1" or true: send without a name. A report sent signed in is anonymous only when this is set.
        var anonymous: String?
        /// A reporter not signed in who wants to be contacted.
        var name: String?
        var phone: String?
    }

    struct Submitted: Content {
        let trackingCode: String
        let anonymous: Bool
    }

    /// A report as the 纪检 role sees it, without the reporter unless `reporter` was opened for this answer.
    struct View: Content {
        let id: Int
        let organizationID: Int
        let organizationName: String
        let subject: SupervisionSubject
        let subjectLabel: String
        let subjectName: String
        let text: String
        let anonymous: Bool
        let state: SupervisionState
        let stateLabel: String
        let progress: String?
        let conclusion: String?
        let submittedOn: String
        /// Present only in the answer to an audited reveal.
        let reporter: ReporterIdentity?
    }

    struct Summary: Content {
        let id: Int
        let organizationName: String
        let subjectLabel: String
        let subjectName: String
        let excerpt: String
        let anonymous: Bool
        let stateLabel: String
        let submittedOn: String
    }

    static func submit(_ input: Input, on request: Request) async throws -> Submitted {
        let now = request.now.timeIntervalSince1970
        let actor = request.actor
        if actor == nil {
            try await RateCounter.hitOrRefuse(anonymousReports, key: request.rateSource, now: now, on: request)
        }
        var problems: [FieldError] = []
        let organization = try await input.organizationID.asyncFlatMap { try await OrganizationModel.find($0, on: request.db) }
        if organization == nil { problems.append(FieldError(field: "organizationID", message: "请从党组织的公开页面进入举报，或选择举报涉及的党组织")) }
        let subject = input.subject.flatMap(SupervisionSubject.init(label:)) ?? .organization
        let subjectName = input.subjectName?.trimmed ?? ""
        if subject == .member && !(2...20).contains(subjectName.count) {
            problems.append(FieldError(field: "subjectName", message: "举报党员时请写明其姓名（2–20 字）"))
        }
        let text = input.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !(10...5000).contains(text.count) { problems.append(FieldError(field: "text", message: "请写明举报的具体事实（10–5000 字）")) }
        let anonymous = ["1", "true", "on"].contains(input.anonymous ?? "")
        var identity = ReporterIdentity(name: nil, phone: nil, accountID: nil)
        if !anonymous {
            if let actor {
                identity = ReporterIdentity(name: actor.displayName, phone: nil, accountID: actor.accountID)
            } else {
                let name = input.name?.trimmed ?? ""
                let phone = input.phone?.trimmed ?? ""
                if !(2...20).contains(name.count) { problems.append(FieldError(field: "name", message: "实名举报请写明姓名（2–20 字），或选择匿名")) }
                if (try? PhoneNumber(phone)) == nil { problems.append(FieldError(field: "phone", message: "实名举报请留下能联系到您的电话，或选择匿名")) }
                identity = ReporterIdentity(name: name, phone: (try? PhoneNumber(phone))?.value, accountID: nil)
            }
        }
        guard problems.isEmpty, let organization, let organizationID = organization.id else { throw FormProblems(problems) }
        let cipher = request.services.cipher
        var generator = SystemRandomNumberGenerator()
        let code = TrackingCode(using: &generator)
        let hash = cipher.lookupHash("report:" + code.value)
        let model = SupervisionReportModel()
        model.organizationID = organizationID
        model.path = organization.path
        model.subject = subject
        model.subjectName = subject == .member ? subjectName : ""
        model.text = text
        model.anonymous = anonymous
        model.reporterCipher = identity.isAnonymous ? nil
            : try cipher.seal(String(decoding: try JSONEncoder().encode(identity), as: UTF8.self), for: .reporter(hash: hash))
        model.trackingHash = hash
        model.trackingCipher = try cipher.seal(code.value, for: .reportTracking(hash: hash))
        model.state = .received
        model.submittedAt = now
        model.updatedAt = now
        // An anonymous report is recorded as from nobody: neither the account it was sent from nor the address.
        let origin = anonymous ? AuditOrigin(actorID: nil, actorName: "匿名举报人", requestID: request.id, clientAddress: "-") : nil
        try await request.write(as: origin) { database in
            try await model.create(on: database)
            // The audit entry says a report arrived and where; not who sent it (a signed-in sender's own entry would tell).
            return ((), AuditEvent("report.submit", target: "report", id: model.id, organization: organizationID,
                                   detail: anonymous ? "收到匿名监督举报" : "收到实名监督举报（身份已加密，仅纪检委员说明理由后可查看）"))
        }
        return Submitted(trackingCode: code.description, anonymous: anonymous)
    }

    static func find(_ id: Int?, on request: Request) async throws -> SupervisionReportModel {
        guard let id, let model = try await SupervisionReportModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到这件举报") }
        guard try request.policy.allows(.reportHandle, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("report.read", target: "report", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到这件举报")
        }
        return model
    }

    static func view(_ model: SupervisionReportModel, reporter: ReporterIdentity? = nil, on request: Request) async throws -> View {
        let name = try await OrganizationModel.find(model.organizationID, on: request.db)?.name ?? ""
        return View(id: try model.requireID(), organizationID: model.organizationID, organizationName: name, subject: model.subject,
                    subjectLabel: model.subject.chinese, subjectName: model.subjectName, text: model.text, anonymous: model.anonymous,
                    state: model.state, stateLabel: model.state.chinese, progress: model.progress, conclusion: model.conclusion,
                    submittedOn: CalendarDate(Date(timeIntervalSince1970: model.submittedAt)).description, reporter: reporter)
    }

    static func list(on request: Request) async throws -> [Summary] {
        let scopes = try request.policy.scopes(for: .reportHandle)
        guard !scopes.isEmpty else { return [] }
        struct Row: Decodable {
            let id: Int, subject: String, subject_name: String, text: String, anonymous: Bool, state: String, submitted_at: Double, name: String
        }
        let rows = try await request.db.sql.select()
            .columns(["id", "subject", "subject_name", "text", "anonymous", "state", "submitted_at"].map { SQLColumn($0, table: "r") })
            .column(SQLColumn("name", table: "o"))
            .from(SQLAlias(SQLIdentifier(SupervisionReportModel.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(OrganizationModel.schema), as: SQLIdentifier("o")),
                  on: SQLColumn("organization_id", table: "r"), .equal, SQLColumn("id", table: "o"))
            .within(scopes, path: SQLColumn("path", table: "r"))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "r"), direction: SQLDirection.descending)).limit(500)
            .all(decoding: Row.self)
        return rows.compactMap { row in
            guard let subject = SupervisionSubject(rawValue: row.subject), let state = SupervisionState(rawValue: row.state) else { return nil }
            return Summary(id: row.id, organizationName: row.name, subjectLabel: subject.chinese, subjectName: row.subject_name,
                           excerpt: String(row.text.prefix(40)), anonymous: row.anonymous, stateLabel: state.chinese,
                           submittedOn: CalendarDate(Date(timeIntervalSince1970: row.submitted_at)).description)
        }
    }

    struct StepInput: Content {
        /// `checking` (a progress note) or `concluded`.
        var state: String?
        /// What the reporter is told.
        var note: String?
    }

    static func step(_ model: SupervisionReportModel, _ input: StepInput, on request: Request) async throws {
        guard let next = input.state.flatMap(SupervisionState.init(label:)), next != .received else {
            throw FormProblems(field: "state", "请选择“核查中”或“已办结”")
        }
        do { try SupervisionFlow.check(model.state, to: next) } catch { throw FormProblems(field: "state", error.message) }
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (4...2000).contains(note.count) else { throw FormProblems(field: "note", "请写明告知举报人的情况（4–2000 字）；不写举报人的身份") }
        model.state = next
        if next == .concluded { model.conclusion = note } else { model.progress = note }
        model.updatedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent(next == .concluded ? "report.conclude" : "report.progress", target: "report", id: model.id,
                                   organization: model.organizationID, detail: next.chinese))
        }
    }

    struct RevealInput: Content {
        var reason: String?
    }

    /// Opens the reporter's identity for the 纪检 role, with the reason audited; the identity itself is never written down.
    static func reveal(_ model: SupervisionReportModel, _ input: RevealInput, on request: Request) async throws -> ReporterIdentity {
        let reason = input.reason?.trimmed ?? ""
        guard (4...200).contains(reason.count) else { throw FormProblems(field: "reason", "请写明查看举报人身份的理由（4–200 字），将记入审计日志") }
        guard let sealed = model.reporterCipher else { throw FormProblems(field: "reason", "这是匿名举报，没有举报人身份可以查看") }
        let identity = try JSONDecoder().decode(ReporterIdentity.self,
                                                from: Data(try request.services.cipher.open(sealed, for: .reporter(hash: model.trackingHash)).utf8))
        try await request.write { _ in
            ((), AuditEvent("report.reveal", target: "report", id: model.id, organization: model.organizationID, detail: "查看举报人身份，理由：\(reason)"))
        }
        return identity
    }

    /// The report behind a tracking code, as the reporter follows it: where it stands and what they were told.
    static func tracked(_ code: TrackingCode, on request: Request) async throws -> PublicView.Tracked? {
        let hash = request.services.cipher.lookupHash("report:" + code.value)
        guard let model = try await SupervisionReportModel.query(on: request.db).filter(\.$trackingHash == hash).first() else { return nil }
        let name = try await OrganizationModel.find(model.organizationID, on: request.db)?.name ?? ""
        let submitted = CalendarDate(Date(timeIntervalSince1970: model.submittedAt)).description
        return PublicView.Tracked(kindLabel: "监督举报", categoryLabel: model.subject.chinese, place: "", text: "（举报内容不在查询页显示）",
                                  stateLabel: model.state.chinese, organizationName: name, submittedOn: submitted, answerBy: nil, overdue: nil,
                                  answer: model.conclusion ?? model.progress, answeredOn: nil, verdictLabel: nil,
                                  history: [PublicView.Step(stepLabel: "提交", organizationName: name, on: submitted)])
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
