import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 志愿服务 pages: activities to sign up for, an activity's page (the roster and the confirmation for its organizer),
/// the organizer's desk, the 爱心超市 counter with its receipts, the volunteer's 爱心存折 and service card, and the
/// quarterly board on an organization's public page.
struct VolunteerPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let volunteer = routes.grouped("volunteer")
        volunteer.get(use: home).requires(.signedIn)
        volunteer.get("activities", ":id", use: show).requires(.signedIn)
        volunteer.post("activities", ":id", "signup", use: signUp).requires(.signedIn)
        volunteer.post("activities", ":id", "withdraw", use: withdraw).requires(.signedIn)
        volunteer.post("activities", ":id", "cancel", use: cancel).requires(.serviceWrite)
        volunteer.post("activities", ":id", "confirm", use: confirm).requires(.serviceWrite)
        volunteer.post("activities", ":id", "complaints", use: uphold).requires(.serviceWrite)
        volunteer.get("manage", use: manage).requires(.serviceWrite)
        volunteer.post("activities", use: create).requires(.serviceWrite)
        volunteer.post("items", use: addItem).requires(.serviceWrite)
        volunteer.post("items", ":id", "stock", use: restock).requires(.serviceWrite)
        volunteer.get("counter", use: counter).requires(.serviceWrite)
        volunteer.post("counter", use: exchange).requires(.serviceWrite)
        volunteer.get("receipts", ":id", use: receipt).requires(.signedIn)
        volunteer.get("passbook", use: passbook).requires(.signedIn)
        volunteer.get("card", use: card).requires(.signedIn)
        volunteer.post("card", "reissue", use: reissue).requires(.signedIn)
        routes.get("public", "organizations", ":id", "volunteers", use: board).requires(.public)
    }

    /// The organizations the caller may organize for: the tops of their scopes and the villages and communities below.
    static func organizers(on request: Request) async throws -> [OrganizationModel] {
        var found = try await OrganizationStore.scopeRoots(for: .serviceWrite, on: request)
        for scope in try request.policy.scopes(for: .serviceWrite) {
            found += try await PublicityViews.publishers(under: scope, on: request.db)
        }
        var seen = Set<Int>()
        return found.filter { $0.id.map { seen.insert($0).inserted } ?? false }.sorted { $0.path < $1.path }
    }

    // MARK: - Activities

    @Sendable func home(_ request: Request) async throws -> Page {
        let actor = try request.requireActor()
        let account = try await AccountModel.find(actor.accountID, on: request.db)
        let standing: SupermarketWork.Holder? = if let account { try await SupermarketWork.standing(of: account, on: request) } else { nil }
        let organizes = try !request.policy.scopes(for: .serviceWrite).isEmpty
        return Page(VolunteerViews.HomePage(layout: Layout(request, title: "志愿服务"), standing: standing, organizes: organizes,
                                            activities: try await VolunteerWork.list(organizing: false, on: request)).node)
    }

    func render(_ request: Request, _ model: VolunteerActivityModel, errors: [FieldError] = [], status: HTTPStatus = .ok) async throws -> Response {
        let view = try await VolunteerWork.view(model, on: request)
        return try await Page(VolunteerViews.ActivityPage(layout: Layout(request, title: view.title), activity: view, errors: errors).node)
            .encodeResponse(status: status, for: request)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try await render(request, try await VolunteerWork.visible(request.parameters.get("id", as: Int.self), on: request))
    }

    /// Runs an action on the activity's page: back to it with a notice, or the page again with the problem.
    private func act(_ request: Request, organizer: Bool, _ work: (VolunteerActivityModel) async throws -> Void) async throws -> Response {
        let id = request.parameters.get("id", as: Int.self)
        let model = organizer ? try await VolunteerWork.organized(id, on: request) : try await VolunteerWork.visible(id, on: request)
        do {
            try await work(model)
            return request.redirect(to: "/volunteer/activities/\(try model.requireID())?notice=saved")
        } catch let problems as FormProblems {
            return try await render(request, model, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func signUp(_ request: Request) async throws -> Response {
        try await act(request, organizer: false) { try await VolunteerWork.signUp($0, on: request) }
    }

    @Sendable func withdraw(_ request: Request) async throws -> Response {
        try await act(request, organizer: false) { try await VolunteerWork.withdraw($0, on: request) }
    }

    @Sendable func cancel(_ request: Request) async throws -> Response {
        try await act(request, organizer: true) { try await VolunteerWork.cancel($0, on: request) }
    }

    /// The form sends `hours-<account>` for each person signed up.
    @Sendable func confirm(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let entries = form.compactMap { key, value -> VolunteerWork.ConfirmInput.Entry? in
            guard key.hasPrefix("hours-"), let account = Int(key.dropFirst(6)) else { return nil }
            return .init(accountID: LenientID(account), hours: value)
        }
        return try await act(request, organizer: true) { try await VolunteerWork.confirm($0, .init(entries: entries), on: request) }
    }

    @Sendable func uphold(_ request: Request) async throws -> Response {
        let input = try request.content.decode(VolunteerWork.ComplaintInput.self)
        return try await act(request, organizer: true) { try await VolunteerWork.uphold($0, input, on: request) }
    }

    // MARK: - The organizer's desk

    struct DeskQuery: Content {
        var organization: Int?
    }

    func renderDesk(_ request: Request, organization chosen: Int?, typed: VolunteerWork.ActivityInput = .init(), activityErrors: [FieldError] = [],
                    itemErrors: [FieldError] = [], status: HTTPStatus = .ok) async throws -> Response {
        let organizers = try await Self.organizers(on: request)
        let shelf = chosen.flatMap { id in organizers.first { $0.id == id } } ?? organizers.first
        let items = if let shelf { try await SupermarketWork.items(of: try shelf.requireID(), activeOnly: false, on: request.db) } else { [SupermarketWork.Item]() }
        return try await Page(VolunteerViews.DeskPage(
            layout: Layout(request, title: "志愿服务管理"), organizations: organizers, shelf: shelf, items: items,
            activities: try await VolunteerWork.list(organizing: true, on: request), typed: typed, activityErrors: activityErrors, itemErrors: itemErrors
        ).node).encodeResponse(status: status, for: request)
    }

    @Sendable func manage(_ request: Request) async throws -> Response {
        try await renderDesk(request, organization: try request.query.decode(DeskQuery.self).organization)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(VolunteerWork.ActivityInput.self)
        do {
            let model = try await VolunteerWork.create(input, on: request)
            return request.redirect(to: "/volunteer/activities/\(try model.requireID())?notice=saved")
        } catch let problems as FormProblems {
            return try await renderDesk(request, organization: input.organizationID?.value, typed: input, activityErrors: problems.errors,
                                        status: .unprocessableEntity)
        }
    }

    @Sendable func addItem(_ request: Request) async throws -> Response {
        let input = try request.content.decode(SupermarketWork.ItemInput.self)
        do {
            let item = try await SupermarketWork.addItem(input, on: request)
            return request.redirect(to: "/volunteer/manage?organization=\(item.organizationID)&notice=saved#shelf")
        } catch let problems as FormProblems {
            return try await renderDesk(request, organization: input.organizationID?.value, itemErrors: problems.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func restock(_ request: Request) async throws -> Response {
        let input = try request.content.decode(SupermarketWork.StockInput.self)
        let model = try await SupermarketWork.keptItem(request.parameters.get("id", as: Int.self), on: request)
        do {
            try await SupermarketWork.restock(model, input, on: request)
            return request.redirect(to: "/volunteer/manage?organization=\(model.organizationID)&notice=saved#shelf")
        } catch let problems as FormProblems {
            return try await renderDesk(request, organization: model.organizationID, itemErrors: problems.errors, status: .unprocessableEntity)
        }
    }

    // MARK: - The counter

    struct CounterQuery: Content {
        var organization: Int?
        var card: String?
    }

    func renderCounter(_ request: Request, organization chosen: Int?, card: String?, errors: [FieldError] = [],
                       status: HTTPStatus = .ok) async throws -> Response {
        let organizers = try await Self.organizers(on: request)
        let shop = chosen.flatMap { id in organizers.first { $0.id == id } } ?? organizers.first
        var holder: SupermarketWork.Holder?
        var problems = errors
        if let card, !card.trimmed.isEmpty {
            do { holder = try await SupermarketWork.standing(of: try await SupermarketWork.holder(ofCard: card, on: request), on: request) } catch let refused as FormProblems {
                problems += refused.errors
            }
        }
        let items = if let shop { try await SupermarketWork.items(of: try shop.requireID(), activeOnly: true, on: request.db) } else { [SupermarketWork.Item]() }
        return try await Page(VolunteerViews.CounterPage(layout: Layout(request, title: "爱心超市柜台"), organizations: organizers, shop: shop,
                                                         card: card.flatMap(SupermarketWork.token(from:)) ?? card?.trimmed, holder: holder, items: items,
                                                         errors: problems).node)
            .encodeResponse(status: status, for: request)
    }

    @Sendable func counter(_ request: Request) async throws -> Response {
        let query = try request.query.decode(CounterQuery.self)
        return try await renderCounter(request, organization: query.organization, card: query.card)
    }

    /// The form sends `organizationID`, `card` and `qty-<item>` for each item on the shelf.
    @Sendable func exchange(_ request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let lines = form.compactMap { key, value -> SupermarketWork.ExchangeInput.Line? in
            guard key.hasPrefix("qty-"), let item = Int(key.dropFirst(4)) else { return nil }
            return .init(itemID: LenientID(item), quantity: LenientID(Int(value.trimmed) ?? (value.trimmed.isEmpty ? 0 : -1)))
        }
        let organization = form["organizationID"].flatMap { Int($0) }
        do {
            let receipt = try await SupermarketWork.exchange(.init(organizationID: LenientID(organization), card: form["card"], lines: lines), on: request)
            return request.redirect(to: "/volunteer/receipts/\(receipt.id)?notice=saved")
        } catch let problems as FormProblems {
            return try await renderCounter(request, organization: organization, card: form["card"], errors: problems.errors, status: .unprocessableEntity)
        }
    }

    @Sendable func receipt(_ request: Request) async throws -> Page {
        let receipt = try await SupermarketWork.receipt(request.parameters.get("id", as: Int.self), on: request)
        return Page(VolunteerViews.ReceiptPage(layout: Layout(request, title: "兑换凭证"), receipt: receipt,
                                               counter: try !request.policy.scopes(for: .serviceWrite).isEmpty).node)
    }

    // MARK: - The volunteer's own

    @Sendable func passbook(_ request: Request) async throws -> Page {
        Page(VolunteerViews.PassbookPage(layout: Layout(request, title: "我的爱心存折"), passbook: try await PassbookWork.passbook(on: request)).node)
    }

    func renderCard(_ request: Request, token: String) throws -> Page {
        let card = try VolunteerAPI.card(token, on: request)
        return Page(VolunteerViews.CardPage(layout: Layout(request, title: "我的服务卡"), name: card.name, token: card.token).node)
    }

    @Sendable func card(_ request: Request) async throws -> Page {
        try renderCard(request, token: try await SupermarketWork.card(for: try request.requireActor().accountID, on: request))
    }

    @Sendable func reissue(_ request: Request) async throws -> Response {
        _ = try await SupermarketWork.reissue(for: try request.requireActor().accountID, on: request)
        return request.redirect(to: "/volunteer/card?notice=saved")
    }

    @Sendable func board(_ request: Request) async throws -> Page {
        guard let id = request.parameters.get("id", as: Int.self), let organization = try await OrganizationModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该党组织")
        }
        let board = try await PassbookWork.board(organization, on: request)
        return Page(VolunteerViews.BoardPage(layout: Layout(public: request, title: "\(board.organizationName)志愿服务公示"), board: board).node)
    }
}
