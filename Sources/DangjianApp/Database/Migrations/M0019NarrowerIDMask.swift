import DangjianCore
import Fluent
import SQLKit

/// Stored ID masks in the narrower form (`4101**************`, `Masking.residentID`): the old one showed the last four
/// characters, which beside the birth date left about nine possible numbers.
struct M0019NarrowerIDMask: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for table in [MemberModel.schema, DevelopmentCaseModel.schema] {
            try await database.sql.raw("""
                UPDATE \(ident: table) SET id_mask = substr(id_mask, 1, 4) || \(bind: String(repeating: "*", count: 14))
                WHERE id_mask IS NOT NULL AND length(id_mask) = 18
                """).run()
        }
    }

    /// The hidden characters cannot be put back from the masks; a revert leaves the narrower masks, which the older
    /// code shows as they are.
    func revert(on database: any Database) async throws {}
}
