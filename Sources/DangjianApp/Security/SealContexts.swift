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
    /// A resident's phone: its row is named by the phone's lookup hash (unique), known before the row's id.
    static func accountPhone(hash: String) -> SealContext { SealContext(AccountModel.schema, "phone_cipher", row: hash) }
    /// A request's tracking code: its row is named by the code's lookup hash (unique).
    static func trackingCode(hash: String) -> SealContext { SealContext(DemandModel.schema, "tracking_cipher", row: hash) }
}
