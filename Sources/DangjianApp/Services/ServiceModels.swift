import DangjianCore
import Fluent
import SQLKit

/// One service of a village's or community's 一站式服务 catalogue: what, where, the papers to bring, the hours (read
/// by `ServiceSchedule`), who handles it — a post, never a phone number.
final class ServiceItemModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "service_items"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "name") var name: String
    @Field(key: "place") var place: String
    @Field(key: "documents") var documents: String
    /// As `ServiceSchedule.text` writes it back.
    @Field(key: "hours") var hours: String
    @Field(key: "slot_minutes") var slotMinutes: Int
    /// People one slot takes.
    @Field(key: "per_slot") var perSlot: Int
    @Field(key: "handler") var handler: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Double

    init() {}

    var schedule: ServiceSchedule? { try? ServiceSchedule(parsing: hours, slotMinutes: slotMinutes) }
}

enum AppointmentState: String, Codable, Sendable, CaseIterable {
    case booked
    case served
    case noShow = "no-show"
    case cancelled

    var chinese: String {
        switch self {
        case .booked: "已预约"
        case .served: "已办结"
        case .noShow: "未到"
        case .cancelled: "已取消"
        }
    }
}

/// A resident's or member's appointment in one slot of a service.
final class AppointmentModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "appointments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "service_id") var serviceID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "account_id") var accountID: Int
    @Field(key: "name") var name: String
    @Field(key: "starts_at") var startsAt: Double
    @Field(key: "after_hours") var afterHours: Bool
    /// What the person comes for, in their words.
    @Field(key: "note") var note: String
    @Field(key: "state") var state: AppointmentState
    @OptionalField(key: "outcome") var outcome: String?
    /// Minutes between the slot's start and being served, when the handler closed it on the day.
    @OptionalField(key: "wait_minutes") var waitMinutes: Int?
    @Field(key: "booked_at") var bookedAt: Double
    @OptionalField(key: "closed_at") var closedAt: Double?
    @OptionalField(key: "closed_by") var closedBy: Int?

    init() {}
}

/// 一站式服务 with appointments.
struct M0040Services: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceItemModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("name", .string, .required)
            .field("place", .string, .required)
            .field("documents", .string, .required)
            .field("hours", .string, .required)
            .field("slot_minutes", .int, .required)
            .field("per_slot", .int, .required)
            .field("handler", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .double, .required)
            .create()
        try await database.sql.create(index: "service_items_organization").on(ServiceItemModel.schema).column("organization_id").run()
        try await database.schema(AppointmentModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("service_id", .int, .required, .references(ServiceItemModel.schema, "id"))
            .field("organization_id", .int, .required)
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("account_id", .int, .required)
            .field("name", .string, .required)
            .field("starts_at", .double, .required)
            .field("after_hours", .bool, .required)
            .field("note", .string, .required)
            .field("state", .string, .required)
            .field("outcome", .string)
            .field("wait_minutes", .int)
            .field("booked_at", .double, .required)
            .field("closed_at", .double)
            .field("closed_by", .int)
            .create()
        try await database.sql.create(index: "appointments_service_start").on(AppointmentModel.schema).column("service_id").column("starts_at").run()
        try await database.sql.create(index: "appointments_path_start").on(AppointmentModel.schema).column("path").column("starts_at").run()
        try await database.sql.create(index: "appointments_account").on(AppointmentModel.schema).column("account_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AppointmentModel.schema).delete()
        try await database.schema(ServiceItemModel.schema).delete()
    }
}
