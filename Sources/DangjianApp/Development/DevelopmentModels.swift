import DangjianCore
import Fluent
import Foundation

/// 发展对象档案 — a person on the way to membership. The steps and their details are kept as one JSON document
/// (the Core `DevelopmentCase`); stage and next step are copied into columns for lists and funnels.
final class DevelopmentCaseModel: Model, @unchecked Sendable {
    static let schema = "development_cases"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "name") var name: String
    @Field(key: "gender") var gender: Gender
    @Field(key: "birth_date") var birthDate: CalendarDate
    @Field(key: "id_cipher") var idCipher: String
    @Field(key: "id_hash") var idHash: String
    @Field(key: "id_mask") var idMask: String
    @OptionalField(key: "phone_cipher") var phoneCipher: String?
    @OptionalField(key: "phone_mask") var phoneMask: String?
    @Field(key: "stage") var stage: Int
    @OptionalField(key: "next_step") var nextStep: Int?
    /// The date of the step that opened the current stage, for "how long at this stage".
    @Field(key: "stage_since") var stageSince: CalendarDate
    @Field(key: "state") var state: String
    /// The register record, once the person is admitted as a probationary member.
    @OptionalField(key: "member_id") var memberID: Int?
    @Field(key: "closed") var closed: Bool
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update, format: .iso8601) var updatedAt: Date?

    init() {}

    var development: DevelopmentCase {
        get { (try? JSONDecoder().decode(DevelopmentCase.self, from: Data(state.utf8))) ?? DevelopmentCase(birthDate: birthDate) }
        set {
            state = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("{}".utf8), as: UTF8.self)
            stage = newValue.stage.rawValue
            nextStep = newValue.nextStep?.rawValue
            closed = newValue.closed
            let firstOfStage = newValue.records.first { $0.step.stage == newValue.stage }
            stageSince = firstOfStage?.date ?? stageSince
        }
    }
}

/// One line of a person's development timeline: a step, a review, an extension, who recorded it and the rule it met.
final class DevelopmentEventModel: Model, @unchecked Sendable {
    static let schema = "development_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "case_id") var caseID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @OptionalField(key: "step") var step: Int?
    @Field(key: "action") var action: String
    @Field(key: "on_date") var onDate: CalendarDate
    @Field(key: "summary") var summary: String
    @OptionalField(key: "rule") var rule: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Field(key: "actor_name") var actorName: String
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}

    init(caseID: Int, step: DevelopmentStep?, action: String, onDate: CalendarDate, summary: String, rule: String?,
         accountID: Int?, actorName: String) {
        self.caseID = caseID
        self.step = step?.rawValue
        self.action = action
        self.onDate = onDate
        self.summary = summary
        self.rule = rule
        self.accountID = accountID
        self.actorName = actorName
    }
}
