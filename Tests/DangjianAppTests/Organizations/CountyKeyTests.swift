import DangjianCore
import Fluent
import SQLKit
import Testing
@testable import DangjianApp

/// The county partition key (DESIGN: Data). Beside these, every app test ends by checking that no row's key differs
/// from the one its organization gives it (`runWorld`).
@Suite("County partition key")
struct CountyKeyTests {
    @Test("every table of the schema is either keyed or named small with its reason, and every keyed table has the column")
    func everyTableClassified() async throws {
        try await withWorld { world in
            let tables = try await Self.tables(on: world.app.db)
            let keyed = Set(CountyKeys.keyedTables)
            let unkeyed = Set(CountyKeys.unkeyedTables.keys)
            #expect(keyed.isDisjoint(with: unkeyed))
            for table in tables {
                #expect(keyed.contains(table) || unkeyed.contains(table),
                        "table \(table): give it county_id and list it in CountyKeys, or name it in CountyKeys.unkeyedTables with the reason it stays small")
            }
            for table in keyed.union(unkeyed) { #expect(tables.contains(table), "CountyKeys names \(table), which the schema does not have") }
            for table in keyed {
                #expect(try await Self.columns(of: table, on: world.app.db).contains("county_id"), "\(table) has no county_id")
            }
            #expect(CountyKeys.unkeyedTables.values.allSatisfy { !$0.isEmpty })
        }
    }

    @Test("with the county one level down, a village moved to another town takes its dues, attendance, files and histories into that town's key")
    func moveToAnotherCounty() async throws {
        try await withWorld(adjusting: { $0.countyDepth = 2 }) { world in
            let token = try await world.token("county-admin")
            let village = try await world.organization("柳河镇东岗村党支部")
            let oldTown = try #require(village.parentID)
            let town = try await world.organization("石桥镇党委")
            let planned = try await world.plannedThemeDay(token: token, topic: "迁移前的主题党日")
            let database = world.app.db
            let before = try await Self.keys(under: village.orgPath, activity: planned.summary.id, on: database)
            #expect(before.payments == [oldTown] && before.attendance == [oldTown] && before.members == [oldTown])

            let moved = try await world.send(.POST, "/api/v1/organizations/\(village.id!)/move", token: token, json: ["parentID": "\(town.id!)"])
            #expect(moved.status == .ok, "\(moved.body.string)")

            let after = try await Self.keys(under: town.orgPath.appending(village.id!), activity: planned.summary.id, on: database)
            #expect(after.payments == [town.id!] && after.attendance == [town.id!] && after.members == [town.id!])
            #expect(try await CountyKeys.mismatches(depth: 2, on: database).isEmpty)
        }
    }

    @Test("a 党总支 moved above the county depth: its branches become county-level and each keys the rows under it")
    func moveAboveCountyDepth() async throws {
        try await withWorld(adjusting: { $0.countyDepth = 3 }) { world in
            let token = try await world.token("county-admin")
            let community = try await world.organization("幸福社区党总支")
            let root = try await world.organization("中共青禾县委员会")
            #expect(community.orgPath.ids.count == 3 && community.countyID == community.id)
            let moved = try await world.send(.POST, "/api/v1/organizations/\(community.id!)/move", token: token, json: ["parentID": "\(root.id!)"])
            #expect(moved.status == .ok, "\(moved.body.string)")
            let database = world.app.db
            let branches = try await OrganizationModel.query(on: database).filter(\.$parentID == community.id!).all()
            #expect(!branches.isEmpty)
            for branch in branches {
                let range = branch.orgPath
                let members = try await MemberModel.query(on: database).filter(\.$path >= range.value).filter(\.$path < range.upperBound).all()
                let payments = try await DuesPaymentModel.query(on: database).filter(\.$path >= range.value).filter(\.$path < range.upperBound).all()
                #expect(branch.countyID == branch.id && !members.isEmpty && !payments.isEmpty)
                #expect(members.allSatisfy { $0.countyID == branch.id } && payments.allSatisfy { $0.countyID == branch.id })
            }
            #expect(try await OrganizationModel.find(community.id, on: database)?.countyID == nil)
            #expect(try await CountyKeys.mismatches(depth: 3, on: database).isEmpty)
        }
    }

    @Test("the upgrade fills the key of rows written before it: from the organization of each row's path, or from the row it belongs to")
    func upgradeFills() async throws {
        try await withWorld { world in
            let database = world.app.db
            for table in M0027CountyKeys.added + M0027CountyKeys.children.map(\.table) {
                try await database.sql.update(table).set("county_id", to: SQLLiteral.null).run()
            }
            #expect(try await !CountyKeys.mismatches(depth: 1, on: database).isEmpty)
            try await M0027CountyKeys.fill(on: database)
            #expect(try await CountyKeys.mismatches(depth: 1, on: database).isEmpty)
        }
    }

    private struct Keys { var payments: Set<Int?>; var attendance: Set<Int?>; var members: Set<Int?> }

    private static func keys(under path: OrgPath, activity: Int, on database: any Database) async throws -> Keys {
        let payments = try await DuesPaymentModel.query(on: database).filter(\.$path == path.value).all().map(\.countyID)
        let attendance = try await AttendanceModel.query(on: database).filter(\.$activityID == activity).all().map(\.countyID)
        let members = try await MemberModel.query(on: database).filter(\.$path == path.value).all().map(\.countyID)
        #expect(!payments.isEmpty && !attendance.isEmpty && !members.isEmpty)
        return Keys(payments: Set(payments), attendance: Set(attendance), members: Set(members))
    }

    static func tables(on database: any Database) async throws -> Set<String> {
        struct Row: Decodable { let name: String }
        let query: SQLQueryString = database.isPostgres
            ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        return Set(try await database.sql.raw(query).all(decoding: Row.self).map(\.name))
    }

    static func columns(of table: String, on database: any Database) async throws -> Set<String> {
        struct Row: Decodable { let name: String }
        let query: SQLQueryString = database.isPostgres
            ? "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table)"
            : "SELECT name FROM pragma_table_info(\(bind: table))"
        return Set(try await database.sql.raw(query).all(decoding: Row.self).map(\.name))
    }
}
