import Fluent
import SQLKit

/// The county partition key on the dues, fund, attendance, file and history tables (`CountyKeys`), filled from the
/// organization whose path each row carries, or from the row it belongs to.
struct M0027CountyKeys: AsyncMigration {
    static let added = [DevelopmentNoticeModel.schema, AttachmentModel.schema, FollowUpModel.schema, DuesAssessmentModel.schema,
                        DuesPaymentModel.schema, DuesVoluntaryModel.schema, DuesReductionModel.schema, DuesArrearsReviewModel.schema,
                        DuesRemittanceModel.schema, FundBudgetModel.schema, FundSpendingModel.schema, WarmthEntryModel.schema]
    static let children: [(table: String, column: String, parent: String)] = [
        (AttendanceModel.schema, "activity_id", ActivityModel.schema), (GuidanceModel.schema, "activity_id", ActivityModel.schema),
        (ActivityChangeModel.schema, "activity_id", ActivityModel.schema), (DevelopmentEventModel.schema, "case_id", DevelopmentCaseModel.schema),
        (MemberStatusEventModel.schema, "member_id", MemberModel.schema),
    ]

    func prepare(on database: any Database) async throws {
        for table in Self.added + Self.children.map(\.table) {
            try await database.schema(table).field("county_id", .int).update()
        }
        try await database.transaction { transaction in try await Self.fill(on: transaction) }
    }

    /// Each row's key, from the organization at its path or from its parent row.
    static func fill(on database: any Database) async throws {
        let sql = database.sql
        for table in Self.added {
            try await sql.raw("""
                UPDATE \(ident: table) SET county_id = (SELECT o.county_id FROM \(ident: OrganizationModel.schema) o WHERE o.path = \(ident: table).path)
                """).run()
        }
        for child in Self.children {
            try await sql.raw("""
                UPDATE \(ident: child.table) SET county_id = (SELECT p.county_id FROM \(ident: child.parent) p WHERE p.id = \(ident: child.table).\(ident: child.column))
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in Self.added + Self.children.map(\.table) {
            try await database.schema(table).deleteField("county_id").update()
        }
    }
}
