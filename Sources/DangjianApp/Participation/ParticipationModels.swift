import DangjianCore
import Fluent
import SQLKit

/// 登记码 — a one-time code the village or community office gives a resident, in person or over the phone, to register
/// an account tied to that organization (no SMS gateway is reachable in an isolated network). Only its keyed hash is
/// kept; the office sees the code once, when it is issued.
final class RegistrationCodeModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "registration_codes"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "code_hash") var codeHash: String
    /// What the office wrote to recognise the code later (`三组 王家`), at most 30 characters; never a phone number.
    @OptionalField(key: "label") var label: String?
    @Field(key: "issued_by") var issuedBy: Int
    @Field(key: "issued_at") var issuedAt: Double
    @Field(key: "expires_at") var expiresAt: Double
    @OptionalField(key: "used_at") var usedAt: Double?
    @OptionalField(key: "account_id") var accountID: Int?

    init() {}
}

/// 诉求 or 意见建议 — one request of a member or resident, with where it stands (`DemandFlow`) and who handles it now.
final class DemandModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "demands"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// The organization responsible now (it changes when the request is passed on or goes to the level above).
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    /// Where the submitter sent it first.
    @Field(key: "origin_organization_id") var originOrganizationID: Int
    @Field(key: "kind") var kind: DemandKind
    @Field(key: "category") var category: DemandCategory
    @Field(key: "place") var place: String
    @Field(key: "text") var text: String
    @Field(key: "account_id") var accountID: Int
    /// The tracking code's keyed hash, for the public lookup; the code itself sealed, for the submitter's own pages.
    @Field(key: "tracking_hash") var trackingHash: String
    @Field(key: "tracking_cipher") var trackingCipher: String
    @Field(key: "state") var state: DemandState
    @Field(key: "round") var round: Int
    @Field(key: "clock_start") var clockStart: CalendarDate
    @OptionalField(key: "acknowledged_on") var acknowledgedOn: CalendarDate?
    @OptionalField(key: "answered_on") var answeredOn: CalendarDate?
    /// The public answer: shown on the organization's public page without anything about the submitter.
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "verdict") var verdict: DemandVerdict?
    @OptionalField(key: "verdict_reason") var verdictReason: String?
    @Field(key: "submitted_at") var submittedAt: Double
    @Field(key: "updated_at") var updatedAt: Double

    init() {}

    var flow: DemandFlow {
        DemandFlow(state: state, round: round, clockStart: clockStart, acknowledgedOn: acknowledgedOn, answeredOn: answeredOn, verdict: verdict)
    }

    func apply(_ flow: DemandFlow) {
        state = flow.state
        round = flow.round
        clockStart = flow.clockStart
        acknowledgedOn = flow.acknowledgedOn
        answeredOn = flow.answeredOn
        verdict = flow.verdict
    }
}

/// One step in a request's history, as its page and the public lookup show it.
final class DemandEventModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "demand_events"
    static let parentTable = DemandModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "demand_id") var demandID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "step") var step: DemandStep
    /// The organization that took the step, or to which the request went (passing on, reopening).
    @Field(key: "organization_id") var organizationID: Int
    @OptionalField(key: "account_id") var accountID: Int?
    /// What the step says publicly (an answer, a reason for passing on, the verdict's reason); never who submitted.
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_at") var createdAt: Double

    var parentID: Int { demandID }

    init() {}

    init(demandID: Int, step: DemandStep, organizationID: Int, accountID: Int?, note: String?, at time: Double) {
        self.demandID = demandID
        self.step = step
        self.organizationID = organizationID
        self.accountID = accountID
        self.note = note
        self.createdAt = time
    }
}

/// Residents' accounts, registration codes, and the suggestion-and-demand loop.
struct M0029Participation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // A resident signs in with their phone number: kept sealed, masked for the office, found by its keyed hash.
        try await database.schema(AccountModel.schema).field("phone_cipher", .string).update()
        try await database.schema(AccountModel.schema).field("phone_mask", .string).update()
        try await database.schema(AccountModel.schema).field("phone_hash", .string).update()
        try await database.sql.create(index: "accounts_phone_hash").unique().on(AccountModel.schema).column("phone_hash").run()
        try await database.schema(RegistrationCodeModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("code_hash", .string, .required)
            .field("label", .string)
            .field("issued_by", .int, .required)
            .field("issued_at", .double, .required)
            .field("expires_at", .double, .required)
            .field("used_at", .double)
            .field("account_id", .int)
            .unique(on: "code_hash")
            .create()
        try await database.sql.create(index: "registration_codes_path").on(RegistrationCodeModel.schema).column("path").run()
        try await database.schema(DemandModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("origin_organization_id", .int, .required)
            .field("kind", .string, .required)
            .field("category", .string, .required)
            .field("place", .string, .required)
            .field("text", .string, .required)
            .field("account_id", .int, .required, .references(AccountModel.schema, "id"))
            .field("tracking_hash", .string, .required)
            .field("tracking_cipher", .string, .required)
            .field("state", .string, .required)
            .field("round", .int, .required)
            .field("clock_start", .string, .required)
            .field("acknowledged_on", .string)
            .field("answered_on", .string)
            .field("answer", .string)
            .field("verdict", .string)
            .field("verdict_reason", .string)
            .field("submitted_at", .double, .required)
            .field("updated_at", .double, .required)
            .unique(on: "tracking_hash")
            .create()
        try await database.sql.create(index: "demands_path").on(DemandModel.schema).column("path").column("id").run()
        try await database.sql.create(index: "demands_account").on(DemandModel.schema).column("account_id").column("id").run()
        try await database.schema(DemandEventModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("demand_id", .int, .required, .references(DemandModel.schema, "id", onDelete: .cascade))
            .field("county_id", .int)
            .field("step", .string, .required)
            .field("organization_id", .int, .required)
            .field("account_id", .int)
            .field("note", .string)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "demand_events_demand").on(DemandEventModel.schema).column("demand_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DemandEventModel.schema).delete()
        try await database.schema(DemandModel.schema).delete()
        try await database.schema(RegistrationCodeModel.schema).delete()
        try await database.sql.drop(index: "accounts_phone_hash").run()
        for field in ["phone_hash", "phone_mask", "phone_cipher"] {
            try await database.schema(AccountModel.schema).deleteField(FieldKey(stringLiteral: field)).update()
        }
    }
}
