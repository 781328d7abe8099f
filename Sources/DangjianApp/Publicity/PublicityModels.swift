import DangjianCore
import Foundation
import Fluent
import SQLKit

/// One version of a 三务公开: its period and items, and for 财务 the accounts; drafted, reviewed by another committee
/// member, published. A correction is a new version of the same series; the version it replaces stays readable.
final class PublicationModel: Model, PathCountyKeyed, @unchecked Sendable {
    static let schema = "publications"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "path") var path: String
    @OptionalField(key: "county_id") var countyID: Int?
    /// The id of the series' first version (its own id for a first version).
    @Field(key: "series_id") var seriesID: Int
    @Field(key: "version") var version: Int
    @Field(key: "kind") var kind: PublicityKind
    @Field(key: "period_start") var periodStart: CalendarDate
    @Field(key: "period_end") var periodEnd: CalendarDate
    @Field(key: "title") var title: String
    /// The items as JSON (`[{"title": …, "text": …}]`): one read with the publication, never queried on their own.
    @Field(key: "items") var items: String
    /// 财务公开 only: the lines as JSON (`[{"direction": …, "subject": …, "amount": fen}]`) and the two balances in fen.
    @OptionalField(key: "lines") var lines: String?
    @OptionalField(key: "opening_fen") var openingFen: Int?
    @OptionalField(key: "closing_fen") var closingFen: Int?
    @Field(key: "state") var state: PublicationState
    @Field(key: "author_id") var authorID: Int
    @OptionalField(key: "reviewer_id") var reviewerID: Int?
    /// How the committee reviewed it (`2026-12-02 村两委会议审核`), shown with the publication.
    @OptionalField(key: "review_note") var reviewNote: String?
    @OptionalField(key: "published_on") var publishedOn: CalendarDate?
    /// Why a later version corrects the one before, shown on both.
    @OptionalField(key: "correction_reason") var correctionReason: String?
    @Field(key: "created_at") var createdAt: Double
    @Field(key: "updated_at") var updatedAt: Double

    init() {}

    var period: PublicityPeriod { PublicityPeriod(start: periodStart, end: periodEnd) }

    /// Sets the items and, for a 财务公开, the accounts (none clears them): one place writes the stored form.
    func setContent(items: [PublicityWork.StoredItem], account: FinanceAccount?) throws {
        self.items = String(decoding: try JSONEncoder().encode(items), as: UTF8.self)
        lines = try account.map { String(decoding: try JSONEncoder().encode($0.lines), as: UTF8.self) }
        openingFen = account?.opening.value
        closingFen = account?.closing.value
    }

    /// The items as stored; one that cannot be read shows as none rather than failing the page.
    var storedItems: [PublicityWork.StoredItem] { (try? JSONDecoder().decode([PublicityWork.StoredItem].self, from: Data(items.utf8))) ?? [] }

    /// The accounts of a 财务公开, nil for the other kinds.
    var account: FinanceAccount? {
        guard kind == .finance, let opening = openingFen, let closing = closingFen else { return nil }
        let lines = (try? JSONDecoder().decode([FinanceLine].self, from: Data((lines ?? "[]").utf8))) ?? []
        return FinanceAccount(opening: Fen(opening), lines: lines, closing: Fen(closing))
    }
    var flow: PublicationFlow { PublicationFlow(state: state, authorID: authorID, reviewerID: reviewerID) }

    func apply(_ flow: PublicationFlow) {
        state = flow.state
        reviewerID = flow.reviewerID
    }
}

/// A question a resident or member asks about a publication, and the committee's public answer. Who asked is kept for
/// the committee (to reach them) and never shown publicly.
final class PublicityQuestionModel: Model, ChildCountyKeyed, @unchecked Sendable {
    static let schema = "publicity_questions"
    static let parentTable = PublicationModel.schema

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "publication_id") var publicationID: Int
    @OptionalField(key: "county_id") var countyID: Int?
    @Field(key: "account_id") var accountID: Int
    /// `群众` or `党员`: how the public page names who asked.
    @Field(key: "asker") var asker: String
    @Field(key: "text") var text: String
    @Field(key: "asked_on") var askedOn: CalendarDate
    @Field(key: "asked_at") var askedAt: Double
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_on") var answeredOn: CalendarDate?
    @OptionalField(key: "answered_by") var answeredBy: Int?

    var parentID: Int { publicationID }

    init() {}
}

/// 三务公开 with its versions and the questions on it.
struct M0033Publicity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PublicationModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(OrganizationModel.schema, "id"))
            .field("path", .string, .required)
            .field("county_id", .int)
            .field("series_id", .int, .required)
            .field("version", .int, .required)
            .field("kind", .string, .required)
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("title", .string, .required)
            .field("items", .string, .required)
            .field("lines", .string)
            .field("opening_fen", .int)
            .field("closing_fen", .int)
            .field("state", .string, .required)
            .field("author_id", .int, .required)
            .field("reviewer_id", .int)
            .field("review_note", .string)
            .field("published_on", .string)
            .field("correction_reason", .string)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .create()
        try await database.sql.create(index: "publications_path").on(PublicationModel.schema).column("path").column("id").run()
        try await database.sql.create(index: "publications_organization").on(PublicationModel.schema).column("organization_id").column("kind").run()
        try await database.sql.create(index: "publications_series").on(PublicationModel.schema).column("series_id").column("version").run()
        try await database.schema(PublicityQuestionModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("publication_id", .int, .required, .references(PublicationModel.schema, "id", onDelete: .cascade))
            .field("county_id", .int)
            .field("account_id", .int, .required, .references(AccountModel.schema, "id"))
            .field("asker", .string, .required)
            .field("text", .string, .required)
            .field("asked_on", .string, .required)
            .field("asked_at", .double, .required)
            .field("answer", .string)
            .field("answered_on", .string)
            .field("answered_by", .int)
            .create()
        try await database.sql.create(index: "publicity_questions_publication").on(PublicityQuestionModel.schema).column("publication_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PublicityQuestionModel.schema).delete()
        try await database.schema(PublicationModel.schema).delete()
    }
}
