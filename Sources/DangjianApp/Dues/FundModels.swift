import DangjianCore
import Fluent
import Foundation

/// 党建经费预算 — what an organization may spend on one purpose in one year.
final class FundBudgetModel: Model, @unchecked Sendable {
    static let schema = "fund_budgets"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "year") var year: Int
    @Field(key: "purpose") var purpose: FundPurpose
    @Field(key: "amount_fen") var amountFen: Int
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "updated_at", on: .update, format: .iso8601) var updatedAt: Date?

    init() {}
}

/// 经费支出 — money spent against a budget line; `overrideReason` is set when it went outside the purpose or past the
/// budget by a stated decision.
final class FundSpendingModel: Model, @unchecked Sendable {
    static let schema = "fund_spendings"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "year") var year: Int
    @Field(key: "purpose") var purpose: FundPurpose
    @Field(key: "amount_fen") var amountFen: Int
    @Field(key: "spent_on") var spentOn: CalendarDate
    @Field(key: "payee") var payee: String
    @Field(key: "description") var description: String
    @OptionalField(key: "override_reason") var overrideReason: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}

/// 党内温暖工程 — money in (拨款、划拨、捐款) and help out to members in difficulty, each grant applied for and approved.
final class WarmthEntryModel: Model, @unchecked Sendable {
    static let schema = "warmth_entries"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case donation
        case grant
    }

    enum State: String, Codable, Sendable, CaseIterable {
        /// A donation received, or a grant paid.
        case done
        case applied
        case refused

        var chinese: String {
            switch self {
            case .done: "已发放"
            case .applied: "待审批"
            case .refused: "未批准"
            }
        }
    }

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "kind") var kind: Kind
    @OptionalField(key: "source") var source: WarmthSource?
    /// The donor, or the member helped.
    @Field(key: "party") var party: String
    @OptionalField(key: "member_id") var memberID: Int?
    @Field(key: "amount_fen") var amountFen: Int
    @Field(key: "reason") var reason: String
    @Field(key: "state") var state: State
    @Field(key: "on_date") var onDate: CalendarDate
    @OptionalField(key: "decided_on") var decidedOn: CalendarDate?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}
