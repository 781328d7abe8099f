import DangjianCore
import Vapor

/// The JSON side of 志愿服务, the 爱心存折 and the 爱心超市.
struct VolunteerAPI: RouteCollection {
    struct ShelfQuery: Content {
        var organizationID: Int?
    }

    struct HolderQuery: Content {
        var organizationID: Int?
        var card: String?
    }

    struct Card: Content {
        /// What the card's QR carries: the counter's address with the card's token.
        let link: String
        let token: String
        let name: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let volunteer = routes.grouped("volunteer")
        volunteer.api(.GET, "activities", requires: .signedIn, summary: "可以报名的志愿服务活动（本村、社区及上级发布的）和本人的报名", use: available)
        volunteer.api(.GET, "organized", requires: .serviceWrite, summary: "负责范围内发布的志愿服务活动", use: organized)
        volunteer.api(.POST, "activities", requires: .serviceWrite, summary: "发布志愿服务活动（时间、地点、招募人数）",
                      body: VolunteerWork.ActivityInput.self, status: .created, use: create)
        volunteer.api(.GET, "activities", ":id", requires: .signedIn, summary: "一项志愿服务活动；组织者还看到报名名单和已计入的积分", use: show)
        volunteer.api(.POST, "activities", ":id", "signup", requires: .signedIn, summary: "报名（活动开始前，人数未满）", use: signUp)
        volunteer.api(.POST, "activities", ":id", "withdraw", requires: .signedIn, summary: "取消报名（活动开始前）", use: withdraw)
        volunteer.api(.POST, "activities", ":id", "cancel", requires: .serviceWrite, summary: "取消活动（结束前）", use: cancel)
        volunteer.api(.POST, "activities", ":id", "confirm", requires: .serviceWrite,
                      summary: "活动结束后确认每人的服务时长：1 小时计 1 分，每次最多计入规则规定的小时数，同一活动只计一次；未填时长的记为未到",
                      body: VolunteerWork.ConfirmInput.self, use: confirm)
        volunteer.api(.POST, "activities", ":id", "complaints", requires: .serviceWrite, summary: "投诉核实成立：撤销该志愿者这次活动计入的积分和时长",
                      body: VolunteerWork.ComplaintInput.self, use: uphold)
        volunteer.api(.GET, "passbook", requires: .signedIn, summary: "本人的爱心存折：余额、本年服务时长和星级、每一笔积分变动", use: passbook)
        volunteer.api(.GET, "card", requires: .signedIn, summary: "本人的服务卡：姓名和二维码所载的地址（爱心超市柜台扫码兑换）", use: card)
        volunteer.api(.POST, "card", "reissue", requires: .signedIn, summary: "重新生成服务卡（丢失时；原卡二维码作废）", use: reissue)
        volunteer.download("card.svg", requires: .signedIn, summary: "本人服务卡的二维码（SVG）", produces: ["image/svg+xml"], use: cardQR)
        volunteer.download("card.png", requires: .signedIn, summary: "本人服务卡的二维码（PNG，便于打印）", produces: ["image/png"], use: cardPNG)
        let supermarket = routes.grouped("supermarket")
        supermarket.api(.GET, "items", requires: .serviceWrite, summary: "一个爱心超市的物品、所需积分和库存", query: ShelfQuery.self, use: items)
        supermarket.api(.POST, "items", requires: .serviceWrite, summary: "爱心超市上架物品（所需积分、库存、捐赠单位）",
                        body: SupermarketWork.ItemInput.self, status: .created, use: addItem)
        supermarket.api(.POST, "items", ":id", "stock", requires: .serviceWrite, summary: "入库、核减库存，或上架、下架",
                        body: SupermarketWork.StockInput.self, use: restock)
        supermarket.api(.GET, "holder", requires: .serviceWrite, summary: "扫码后看到的持卡人：姓名（遮蔽）、积分余额、本季度能否兑换",
                        query: HolderQuery.self, use: holder)
        supermarket.api(.POST, "exchanges", requires: .serviceWrite,
                        summary: "柜台兑换：扫服务卡，选物品；不超过余额，每季度不超过规则规定的次数；扣减积分和库存，服务时长不变",
                        body: SupermarketWork.ExchangeInput.self, status: .created, use: exchange)
        supermarket.api(.GET, "exchanges", ":id", requires: .signedIn, summary: "一张兑换凭证（兑换的柜台或本人）", use: receipt)
        routes.grouped("public").api(.GET, "organizations", ":id", "volunteers", requires: .public,
                                     summary: "志愿服务季度公示：上一季度末各志愿者的本年服务时长、星级和积分余额（姓名遮蔽）", use: board)
    }

    @Sendable func available(_ request: Request) async throws -> [VolunteerWork.Summary] { try await VolunteerWork.list(organizing: false, on: request) }

    @Sendable func organized(_ request: Request) async throws -> [VolunteerWork.Summary] { try await VolunteerWork.list(organizing: true, on: request) }

    @Sendable func create(_ request: Request, _ input: VolunteerWork.ActivityInput) async throws -> VolunteerWork.View {
        try await VolunteerWork.view(try await VolunteerWork.create(input, on: request), on: request)
    }

    @Sendable func show(_ request: Request) async throws -> VolunteerWork.View {
        try await VolunteerWork.view(try await VolunteerWork.visible(request.parameters.get("id", as: Int.self), on: request), on: request)
    }

    @Sendable func signUp(_ request: Request) async throws -> VolunteerWork.View {
        let model = try await VolunteerWork.visible(request.parameters.get("id", as: Int.self), on: request)
        try await VolunteerWork.signUp(model, on: request)
        return try await VolunteerWork.view(model, on: request)
    }

    @Sendable func withdraw(_ request: Request) async throws -> VolunteerWork.View {
        let model = try await VolunteerWork.visible(request.parameters.get("id", as: Int.self), on: request)
        try await VolunteerWork.withdraw(model, on: request)
        return try await VolunteerWork.view(model, on: request)
    }

    @Sendable func cancel(_ request: Request) async throws -> VolunteerWork.View {
        let model = try await VolunteerWork.organized(request.parameters.get("id", as: Int.self), on: request)
        try await VolunteerWork.cancel(model, on: request)
        return try await VolunteerWork.view(model, on: request)
    }

    @Sendable func confirm(_ request: Request, _ input: VolunteerWork.ConfirmInput) async throws -> VolunteerWork.View {
        let model = try await VolunteerWork.organized(request.parameters.get("id", as: Int.self), on: request)
        try await VolunteerWork.confirm(model, input, on: request)
        return try await VolunteerWork.view(model, on: request)
    }

    @Sendable func uphold(_ request: Request, _ input: VolunteerWork.ComplaintInput) async throws -> VolunteerWork.View {
        let model = try await VolunteerWork.organized(request.parameters.get("id", as: Int.self), on: request)
        try await VolunteerWork.uphold(model, input, on: request)
        return try await VolunteerWork.view(model, on: request)
    }

    @Sendable func passbook(_ request: Request) async throws -> PassbookWork.Passbook { try await PassbookWork.passbook(on: request) }

    static func card(_ token: String, on request: Request) throws -> Card {
        let actor = try request.requireActor()
        let path = "/volunteer/counter?card=\(token)"
        return Card(link: PublicAddress.absolute(path, on: request), token: token, name: actor.displayName)
    }

    @Sendable func card(_ request: Request) async throws -> Card {
        try Self.card(try await SupermarketWork.card(for: try request.requireActor().accountID, on: request), on: request)
    }

    @Sendable func reissue(_ request: Request) async throws -> Card {
        try Self.card(try await SupermarketWork.reissue(for: try request.requireActor().accountID, on: request), on: request)
    }

    @Sendable func cardQR(_ request: Request) async throws -> Response {
        let card = try await card(request)
        let response = OrganizationChart.response(try QRCode(card.link).svg(title: "服务卡：\(card.name)"))
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable func cardPNG(_ request: Request) async throws -> Response {
        let card = try await card(request)
        let response = Response(status: .ok, body: .init(data: Data(try QRCode(card.link).png(scale: 8))))
        response.headers.contentType = .png
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable func items(_ request: Request, _ query: ShelfQuery) async throws -> [SupermarketWork.Item] {
        let organization = try await OrganizationStore.find(query.organizationID, for: .serviceWrite, on: request)
        return try await SupermarketWork.items(of: try organization.requireID(), activeOnly: false, on: request.db)
    }

    @Sendable func addItem(_ request: Request, _ input: SupermarketWork.ItemInput) async throws -> SupermarketWork.Item {
        guard let item = SupermarketWork.item(try await SupermarketWork.addItem(input, on: request)) else { throw Abort(.internalServerError) }
        return item
    }

    @Sendable func restock(_ request: Request, _ input: SupermarketWork.StockInput) async throws -> SupermarketWork.Item {
        let model = try await SupermarketWork.keptItem(request.parameters.get("id", as: Int.self), on: request)
        try await SupermarketWork.restock(model, input, on: request)
        guard let item = SupermarketWork.item(model) else { throw Abort(.internalServerError) }
        return item
    }

    @Sendable func holder(_ request: Request, _ query: HolderQuery) async throws -> SupermarketWork.Holder {
        _ = try await OrganizationStore.find(query.organizationID, for: .serviceWrite, on: request)
        return try await SupermarketWork.standing(of: try await SupermarketWork.holder(ofCard: query.card, on: request), on: request)
    }

    @Sendable func exchange(_ request: Request, _ input: SupermarketWork.ExchangeInput) async throws -> SupermarketWork.Receipt {
        try await SupermarketWork.exchange(input, on: request)
    }

    @Sendable func receipt(_ request: Request) async throws -> SupermarketWork.Receipt {
        try await SupermarketWork.receipt(request.parameters.get("id", as: Int.self), on: request)
    }

    @Sendable func board(_ request: Request) async throws -> PassbookWork.Board {
        guard let id = request.parameters.get("id", as: Int.self), let organization = try await OrganizationModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该党组织")
        }
        return try await PassbookWork.board(organization, on: request)
    }
}
