import DangjianCore
import Fluent
import Foundation
import SQLKit

extension RosterImport {
    /// The organizations a row may name, by name, within the importer's scope. A name used twice there is ambiguous.
    struct Organizations: Sendable {
        var byName: [String: MemberRow.Organization?] = [:]
        var byID: [Int: MemberRow.Organization] = [:]

        static func load(scopes: [OrgPath], on database: any Database) async throws -> Organizations {
            var result = Organizations()
            for scope in scopes {
                struct Row: Decodable { let id: Int; let name: String; let path: String; let county_id: Int? }
                let rows = try await database.sql.select().columns("id", "name", "path", "county_id").from(OrganizationModel.schema)
                    .where("path", .greaterThanOrEqual, SQLBind(scope.value)).where("path", .lessThan, SQLBind(scope.upperBound))
                    .all(decoding: Row.self)
                for row in rows {
                    let organization = MemberRow.Organization(id: row.id, path: row.path, countyID: row.county_id)
                    result.byID[row.id] = organization
                    result.byName[row.name] = result.byName[row.name] == nil ? organization : .some(nil)
                }
            }
            return result
        }
    }

    /// A row that passed every check, waiting for the register lookup of its ID number.
    struct Candidate: Sendable {
        let row: Int
        let cells: [String]
        let profile: MemberProfile
        let organization: MemberRow.Organization
        let idHash: String
    }

    /// What one row's own cells say: its problems, or the member it describes. Whether its ID number came earlier in
    /// the file is decided afterwards, in file order.
    /// A row of the file: its number as the secretary sees it, and its cells.
    struct Row: Sendable {
        let number: Int
        let cells: [String]
    }

    struct RowJudgement: Sendable {
        let row: Int
        let cells: [String]
        let problems: [RowProblem]
        let candidate: Candidate?
        /// The ID number as a set key, when the row has a valid one (even if the row has other problems).
        let key: Int64?
        let idLabel: String
    }

    /// Judges rows by the file's layout, the organizations in scope and the member rules. Pure, so a check judges a
    /// batch on every core. (An import does not: its other core is writing, and splitting the batch made it slower.)
    struct RowJudge: Sendable {
        let layout: RosterLayout
        let organizations: Organizations
        let defaultOrganization: Int?
        let validator: MemberValidator
        let cipher: PersonalDataCipher
        let today: CalendarDate

        func judge(_ rows: [Row], onEveryCore: Bool) async throws -> [RowJudgement] {
            guard onEveryCore else { return rows.map { judge($0.number, $0.cells) } }
            return try await rows.mapOnEveryCore { judge($0.number, $0.cells) }
        }

        func label(_ field: RosterField) -> String {
            layout.columns[field].map { layout.headers[$0].isEmpty ? field.header : layout.headers[$0] } ?? field.header
        }

        func judge(_ row: Int, _ cells: [String]) -> RowJudgement {
            var problems: [RowProblem] = []
            let input = layout.input(from: cells, today: today)
            if RosterLayout.isMangledByExcel(input.idNumber) {
                problems.append(RowProblem(row: row, column: label(.idNumber), message: "公民身份号码被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写"))
            }
            var organization: MemberRow.Organization?
            let organizationName = layout.value(.organization, in: cells)
            if !organizationName.isEmpty {
                switch organizations.byName[organizationName] {
                case .some(.some(let found)): organization = found
                case .some(.none): problems.append(RowProblem(row: row, column: label(.organization), message: "“\(organizationName)”在您的管理范围内有重名，请写明上级组织后分开导入"))
                case .none: problems.append(RowProblem(row: row, column: label(.organization), message: "在您的管理范围内没有名为“\(organizationName)”的党组织"))
                }
            } else if let defaultOrganization, let found = organizations.byID[defaultOrganization] {
                organization = found
            } else {
                problems.append(RowProblem(row: row, column: label(.organization), message: "请填写所在党组织"))
            }
            var profile: MemberProfile?
            do {
                profile = try validator.validate(input)
            } catch {
                for fieldError in error.errors where !(fieldError.field == "idNumber" && !problems.isEmpty && RosterLayout.isMangledByExcel(input.idNumber)) {
                    let field = RosterField(rawValue: fieldError.field) ?? .name
                    problems.append(RowProblem(row: row, column: label(field), message: fieldError.message))
                }
            }
            let number = profile?.idNumber
            var candidate: Candidate?
            if problems.isEmpty, let profile, let organization, let number {
                candidate = Candidate(row: row, cells: cells, profile: profile, organization: organization, idHash: cipher.lookupHash(number.value))
            }
            return RowJudgement(row: row, cells: cells, problems: problems, candidate: candidate,
                                key: number.map { RosterImport.key($0.value) }, idLabel: label(.idNumber))
        }
    }
}
