import DangjianCore
import Fluent
import SQLKit

/// The county partition key (DESIGN: Data): every large table carries the id of its county-level organization, the
/// distribution column of a national deployment on a distributed PostgreSQL, so that a county's work stays on one
/// node. Each table of the schema is named here exactly once — carrying the key, or small with the reason — and a test
/// fails on a table that is neither, and on a row whose key is not its organization's.
enum CountyKeys {
    /// Tables whose rows carry an organization's materialized path: the key is the path's county-level ancestor.
    static let pathTables = SubtreeCounters.pathTables

    /// Tables whose rows belong to a row of another keyed table and take its key.
    static let childTables: [(table: String, column: String, parent: String)] = [
        (AttendanceModel.schema, "activity_id", ActivityModel.schema),
        (GuidanceModel.schema, "activity_id", ActivityModel.schema),
        (ActivityChangeModel.schema, "activity_id", ActivityModel.schema),
        (DevelopmentEventModel.schema, "case_id", DevelopmentCaseModel.schema),
        (MemberStatusEventModel.schema, "member_id", MemberModel.schema),
        (DemandEventModel.schema, "demand_id", DemandModel.schema),
        (PublicityQuestionModel.schema, "publication_id", PublicationModel.schema),
        (DeliberationStepModel.schema, "deliberation_id", DeliberationModel.schema),
        (LessonModel.schema, "course_id", CourseModel.schema),
        (LessonProgressModel.schema, "member_id", MemberModel.schema),
        (QuizAttemptModel.schema, "member_id", MemberModel.schema),
        (MeetingCourseModel.schema, "activity_id", ActivityModel.schema),
        (VolunteerSignupModel.schema, "activity_id", VolunteerActivityModel.schema),
        (TimeBankMovementModel.schema, "transfer_id", TimeBankTransferModel.schema),
        (ExchangeLineModel.schema, "transfer_id", TimeBankTransferModel.schema),
    ]

    /// Tables that stay whole on every node or on the coordinator, and why.
    static let unkeyedTables: [String: String] = [
        CommitteeTermModel.schema: "a few rows per organization, read beside the organization table (a reference table)",
        CommitteeOfficeModel.schema: "a few rows per organization, read beside the organization table (a reference table)",
        ResidentUnitModel.schema: "a few rows per organization, read beside the organization table (a reference table)",
        PairingModel.schema: "pairs organizations of two counties (a city branch with a village)",
        AccountModel.schema: "accounts sign in before any county is known",
        GrantModel.schema: "read with the account at every request",
        SessionModel.schema: "read with the account at every request",
        SettingModel.schema: "deployment-wide settings",
        AuditEntryModel.schema: "one hash chain over the whole deployment",
        "audit_head": "the head of that one chain",
        ImportJobModel.schema: "a handful per day, read by the process that runs them",
        "rate_counters": "short-lived counters of the sign-in guard",
        BackupRunModel.schema: "one row per backup of the whole deployment",
        ServerProcessModel.schema: "one row per running server process",
        MessagePreferenceModel.schema: "one row per account, read with the account when a message is sent",
        LearningTopicModel.schema: "a short list of topic names shared by every county",
        ServiceCardModel.schema: "one row per account, found by its card's keyed hash before any county is known",
        "_fluent_migrations": "the schema's own history",
    ]

    static var keyedTables: [String] { pathTables + childTables.map(\.table) }

    /// The county of the organization filed at `path` under `configuration`: its ancestor at the county depth, or none
    /// for an organization above that depth.
    static func county(of path: OrgPath, depth: Int) -> Int? {
        let ids = path.ids
        return ids.count >= depth ? ids[depth - 1] : nil
    }

    /// After the subtree at `path` moved: every keyed row under it takes the key of its new county-level ancestor.
    static func recompute(under path: OrgPath, depth: Int, on database: any Database) async throws {
        let sql = database.sql
        var counties: [(county: Int?, path: OrgPath)] = []
        if let county = county(of: path, depth: depth) {
            counties = [(county, path)]
        } else {
            // Moved above the county depth: clear the subtree, then give each county-level organization in it its own.
            counties = [(nil, path)]
            for organization in try await OrganizationStore.subtree(path, on: database) where organization.orgPath.ids.count == depth {
                counties.append((organization.id, organization.orgPath))
            }
        }
        for (county, range) in counties {
            for table in pathTables {
                try await sql.update(table).set("county_id", to: SQLBind(county))
                    .where("path", .greaterThanOrEqual, SQLBind(range.value)).where("path", .lessThan, SQLBind(range.upperBound)).run()
            }
        }
        for child in childTables {
            try await sql.raw("""
                UPDATE \(ident: child.table) SET county_id = (SELECT p.county_id FROM \(ident: child.parent) p WHERE p.id = \(ident: child.table).\(ident: child.column))
                WHERE \(ident: child.column) IN (SELECT id FROM \(ident: child.parent) WHERE path >= \(bind: path.value) AND path < \(bind: path.upperBound))
                """).run()
        }
    }

    /// Every row whose key is not the one its path or parent gives it, as `table: count` lines; empty when all agree.
    static func mismatches(depth: Int, on database: any Database) async throws -> [String] {
        struct Keyed: Decodable { let path: String; let county_id: Int? }
        struct Count: Decodable { let n: Int }
        var problems: [String] = []
        for table in pathTables {
            let rows = try await database.sql.select().columns("path", "county_id").from(table).all(decoding: Keyed.self)
            let wrong = rows.filter { county(of: OrgPath(stored: $0.path), depth: depth) != $0.county_id }.count
            if wrong > 0 { problems.append("\(table): \(wrong)") }
        }
        for child in childTables {
            let wrong = try await database.sql.raw("""
                SELECT COUNT(*) AS n FROM \(ident: child.table) c JOIN \(ident: child.parent) p ON p.id = c.\(ident: child.column)
                WHERE c.county_id <> p.county_id OR (c.county_id IS NULL) <> (p.county_id IS NULL)
                """).first(decoding: Count.self)?.n ?? 0
            if wrong > 0 { problems.append("\(child.table): \(wrong)") }
        }
        return problems
    }
}

/// A keyed row: its county is filled when it is created, if the code that made it did not already.
protocol CountyKeyed: AnyObject, Sendable {
    var countyID: Int? { get set }
    /// The key this row should carry, worked out from what it already holds.
    func derivedCountyID(depth: Int, on database: any Database) async throws -> Int?
}

/// A row filed under an organization's path.
protocol PathCountyKeyed: CountyKeyed {
    var path: String { get }
}

extension PathCountyKeyed {
    func derivedCountyID(depth: Int, on database: any Database) async throws -> Int? {
        CountyKeys.county(of: OrgPath(stored: path), depth: depth)
    }
}

/// A row that belongs to a row of another keyed table.
protocol ChildCountyKeyed: CountyKeyed {
    static var parentTable: String { get }
    var parentID: Int { get }
}

extension ChildCountyKeyed {
    func derivedCountyID(depth: Int, on database: any Database) async throws -> Int? {
        try await database.sql.select().column("county_id").from(Self.parentTable)
            .where("id", .equal, SQLBind(parentID)).first(decoding: CountyRow.self)?.county_id
    }
}

private struct CountyRow: Decodable { let county_id: Int? }

/// Fills the county key of every keyed row that Fluent creates.
struct CountyKeyMiddleware: AnyModelMiddleware {
    let depth: Int

    func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database, chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        guard case .create = event, let keyed = model as? any CountyKeyed, keyed.countyID == nil else {
            return next.handle(event, model, on: db)
        }
        let depth = depth
        return db.eventLoop.makeFutureWithTask {
            keyed.countyID = try await keyed.derivedCountyID(depth: depth, on: db)
        }.flatMap { next.handle(event, model, on: db) }
    }
}

/// A row of an activity: its roll, its guidance notes, its changes.
protocol ActivityChild: ChildCountyKeyed {
    var activityID: Int { get }
}

extension ActivityChild {
    static var parentTable: String { ActivityModel.schema }
    var parentID: Int { activityID }
}

extension ActivityChangeModel: ActivityChild {}
extension ActivityModel: PathCountyKeyed {}
extension AttachmentModel: PathCountyKeyed {}
extension AttendanceModel: ActivityChild {}
extension DevelopmentCaseModel: PathCountyKeyed {}
extension DevelopmentEventModel: ChildCountyKeyed {
    static var parentTable: String { DevelopmentCaseModel.schema }
    var parentID: Int { caseID }
}
extension DevelopmentNoticeModel: PathCountyKeyed {}
extension DuesArrearsReviewModel: PathCountyKeyed {}
extension DuesAssessmentModel: PathCountyKeyed {}
extension DuesPaymentModel: PathCountyKeyed {}
extension DuesReductionModel: PathCountyKeyed {}
extension DuesRemittanceModel: PathCountyKeyed {}
extension DuesVoluntaryModel: PathCountyKeyed {}
extension FollowUpModel: PathCountyKeyed {}
extension FundBudgetModel: PathCountyKeyed {}
extension FundSpendingModel: PathCountyKeyed {}
extension GuidanceModel: ActivityChild {}
extension MemberModel: PathCountyKeyed {}
extension MemberStatusEventModel: ChildCountyKeyed {
    static var parentTable: String { MemberModel.schema }
    var parentID: Int { memberID }
}
extension OrganizationModel: PathCountyKeyed {}
extension WarmthEntryModel: PathCountyKeyed {}
