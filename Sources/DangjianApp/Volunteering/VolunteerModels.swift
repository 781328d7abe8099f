import DangjianCore
import Fluent
import SQLKit

/// A volunteer activity (志愿服务活动) an organization publishes: members and residents sign up, the organizer confirms
/// the hours served afterwards, and the 爱心存折 is credited (RULES.md §8).
final class VolunteerActivityModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "volunteer_activities"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "title") var title: String
    @Field(key: "place") var place: String
    @Field(key: "details") var details: String
    @Field(key: "starts_at") var startsAt: Double
    @Field(key: "ends_at") var endsAt: Double
    /// How many may sign up.
    @Field(key: "capacity") var capacity: Int
    @Field(key: "state") var state: VolunteerActivityState
    @OptionalField(key: "confirmed_at") var confirmedAt: Double?
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Double

    init() {}
}

enum VolunteerActivityState: String, Codable, Sendable, CaseIterable {
    /// Published; people sign up until it starts, hours are confirmed after it ends.
    case open
    /// The organizer has confirmed the hours of everyone who signed up.
    case confirmed
    case cancelled

    var chinese: String {
        switch self {
        case .open: "报名中"
        case .confirmed: "已确认时长"
        case .cancelled: "已取消"
        }
    }
}

/// One person signed up for an activity: a member's or a resident's account.
final class VolunteerSignupModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "volunteer_signups"
    static let parentTable = VolunteerActivityModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "activity_id") var activityID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "account_id") var accountID: Int
    @Field(key: "name") var name: String
    @Field(key: "state") var state: VolunteerSignupState
    /// Tenths of an hour the organizer confirmed (before the cap), once confirmed.
    @OptionalField(key: "served_tenths") var servedTenths: Int?
    @Field(key: "signed_at") var signedAt: Double

    var parentID: Int { activityID }

    init() {}
}

enum VolunteerSignupState: String, Codable, Sendable, CaseIterable {
    case signedUp = "signed-up"
    case withdrawn
    case served
    case absent
    /// A valid complaint took the hours back.
    case upheld

    var chinese: String {
        switch self {
        case .signedUp: "已报名"
        case .withdrawn: "已取消报名"
        case .served: "已确认"
        case .absent: "未到"
        case .upheld: "投诉成立，时长已撤销"
        }
    }
}

/// One transfer of the 爱心存折's double-entry ledger; its movements sum to zero.
final class TimeBankTransferModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "time_bank_transfers"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: TimeBank.Kind
    @Field(key: "on_date") var onDate: CalendarDate
    /// The organization whose activity or 爱心超市 it was.
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @OptionalField(key: "activity_id") var activityID: Int?
    /// The volunteer's account, for service, complaints and exchanges.
    @OptionalField(key: "account_id") var accountID: Int?
    @Field(key: "note") var note: String
    @Field(key: "recorded_by") var recordedBy: Int
    @Field(key: "recorded_at") var recordedAt: Double

    init() {}
}

final class TimeBankMovementModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "time_bank_movements"
    static let parentTable = TimeBankTransferModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "transfer_id") var transferID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "holder_kind") var holderKind: String
    @Field(key: "holder_id") var holderID: Int
    @Field(key: "tenths") var tenths: Int

    var parentID: Int { transferID }

    init() {}
}

/// Goods of a 爱心超市, priced in points (tenths), with their stock and who gave them.
final class SupermarketItemModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "supermarket_items"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "name") var name: String
    @Field(key: "points_tenths") var pointsTenths: Int
    @Field(key: "stock") var stock: Int
    /// The unit or person who donated it (爱心单位), if any.
    @Field(key: "donor") var donor: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Double

    init() {}
}

/// What an exchange took from the shelves: the receipt's lines.
final class ExchangeLineModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "exchange_lines"
    static let parentTable = TimeBankTransferModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "transfer_id") var transferID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "item_id") var itemID: Int
    @Field(key: "name") var name: String
    @Field(key: "quantity") var quantity: Int
    @Field(key: "points_tenths") var pointsTenths: Int

    var parentID: Int { transferID }

    init() {}
}

/// A person's service card (党员服务卡 / 志愿服务卡): the QR printed on it carries a random token kept here only as its
/// keyed hash, so the counter can find the card's holder and nobody can make a card from a name.
final class ServiceCardModel: Model, @unchecked Sendable {
    static let schema = "service_cards"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "account_id") var accountID: Int
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "issued_at") var issuedAt: Double

    init() {}
}

/// 志愿服务 and the 爱心存折.
struct M0039Volunteering: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VolunteerActivityModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("title", .string, .required)
            .field("place", .string, .required)
            .field("details", .string, .required)
            .field("starts_at", .double, .required)
            .field("ends_at", .double, .required)
            .field("capacity", .int, .required)
            .field("state", .string, .required)
            .field("confirmed_at", .double)
            .field("created_by", .int, .required)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "volunteer_activities_path").on(VolunteerActivityModel.schema).column("path").column("starts_at").run()
        try await database.schema(VolunteerSignupModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("activity_id", .int, .required, .references(VolunteerActivityModel.schema, "id", onDelete: .cascade))
            .field("county_id", .int)
            .field("account_id", .int, .required)
            .field("name", .string, .required)
            .field("state", .string, .required)
            .field("served_tenths", .int)
            .field("signed_at", .double, .required)
            .unique(on: "activity_id", "account_id")
            .create()
        try await database.sql.create(index: "volunteer_signups_account").on(VolunteerSignupModel.schema).column("account_id").run()
        try await database.schema(TimeBankTransferModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("on_date", .string, .required)
            .field("organization_id", .int, .required)
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("activity_id", .int)
            .field("account_id", .int)
            .field("note", .string, .required)
            .field("recorded_by", .int, .required)
            .field("recorded_at", .double, .required)
            .create()
        try await database.sql.create(index: "time_bank_transfers_account").on(TimeBankTransferModel.schema).column("account_id").column("on_date").run()
        try await database.sql.create(index: "time_bank_transfers_path").on(TimeBankTransferModel.schema).column("path").column("on_date").run()
        // Once per volunteer and activity, whatever two organizers do at the same moment.
        try await database.sql.raw("""
            CREATE UNIQUE INDEX time_bank_one_service ON \(ident: TimeBankTransferModel.schema) (activity_id, account_id) WHERE kind = 'service'
            """).run()
        try await database.schema(TimeBankMovementModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("transfer_id", .int, .required, .references(TimeBankTransferModel.schema, "id", onDelete: .cascade))
            .field("county_id", .int)
            .field("holder_kind", .string, .required)
            .field("holder_id", .int, .required)
            .field("tenths", .int, .required)
            .create()
        try await database.sql.create(index: "time_bank_movements_holder").on(TimeBankMovementModel.schema).column("holder_kind").column("holder_id").run()
        try await database.sql.create(index: "time_bank_movements_transfer").on(TimeBankMovementModel.schema).column("transfer_id").run()
        try await database.schema(SupermarketItemModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("name", .string, .required)
            .field("points_tenths", .int, .required)
            .field("stock", .int, .required)
            .field("donor", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "supermarket_items_organization").on(SupermarketItemModel.schema).column("organization_id").run()
        try await database.schema(ExchangeLineModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("transfer_id", .int, .required, .references(TimeBankTransferModel.schema, "id", onDelete: .cascade))
            .field("county_id", .int)
            .field("item_id", .int, .required)
            .field("name", .string, .required)
            .field("quantity", .int, .required)
            .field("points_tenths", .int, .required)
            .create()
        try await database.schema(ServiceCardModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("account_id", .int, .required)
            .field("token_hash", .string, .required)
            .field("issued_at", .double, .required)
            .unique(on: "account_id")
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [ServiceCardModel.schema, ExchangeLineModel.schema, SupermarketItemModel.schema, TimeBankMovementModel.schema,
                       TimeBankTransferModel.schema, VolunteerSignupModel.schema, VolunteerActivityModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
