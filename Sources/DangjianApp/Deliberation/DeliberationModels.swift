import DangjianCore
import Fluent
import SQLKit

/// One village matter decided by 四议两公开: what it is, where it came from (a resident's request), where it stands.
final class DeliberationModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "deliberations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "title") var title: String
    /// What is proposed, as the 村党组织 put it.
    @Field(key: "summary") var summary: String
    /// The resident's or member's request it started from.
    @OptionalField(key: "demand_id") var demandID: Int?
    @Field(key: "state") var state: DeliberationState
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Double
    @Field(key: "updated_at") var updatedAt: Double

    init() {}
}

/// One step taken: its meeting with the roll, attendance and votes, or the publication it put on 三务公开.
final class DeliberationStepModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "deliberation_steps"
    static let parentTable = DeliberationModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "deliberation_id") var deliberationID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "step") var step: DeliberationStep
    @Field(key: "held_on") var heldOn: CalendarDate
    @OptionalField(key: "assembly") var assembly: Assembly?
    @OptionalField(key: "roll") var roll: Int?
    @OptionalField(key: "present") var present: Int?
    @OptionalField(key: "yes") var yes: Int?
    @OptionalField(key: "no") var no: Int?
    @OptionalField(key: "abstain") var abstain: Int?
    @Field(key: "passed") var passed: Bool
    /// The meeting's minutes in brief, or the text published.
    @Field(key: "text") var text: String
    @OptionalField(key: "publication_id") var publicationID: Int?
    @Field(key: "recorded_by") var recordedBy: Int
    @Field(key: "recorded_at") var recordedAt: Double

    var parentID: Int { deliberationID }

    var vote: AssemblyVote? {
        guard let roll, let present, let yes, let no, let abstain else { return nil }
        return AssemblyVote(roll: roll, present: present, yes: yes, no: no, abstain: abstain)
    }

    init() {}
}

/// 四议两公开.
struct M0034Deliberations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DeliberationModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("demand_id", .int)
            .field("state", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .create()
        try await database.sql.create(index: "deliberations_path").on(DeliberationModel.schema).column("path").column("id").run()
        try await database.sql.create(index: "deliberations_organization").on(DeliberationModel.schema).column("organization_id").run()
        try await database.schema(DeliberationStepModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("deliberation_id", .int, .required, .references(DeliberationModel.schema, "id", onDelete: .cascade))
            .field("county_id", .int)
            .field("step", .string, .required)
            .field("held_on", .string, .required)
            .field("assembly", .string)
            .field("roll", .int)
            .field("present", .int)
            .field("yes", .int)
            .field("no", .int)
            .field("abstain", .int)
            .field("passed", .bool, .required)
            .field("text", .string, .required)
            .field("publication_id", .int)
            .field("recorded_by", .int, .required)
            .field("recorded_at", .double, .required)
            .unique(on: "deliberation_id", "step")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DeliberationStepModel.schema).delete()
        try await database.schema(DeliberationModel.schema).delete()
    }
}
