import DangjianCore
import Fluent
import Foundation

/// 核定 — a member's monthly dues for one year, with how they were worked out.
final class DuesAssessmentModel: Model, @unchecked Sendable {
    static let schema = "dues_assessments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "year") var year: Int
    @Field(key: "category") var category: DuesCategory
    /// The monthly income the amount was worked out from, and the explanation that quotes it: personal, so sealed
    /// like ID numbers (AES-GCM with the data key).
    @OptionalField(key: "base_cipher") var baseCipher: String?
    @Field(key: "monthly_fen") var monthlyFen: Int
    @Field(key: "explanation_cipher") var explanationCipher: String
    @Field(key: "fixed_on") var fixedOn: CalendarDate
    /// Why an amount already fixed was changed during the year.
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "updated_at", on: .update, format: .iso8601) var updatedAt: Date?

    init() {}

    func base(_ cipher: PersonalDataCipher) throws -> Fen? {
        try baseCipher.map { sealed in
            guard let fen = Int(try cipher.open(sealed, for: .duesBase(member: memberID, year: year))) else { throw PersonalDataCipher.Problem.malformed }
            return Fen(fen)
        }
    }

    func explanation(_ cipher: PersonalDataCipher) throws -> String {
        try cipher.open(explanationCipher, for: .duesExplanation(member: memberID, year: year))
    }

    /// Seals the income and the explanation for this member's year (set `memberID` and `year` first).
    func seal(base: Fen?, explanation: String, cipher: PersonalDataCipher) throws {
        baseCipher = try base.map { try cipher.seal(String($0.value), for: .duesBase(member: memberID, year: year)) }
        explanationCipher = try cipher.seal(explanation, for: .duesExplanation(member: memberID, year: year))
    }
}

/// One month's dues paid by a member, recorded by the branch that collected it (its path stays with the money).
final class DuesPaymentModel: Model, @unchecked Sendable {
    static let schema = "dues_payments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    /// `2026-03`
    @Field(key: "month") var month: String
    @Field(key: "amount_fen") var amountFen: Int
    @Field(key: "paid_on") var paidOn: CalendarDate
    @Field(key: "method") var method: DuesPaymentMethod
    @OptionalField(key: "payer") var payer: String?
    /// The branch's approval of a back, quarterly or proxy payment.
    @OptionalField(key: "approval") var approval: String?
    /// The months paid together share a receipt number.
    @Field(key: "receipt") var receipt: String
    /// Why a payment made more than 30 days earlier was recorded only now (`RuleID.lateRecordDays`).
    @OptionalField(key: "late_reason") var lateReason: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}

/// 自愿多交党费 — a voluntary payment beyond the monthly dues; 1,000 yuan or more at once goes to the Centre.
final class DuesVoluntaryModel: Model, @unchecked Sendable {
    static let schema = "dues_voluntary"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "amount_fen") var amountFen: Int
    @Field(key: "paid_on") var paidOn: CalendarDate
    @Field(key: "to_centre") var toCentre: Bool
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}

/// 少交或免交党费的申请 — from the member, decided by the branch, approved one level up.
final class DuesReductionModel: Model, @unchecked Sendable {
    static let schema = "dues_reductions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "name") var name: String
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "from_month") var fromMonth: String
    @Field(key: "through_month") var throughMonth: String
    @Field(key: "monthly_fen") var monthlyFen: Int
    @Field(key: "reason") var reason: String
    @Field(key: "state") var state: DuesReductionState
    @Field(key: "applied_on") var appliedOn: CalendarDate
    @OptionalField(key: "branch_note") var branchNote: String?
    @OptionalField(key: "branch_decided_on") var branchDecidedOn: CalendarDate?
    @OptionalField(key: "higher_note") var higherNote: String?
    @OptionalField(key: "higher_decided_on") var higherDecidedOn: CalendarDate?
    @OptionalField(key: "higher_organization_id") var higherOrganizationID: Int?
    /// Who filed the application (the member, or their branch for them).
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "updated_at", on: .update, format: .iso8601) var updatedAt: Date?

    init() {}

    var period: DuesPeriod { DuesPeriod(storedFrom: fromMonth, through: throughMonth) }
}

/// How the branch handled a run of unpaid months: what the member said, whether the reason is good, what was decided.
final class DuesArrearsReviewModel: Model, @unchecked Sendable {
    static let schema = "dues_arrears_reviews"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    /// The first unpaid month of the run and how long it was when handled.
    @Field(key: "since_month") var sinceMonth: String
    @Field(key: "months") var months: Int
    @Field(key: "reason_given") var reasonGiven: String
    @Field(key: "justified") var justified: Bool
    @Field(key: "decision") var decision: String
    @Field(key: "recorded_on") var recordedOn: CalendarDate
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}

/// 上缴 — dues an organization passes to the one above it.
final class DuesRemittanceModel: Model, @unchecked Sendable {
    static let schema = "dues_remittances"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "to_organization_id") var toOrganizationID: Int
    @Field(key: "from_month") var fromMonth: String
    @Field(key: "through_month") var throughMonth: String
    @Field(key: "amount_fen") var amountFen: Int
    @Field(key: "remitted_on") var remittedOn: CalendarDate
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}
}
