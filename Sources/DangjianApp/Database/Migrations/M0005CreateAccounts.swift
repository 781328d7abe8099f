import Fluent
import SQLKit

struct M0005CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("member_id", .int, .references(MemberModel.schema, "id"))
            .field("failed_attempts", .int, .required)
            .field("locked_until", .double)
            .field("disabled", .bool, .required)
            .field("last_login_at", .double)
            .field("created_at", .string)
            .unique(on: "username")
            .create()
        try await database.schema(GrantModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("account_id", .int, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("organization_id", .int, .references(OrganizationModel.schema, "id"))
            .field("granted_by", .int)
            .field("created_at", .string)
            .create()
        try await database.schema(SessionModel.schema)
            .field("token_hash", .string, .identifier(auto: false))
            .field("account_id", .int, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("csrf_token", .string, .required)
            .field("created_at", .double, .required)
            .field("last_seen_at", .double, .required)
            .field("client_address", .string, .required)
            .create()
        try await database.schema(SettingModel.schema)
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        try await database.sql.create(index: "account_grants_account").on(GrantModel.schema).column("account_id").run()
        try await database.sql.create(index: "sessions_account").on(SessionModel.schema).column("account_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SettingModel.schema).delete()
        try await database.schema(SessionModel.schema).delete()
        try await database.schema(GrantModel.schema).delete()
        try await database.schema(AccountModel.schema).delete()
    }
}
