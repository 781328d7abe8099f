import DangjianCore
import Fluent
import SQLKit

struct M0006CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntryModel.schema)
            .field("sequence", .int, .identifier(auto: false))
            .field("at", .string, .required)
            .field("actor_id", .int)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("target_type", .string, .required)
            .field("target_id", .string, .required)
            .field("organization_id", .int)
            .field("outcome", .string, .required)
            .field("request_id", .string, .required)
            .field("client_address", .string, .required)
            .field("detail", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        // The head of the chain: one row, locked by every append so that sequence numbers never fork.
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("last_sequence", .int, .required)
            .field("last_hash", .string, .required)
            .create()
        let sql = database.sql
        try await sql.insert(into: "audit_head").columns("id", "last_sequence", "last_hash")
            .values(SQLBind(1), SQLBind(0), SQLBind(AuditChainVerifier.genesis)).run()
        try await sql.create(index: "audit_entries_at").on(AuditEntryModel.schema).column("at").run()
        try await sql.create(index: "audit_entries_actor").on(AuditEntryModel.schema).column("actor_id").run()
        try await sql.create(index: "audit_entries_action").on(AuditEntryModel.schema).column("action").run()
        if database.isPostgres {
            try await sql.raw("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
                """).run()
        } else {
            try await sql.raw("""
                CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        if database.isPostgres {
            try await database.sql.raw("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries").run()
            try await database.sql.raw("DROP FUNCTION IF EXISTS audit_entries_append_only()").run()
        }
        try await database.schema("audit_head").delete()
        try await database.schema(AuditEntryModel.schema).delete()
    }
}
