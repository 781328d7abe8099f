import DangjianCore
import Fluent
import SQLKit

/// Totals of each organization's whole subtree (organizations, branches, full and probationary members), kept on its
/// row so that the tree and the home page read them instead of summing thousands of rows per request. Member writes
/// adjust them along the ancestors in the same transaction; structural changes and bulk loads recompute the rows
/// they touch from the per-organization counters.
enum SubtreeCounters {
    static let columns = ["subtree_organizations", "subtree_branches", "subtree_full", "subtree_probationary"]

    /// Every table whose rows carry the materialized path of the organization they belong to: a move rewrites them all.
    static let pathTables = [OrganizationModel.schema, MemberModel.schema, DevelopmentCaseModel.schema, DevelopmentNoticeModel.schema,
                             AttachmentModel.schema, ActivityModel.schema, FollowUpModel.schema, DuesAssessmentModel.schema,
                             DuesPaymentModel.schema, DuesVoluntaryModel.schema, DuesReductionModel.schema, DuesArrearsReviewModel.schema,
                             DuesRemittanceModel.schema, FundBudgetModel.schema, FundSpendingModel.schema, WarmthEntryModel.schema,
                             DemandModel.schema, RegistrationCodeModel.schema, SupervisionReportModel.schema,
                             MessageModel.schema, PublicationModel.schema, DeliberationModel.schema,
                             OutboxModel.schema, CourseModel.schema, QuestionModel.schema, StudyAssignmentModel.schema, ContestModel.schema,
                             VolunteerActivityModel.schema, TimeBankTransferModel.schema, SupermarketItemModel.schema,
                             ServiceItemModel.schema, AppointmentModel.schema, VisitModel.schema, FaceSessionModel.schema]

    /// A member counted in or out at the organization filed at `path`: the organization and all above it change.
    static func adjust(path: OrgPath, full: Int, probationary: Int, on database: any Database) async throws {
        guard full != 0 || probationary != 0 else { return }
        try await database.sql.raw("""
            UPDATE \(ident: OrganizationModel.schema) SET subtree_full = subtree_full + \(bind: full),
            subtree_probationary = subtree_probationary + \(bind: probationary) WHERE id IN (\(binds: path.ids))
            """).run()
    }

    /// Recomputes the rows chosen by `condition` from the counters of everything under each.
    static func recompute(where condition: SQLQueryString, on database: any Database) async throws {
        let branchKinds = OrganizationKind.allCases.filter(\.isBranch).map(\.rawValue)
        let table = OrganizationModel.schema
        try await database.sql.raw("""
            UPDATE \(ident: table) SET (subtree_organizations, subtree_branches, subtree_full, subtree_probationary) = (
              SELECT COUNT(*), COALESCE(SUM(CASE WHEN d.kind IN (\(binds: branchKinds)) THEN 1 ELSE 0 END), 0),
                     COALESCE(SUM(d.full_count), 0), COALESCE(SUM(d.probationary_count), 0)
              FROM \(ident: table) d
              WHERE d.path >= \(ident: table).path AND d.path < substr(\(ident: table).path, 1, length(\(ident: table).path) - 1) || '0')
            WHERE 
            """ + condition).run()
    }

    /// The organizations at the given ids (an organization and its ancestors, after a structural change).
    static func recompute(ids: [Int], on database: any Database) async throws {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return }
        for chunk in unique.chunked(into: 1000) {
            try await recompute(where: "id IN (\(binds: Array(chunk)))", on: database)
        }
    }

    /// After a bulk write under `scopes` (or everywhere): every organization in them and every ancestor of one.
    static func recompute(under scopes: [OrgPath]?, on database: any Database) async throws {
        guard let scopes, !scopes.isEmpty else {
            try await recompute(where: "1 = 1", on: database)
            return
        }
        for scope in scopes {
            try await recompute(where: "path >= \(bind: scope.value) AND path < \(bind: scope.upperBound)", on: database)
        }
        try await recompute(ids: scopes.flatMap { $0.ids.dropLast() }, on: database)
    }
}
