import DangjianCore
import Fluent
import Foundation

/// 党员 — one record of the member register. ID number and phone are stored sealed, beside a keyed hash for
/// equality lookup, the masked form for display and the last four characters for tail search.
final class MemberModel: Model, @unchecked Sendable {
    static let schema = "members"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    /// The organization's path, copied so that "members under X" is one range scan.
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "name") var name: String
    /// What the name is also found by (`NameKeys`), kept with every write by `MemberNameKeys`.
    @OptionalField(key: "given_name") var givenName: String?
    @OptionalField(key: "name_initials") var nameInitials: String?
    @Field(key: "gender") var gender: Gender
    @OptionalField(key: "ethnicity") var ethnicity: String?
    @Field(key: "birth_date") var birthDate: CalendarDate
    @OptionalField(key: "id_cipher") var idCipher: String?
    @OptionalField(key: "id_hash") var idHash: String?
    @OptionalField(key: "id_mask") var idMask: String?
    @OptionalField(key: "id_tail") var idTail: String?
    @OptionalField(key: "phone_cipher") var phoneCipher: String?
    @OptionalField(key: "phone_hash") var phoneHash: String?
    @OptionalField(key: "phone_mask") var phoneMask: String?
    @OptionalField(key: "phone_tail") var phoneTail: String?
    @OptionalField(key: "education") var education: Education?
    @OptionalField(key: "category") var category: MemberCategory?
    @Field(key: "membership") var membership: Membership
    @Field(key: "joined_on") var joinedOn: CalendarDate
    @OptionalField(key: "full_on") var fullOn: CalendarDate?
    @OptionalField(key: "job") var job: String?
    @OptionalField(key: "address") var address: String?
    @Field(key: "status") var status: MemberStatus
    @OptionalField(key: "status_since") var statusSince: CalendarDate?
    @OptionalField(key: "leave_reason") var leaveReason: LeaveReason?
    @OptionalField(key: "status_note") var statusNote: String?
    /// 0–100, kept with every write so that lists can filter and average it.
    @Field(key: "completeness") var completeness: Int
    /// 留党察看: the decision's date, its period in years, what it was for, and when rights were restored.
    @OptionalField(key: "discipline_from") var disciplineFrom: CalendarDate?
    @OptionalField(key: "discipline_years") var disciplineYears: Int?
    @OptionalField(key: "discipline_note") var disciplineNote: String?
    @OptionalField(key: "rights_restored_on") var rightsRestoredOn: CalendarDate?
    /// For a 流动党员: the organization where they take part in organizational life (流入地党组织).
    @OptionalField(key: "mobile_host_id") var mobileHostID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update, format: .iso8601) var updatedAt: Date?

    init() {}

    var orgPath: OrgPath { OrgPath(stored: path) }

    var disciplinaryProbation: DisciplinaryProbation? {
        guard let disciplineFrom, let disciplineYears else { return nil }
        return DisciplinaryProbation(from: disciplineFrom, years: disciplineYears, restoredOn: rightsRestoredOn)
    }

    var completenessFacts: Completeness.Facts {
        Completeness.Facts(hasIDNumber: idCipher != nil, hasEthnicity: ethnicity != nil, hasEducation: education != nil,
                           hasCategory: category != nil, hasJob: job != nil, hasPhone: phoneCipher != nil,
                           hasAddress: address != nil, membership: membership, hasFullOn: fullOn != nil)
    }
}

/// Keeps a member's name keys (given name, pinyin initials) with every create and update through the model, so
/// that no write path can leave them behind the name. Bulk loads set them in `MemberRow`.
struct MemberNameKeys: AsyncModelMiddleware {
    func create(model: MemberModel, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.setNameKeys()
        try await next.create(model, on: db)
    }

    func update(model: MemberModel, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.setNameKeys()
        try await next.update(model, on: db)
    }
}

extension MemberModel {
    func setNameKeys() {
        let keys = NameKeys(name)
        if givenName != keys.givenName { givenName = keys.givenName }
        if nameInitials != keys.initials { nameInitials = keys.initials }
    }
}

/// 党籍状态变动 — the history behind a member's status and membership: who changed it, to what, from which day.
final class MemberStatusEventModel: Model, @unchecked Sendable {
    static let schema = "member_status_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "member_id") var memberID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "status") var status: MemberStatus
    @Field(key: "membership") var membership: Membership
    @Field(key: "on_date") var onDate: CalendarDate
    @OptionalField(key: "leave_reason") var leaveReason: LeaveReason?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "account_id") var accountID: Int?
    @Timestamp(key: "created_at", on: .create, format: .iso8601) var createdAt: Date?

    init() {}

    init(memberID: Int, status: MemberStatus, membership: Membership, onDate: CalendarDate, leaveReason: LeaveReason?,
         note: String?, accountID: Int?) {
        self.memberID = memberID
        self.status = status
        self.membership = membership
        self.onDate = onDate
        self.leaveReason = leaveReason
        self.note = note
        self.accountID = accountID
    }
}
