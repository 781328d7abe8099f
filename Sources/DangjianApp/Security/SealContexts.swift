import Foundation

/// The places values are sealed in (`SealContext`), named once.
extension SealContext {
    static func memberIDNumber(_ row: Int) -> SealContext { SealContext(MemberModel.schema, "id_cipher", row: row) }
    static func memberPhone(_ row: Int) -> SealContext { SealContext(MemberModel.schema, "phone_cipher", row: row) }
    static func caseIDNumber(_ row: Int) -> SealContext { SealContext(DevelopmentCaseModel.schema, "id_cipher", row: row) }
    static func casePhone(_ row: Int) -> SealContext { SealContext(DevelopmentCaseModel.schema, "phone_cipher", row: row) }
    /// A year's dues assessment: its row is the member and the year (unique together).
    static func duesBase(member: Int, year: Int) -> SealContext { SealContext(DuesAssessmentModel.schema, "base_cipher", row: "\(member)/\(year)") }
    static func duesExplanation(member: Int, year: Int) -> SealContext {
        SealContext(DuesAssessmentModel.schema, "explanation_cipher", row: "\(member)/\(year)")
    }
    static func otpSecret(_ account: Int) -> SealContext { SealContext(AccountModel.schema, "otp_secret", row: account) }
}
