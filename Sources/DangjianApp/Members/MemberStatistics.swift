import DangjianCore
import SQLKit
import Vapor

/// Counts of the members in the register under a set of scopes, for the home page and its charts.
struct MemberStatistics: Content {
    struct Count: Content {
        let label: String
        let value: Int
    }

    var total = 0
    var full = 0
    var probationary = 0
    var women = 0
    var minorities = 0
    var higherEducation = 0
    var incomplete = 0
    var mobile = 0
    var lostContact = 0
    var byAge: [Count] = []
    var byEducation: [Count] = []
    var byCategory: [Count] = []

    private struct Row: Decodable {
        let gender: Gender
        let membership: Membership
        let status: MemberStatus
        let education: Education?
        let category: MemberCategory?
        let ethnicity: String?
        let birth_year: String
        let incomplete: Int
        let n: Int
    }

    /// One grouped query over the scopes; the groups are folded into the figures here.
    static func load(scopes: [OrgPath], today: CalendarDate, on database: any SQLDatabase) async throws -> MemberStatistics {
        var statistics = MemberStatistics()
        guard !scopes.isEmpty else { return statistics }
        let minority = SQLFunction("COALESCE", args: SQLColumn("ethnicity"), SQLLiteral.string("汉族"))
        let incomplete = SQLQueryString("CASE WHEN completeness < 100 THEN 1 ELSE 0 END")
        let year = SQLFunction("substr", args: SQLColumn("birth_date"), SQLLiteral.numeric("1"), SQLLiteral.numeric("4"))
        let query = database.select()
            .column("gender").column("membership").column("status").column("education").column("category")
            .column(SQLAlias(minority, as: SQLIdentifier("ethnicity")))
            .column(SQLAlias(year, as: SQLIdentifier("birth_year")))
            .column(SQLAlias(incomplete, as: SQLIdentifier("incomplete")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(MemberModel.schema)
            .where("status", .in, SQLBind.group(MemberStatus.inRegister.map(\.rawValue)))
        query.within(scopes)
        let rows = try await query.groupBy("gender").groupBy("membership").groupBy("status").groupBy("education")
            .groupBy("category").groupBy(minority).groupBy(year).groupBy(incomplete).all(decoding: Row.self)
        var ages: [AgeBand: Int] = [:]
        var educations: [Education?: Int] = [:]
        var categories: [MemberCategory?: Int] = [:]
        for row in rows {
            statistics.total += row.n
            if row.membership == .full { statistics.full += row.n } else { statistics.probationary += row.n }
            if row.gender == .female { statistics.women += row.n }
            if row.ethnicity != "汉族" { statistics.minorities += row.n }
            if row.education?.isHigherEducation == true { statistics.higherEducation += row.n }
            if row.incomplete == 1 { statistics.incomplete += row.n }
            if row.status == .mobile { statistics.mobile += row.n }
            if row.status == .lostContact { statistics.lostContact += row.n }
            // Age by year of birth: close enough for a chart, and one group per year rather than per member.
            ages[AgeBand(age: today.year - (Int(row.birth_year) ?? today.year)), default: 0] += row.n
            educations[row.education, default: 0] += row.n
            categories[row.category, default: 0] += row.n
        }
        statistics.byAge = AgeBand.allCases.map { Count(label: $0.chinese, value: ages[$0] ?? 0) }
        statistics.byEducation = Education.allCases.map { Count(label: $0.chinese, value: educations[$0] ?? 0) }
            + [Count(label: "未填写", value: educations[nil] ?? 0)]
        statistics.byCategory = MemberCategory.allCases.map { Count(label: $0.chinese, value: categories[$0] ?? 0) }
            .filter { $0.value > 0 } + [Count(label: "未填写", value: categories[nil] ?? 0)]
        return statistics
    }
}
