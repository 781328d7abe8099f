import Fluent
import SQLKit

/// 流入地党组织 of a 流动党员: where they take part in organizational life while away.
struct M0014MobileHost: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.alter(table: MemberModel.schema).column("mobile_host_id", type: .bigint).run()
        try await database.sql.create(index: "members_mobile_host").on(MemberModel.schema).column("mobile_host_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "members_mobile_host").run()
        try await database.sql.alter(table: MemberModel.schema).dropColumn("mobile_host_id").run()
    }
}
