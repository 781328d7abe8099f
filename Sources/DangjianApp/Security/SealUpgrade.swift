import Fluent
import Foundation
import SQLKit

/// Seals again every value written before it was bound to its place (`v1:`), for its table, column and row
/// (`SealContext`). Runs at start-up after the migrations — a migration cannot hold the data key — a thousand rows a
/// transaction, until none is left; the old form is opened nowhere else.
enum SealUpgrade {
    struct Target: Sendable {
        let table: String
        let column: String
        /// The place of a row, from its id, member and year.
        let context: @Sendable (_ id: Int, _ member: Int?, _ year: Int?) -> SealContext
        var keyedByMemberAndYear = false
    }

    static let targets: [Target] = [
        Target(table: MemberModel.schema, column: "id_cipher") { id, _, _ in .memberIDNumber(id) },
        Target(table: MemberModel.schema, column: "phone_cipher") { id, _, _ in .memberPhone(id) },
        Target(table: DevelopmentCaseModel.schema, column: "id_cipher") { id, _, _ in .caseIDNumber(id) },
        Target(table: DevelopmentCaseModel.schema, column: "phone_cipher") { id, _, _ in .casePhone(id) },
        Target(table: DuesAssessmentModel.schema, column: "base_cipher", context: { _, member, year in .duesBase(member: member ?? 0, year: year ?? 0) },
               keyedByMemberAndYear: true),
        Target(table: DuesAssessmentModel.schema, column: "explanation_cipher",
               context: { _, member, year in .duesExplanation(member: member ?? 0, year: year ?? 0) }, keyedByMemberAndYear: true),
        Target(table: AccountModel.schema, column: "otp_secret") { id, _, _ in .otpSecret(id) },
    ]

    /// Seals the old values again and answers how many there were.
    @discardableResult
    static func run(on database: any Database, cipher: PersonalDataCipher, writer: DatabaseWriter) async throws -> Int {
        var total = 0
        for target in targets {
            while true {
                let columns = target.keyedByMemberAndYear ? ["id", "member_id", "year", target.column] : ["id", target.column]
                let rows = try await database.sql.select().columns(columns.map { SQLColumn($0) }).from(target.table)
                    .where(SQLColumn(target.column), .like, SQLBind(PersonalDataCipher.legacyVersion + "%")).limit(1000).all()
                guard !rows.isEmpty else { break }
                try await writer.transaction(on: database) { database in
                    for row in rows {
                        let id = try row.decode(column: "id", as: Int.self)
                        let member = target.keyedByMemberAndYear ? try row.decode(column: "member_id", as: Int.self) : nil
                        let year = target.keyedByMemberAndYear ? try row.decode(column: "year", as: Int.self) : nil
                        let sealed = try row.decode(column: target.column, as: String.self)
                        let again = try cipher.seal(try cipher.openLegacy(sealed), for: target.context(id, member, year))
                        try await database.sql.update(target.table).set(SQLColumn(target.column), to: SQLBind(again))
                            .where("id", .equal, SQLBind(id)).run()
                    }
                }
                total += rows.count
            }
        }
        return total
    }
}
