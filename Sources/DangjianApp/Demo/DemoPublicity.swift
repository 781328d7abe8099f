import DangjianCore
import Fluent
import Foundation
import SQLKit

/// The demo village's 三务公开: last month's 党务 and 财务 publications and last quarter's 村务, drafted by the branch
/// secretary and reviewed by the other committee member; a question the resident asked and its answer; and one the
/// village has still to answer. What is owed now (this month's, once it ends) shows as a to-do.
enum DemoPublicity {
    private struct AccountRow: Decodable { let id: Int }

    static func load(village: OrganizationModel, residentID: Int, today: CalendarDate, now: Double, on database: any Database) async throws {
        func account(_ username: String) async throws -> Int? {
            try await database.sql.select().column("id").from(AccountModel.schema).where("username", .equal, SQLBind(username))
                .first(decoding: AccountRow.self)?.id
        }
        guard let author = try await account("branch-secretary"), let reviewer = try await account("branch-committee"),
              let villageID = village.id else { return }
        let lastMonth = PublicityPeriod.aligned(months: 1, containing: PublicityPeriod.aligned(months: 1, containing: today).start.adding(days: -1))
        let lastQuarter = PublicityPeriod.aligned(months: 3, containing: PublicityPeriod.aligned(months: 3, containing: today).start.adding(days: -1))
        let publishedOn = min(lastMonth.end.adding(days: 5), today)
        let time = now - Double(publishedOn.days(until: today) * 86_400)
        func publication(_ kind: PublicityKind, _ period: PublicityPeriod, items: [PublicityWork.StoredItem], account: FinanceAccount? = nil) async throws -> Int {
            let model = PublicationModel()
            model.organizationID = villageID
            model.path = village.path
            model.seriesID = 0
            model.version = 1
            model.kind = kind
            model.periodStart = period.start
            model.periodEnd = period.end
            model.title = period.chinese + kind.chinese(in: .village)
            try model.setContent(items: items, account: account)
            model.state = .published
            model.authorID = author
            model.reviewerID = reviewer
            model.reviewNote = "\(publishedOn.adding(days: -1).month)月\(publishedOn.adding(days: -1).day)日村两委会议审核"
            model.publishedOn = publishedOn
            model.createdAt = time - 86_400
            model.updatedAt = time
            try await model.create(on: database)
            model.seriesID = try model.requireID()
            try await model.update(on: database)
            return model.seriesID
        }
        _ = try await publication(.party, lastMonth, items: [
            .init(title: "组织生活", text: "召开支部党员大会 1 次、支委会 2 次，开展主题党日活动“清洁家园”，讲党课 1 次。"),
            .init(title: "发展党员", text: "确定入党积极分子 1 名，已在公示栏公示 5 个工作日，无异议。"),
            .init(title: "党费收缴", text: "本月应交党费的党员全部按时交纳。"),
        ])
        let lines = [FinanceLine(direction: .income, subject: "村集体土地租金", amount: Fen(1_200_000)),
                     FinanceLine(direction: .income, subject: "上级转移支付（村级运转经费）", amount: Fen(800_000)),
                     FinanceLine(direction: .spending, subject: "村道路灯维修", amount: Fen(168_000)),
                     FinanceLine(direction: .spending, subject: "五组垃圾清运", amount: Fen(90_000)),
                     FinanceLine(direction: .spending, subject: "村委会办公用品", amount: Fen(23_650))]
        let opening = Fen(3_562_180)
        let finance = FinanceAccount(opening: opening, lines: lines, closing: Fen(0))
        let financeID = try await publication(.finance, lastMonth, items: [.init(title: "说明", text: "收支凭证在村委会备查，村民可在工作日查阅。")],
                                              account: FinanceAccount(opening: opening, lines: lines, closing: finance.expectedClosing))
        _ = try await publication(.affairs, lastQuarter, items: [
            .init(title: "低保和救助", text: "本季度新增低保 1 户，经村民代表会议评议并公示 7 天。"),
            .init(title: "工程项目", text: "三组村道硬化工程完工，验收合格，总价款在财务公开中列示。"),
        ])
        let answered = PublicityQuestionModel()
        answered.publicationID = financeID
        answered.accountID = residentID
        answered.asker = "群众"
        answered.text = "路灯维修 1,680 元包括哪些费用？"
        answered.askedOn = publishedOn
        answered.askedAt = time + 3600
        answered.answer = "更换路灯 2 盏（每盏 540 元）和线路检修人工 600 元，凭证在村委会可查。"
        answered.answeredOn = min(publishedOn.adding(days: 1), today)
        answered.answeredBy = author
        try await answered.create(on: database)
        let open = PublicityQuestionModel()
        open.publicationID = financeID
        open.accountID = residentID
        open.asker = "群众"
        open.text = "五组垃圾清运以后是每周几次？费用从哪里出？"
        open.askedOn = today
        open.askedAt = now
        try await open.create(on: database)
    }
}
