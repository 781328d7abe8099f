import DangjianCore
import Fluent
import Foundation
import Vapor

/// 爱心超市 and the 爱心存折 its volunteers carry: goods priced in points, a service card whose QR the counter scans,
/// exchanges checked by the Core ledger (never beyond the balance, at most the rule's times a quarter), receipts, and
/// each volunteer's passbook with the year's hours and stars.
enum SupermarketWork {
    struct ItemInput: Content {
        var organizationID: LenientID?
        var name: String?
        /// Points, as hours are typed: `5`, `2.5`.
        var points: String?
        var stock: LenientID?
        var donor: String?
    }

    struct StockInput: Content {
        /// Added to the stock (negative to write off).
        var change: LenientID?
        var active: Bool?
    }

    struct Item: Content {
        let id: Int
        let organizationID: Int
        let name: String
        let points: String
        let pointsTenths: Int
        let stock: Int
        let donor: String
        let active: Bool
    }

    struct ExchangeInput: Content {
        struct Line: Content {
            var itemID: LenientID?
            var quantity: LenientID?
        }
        /// The 爱心超市's organization.
        var organizationID: LenientID?
        /// The token of the volunteer's service card, as its QR carries it (the whole address is accepted too).
        var card: String?
        var lines: [Line]?
    }

    struct Receipt: Content {
        struct Line: Content {
            let name: String
            let quantity: Int
            let points: String
        }
        let id: Int
        let organizationName: String
        let volunteer: String
        let on: String
        let lines: [Line]
        let points: String
        let balanceAfter: String
    }

    struct Holder: Content {
        /// The name masked, as the counter shows it before the exchange.
        let name: String
        let balance: String
        let balanceTenths: Int
        let servedThisYear: String
        let stars: Int
        /// Whether an exchange is still open this quarter, and why not.
        let exchangeable: Bool
        let reason: String?
    }

    // MARK: - Shelves

    static func items(of organizationID: Int, activeOnly: Bool, on database: any Database) async throws -> [Item] {
        var query = SupermarketItemModel.query(on: database).filter(\.$organizationID == organizationID)
        if activeOnly { query = query.filter(\.$active == true) }
        return try await query.sort(\.$name).limit(500).all().compactMap(item)
    }

    static func item(_ model: SupermarketItemModel) -> Item? {
        model.id.map { Item(id: $0, organizationID: model.organizationID, name: model.name, points: ClassHours.text(model.pointsTenths),
                            pointsTenths: model.pointsTenths, stock: model.stock, donor: model.donor, active: model.active) }
    }

    static func addItem(_ input: ItemInput, on request: Request) async throws -> SupermarketItemModel {
        let organization = try await OrganizationStore.find(input.organizationID?.value, for: .serviceWrite, on: request)
        var problems: [FieldError] = []
        let name = input.name?.trimmed ?? ""
        if !(1...30).contains(name.count) { problems.append(FieldError(field: "name", message: "请填写物品名称（1–30 字），如“食用油 5 升”")) }
        let points = input.points.flatMap(TimeBank.tenths(parsing:)) ?? 0
        if !(1...240).contains(points) { problems.append(FieldError(field: "points", message: "请填写兑换所需积分（0.1–24 分，如 5 或 2.5）")) }
        let stock = input.stock?.value ?? -1
        if !(0...10_000).contains(stock) { problems.append(FieldError(field: "stock", message: "请填写库存数量（0–10000）")) }
        let donor = input.donor?.trimmed ?? ""
        if donor.count > 40 { problems.append(FieldError(field: "donor", message: "捐赠单位不超过 40 字")) }
        guard problems.isEmpty else { throw FormProblems(problems) }
        let model = SupermarketItemModel()
        model.organizationID = try organization.requireID()
        model.path = organization.path
        model.name = name
        model.pointsTenths = points
        model.stock = stock
        model.donor = donor
        model.active = true
        model.createdAt = request.now.timeIntervalSince1970
        return try await request.write { database in
            try await model.create(on: database)
            return (model, AuditEvent("supermarket.item", target: "supermarket_item", id: model.id, organization: model.organizationID,
                                      detail: "爱心超市上架“\(name)”（\(ClassHours.text(points)) 分，库存 \(stock)）" + (donor.isEmpty ? "" : "，\(donor)捐赠")))
        }
    }

    static func keptItem(_ id: Int?, on request: Request) async throws -> SupermarketItemModel {
        guard let id, let model = try await SupermarketItemModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该物品") }
        guard try request.policy.allows(.serviceWrite, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("supermarket.item", target: "supermarket_item", id: id, detail: "超出管理范围")
            throw Abort(.notFound, reason: "没有找到该物品")
        }
        return model
    }

    static func restock(_ model: SupermarketItemModel, _ input: StockInput, on request: Request) async throws {
        let change = input.change?.value ?? 0
        guard abs(change) <= 10_000 else { throw FormProblems(field: "change", "一次调整不超过 10000 件") }
        guard model.stock + change >= 0 else { throw FormProblems(field: "change", "库存只有 \(model.stock) 件，不能减少 \(-change) 件") }
        guard change != 0 || input.active != nil else { throw FormProblems(field: "change", "请填写增加或减少的数量") }
        model.stock += change
        if let active = input.active { model.active = active }
        try await request.write { database in
            try await model.update(on: database)
            return ((), AuditEvent("supermarket.item", target: "supermarket_item", id: model.id, organization: model.organizationID,
                                   detail: "爱心超市“\(model.name)”" + (change == 0 ? "" : (change > 0 ? "入库 \(change) 件" : "减少 \(-change) 件"))
                                       + "，库存 \(model.stock)" + (input.active.map { $0 ? "，上架" : "，下架" } ?? "")))
        }
    }

    // MARK: - Service cards

    /// The card's token: recomputed from the account and when the card was issued with the data key, so that only its
    /// keyed hash need be kept; issuing a new card makes the old one's QR worthless.
    static func token(accountID: Int, issuedAt: Double, cipher: PersonalDataCipher) -> String {
        String(cipher.auditHash("service-card|\(accountID)|\(issuedAt)").prefix(24)).uppercased()
    }

    static func tokenHash(_ token: String, cipher: PersonalDataCipher) -> String { cipher.lookupHash("service-card:" + token) }

    /// The caller's card, issued on first use.
    static func card(for accountID: Int, on request: Request) async throws -> String {
        let cipher = request.services.cipher
        let card = try await ServiceCardModel.query(on: request.db).filter(\.$accountID == accountID).first()
        // A row the ledger's lock made (`unissued:`) holds no card yet.
        if let card, !card.tokenHash.hasPrefix("unissued:") {
            return token(accountID: accountID, issuedAt: card.issuedAt, cipher: cipher)
        }
        return try await issue(for: accountID, replacing: card, on: request)
    }

    static func issue(for accountID: Int, replacing old: ServiceCardModel?, on request: Request) async throws -> String {
        let cipher = request.services.cipher
        let issuedAt = request.now.timeIntervalSince1970
        let value = token(accountID: accountID, issuedAt: issuedAt, cipher: cipher)
        let card = old ?? ServiceCardModel()
        card.accountID = accountID
        card.issuedAt = issuedAt
        card.tokenHash = tokenHash(value, cipher: cipher)
        try await request.write { database in
            try await card.save(on: database)
            let first = old.map { $0.tokenHash.hasPrefix("unissued:") } ?? true
            return ((), AuditEvent(first ? "service-card.issue" : "service-card.reissue", target: "account", id: accountID,
                                   detail: first ? "生成服务卡" : "重新生成服务卡（原卡二维码作废）"))
        }
        return value
    }

    static func reissue(for accountID: Int, on request: Request) async throws -> String {
        let old = try await ServiceCardModel.query(on: request.db).filter(\.$accountID == accountID).first()
        return try await issue(for: accountID, replacing: old, on: request)
    }

    /// What a scanner typed or a camera read: the token alone, or the whole address with `card=`.
    static func token(from scanned: String) -> String? {
        var text = scanned.trimmed
        if let range = text.range(of: "card=") { text = String(text[range.upperBound...].prefix { $0 != "&" && $0 != "#" }) }
        text = text.uppercased()
        return text.count == 24 && text.allSatisfy({ $0.isASCIIDigit || ("A"..."F").contains($0) }) ? text : nil
    }

    /// The account a scanned card belongs to; a Chinese 422 for anything else.
    static func holder(ofCard scanned: String?, on request: Request) async throws -> AccountModel {
        guard let token = scanned.flatMap(token(from:)),
              let card = try await ServiceCardModel.query(on: request.db).filter(\.$tokenHash == tokenHash(token, cipher: request.services.cipher)).first(),
              let account = try await AccountModel.find(card.accountID, on: request.db), !account.disabled else {
            throw FormProblems(field: "card", "没有识别出有效的服务卡：请重新扫码，或请持卡人在手机上打开“我的服务卡”")
        }
        return account
    }

    static func standing(of account: AccountModel, on request: Request) async throws -> Holder {
        let id = try account.requireID()
        let ledger = try await TimeBankStore.ledger(ofVolunteer: id, on: request.db)
        let balance = ledger.balance(.volunteer(id))
        let served = ledger.served(id, year: request.today.year)
        let rules = TimeBank.Rules(request.services.rules)
        var probe = ledger
        var reason: String?
        do { try probe.exchange(1, volunteer: id, supermarket: 0, on: request.today, rules: rules) } catch {
            reason = VolunteerWork.refusal(error)
        }
        return Holder(name: Masking.name(account.displayName), balance: ClassHours.text(balance), balanceTenths: balance,
                      servedThisYear: ClassHours.text(served), stars: TimeBank.stars(servedTenths: served, rules: request.services.rules),
                      exchangeable: reason == nil, reason: reason)
    }

    // MARK: - The counter

    static func exchange(_ input: ExchangeInput, on request: Request) async throws -> Receipt {
        let actor = try request.requireActor()
        let organization = try await OrganizationStore.find(input.organizationID?.value, for: .serviceWrite, on: request)
        let organizationID = try organization.requireID()
        let account = try await holder(ofCard: input.card, on: request)
        let volunteer = try account.requireID()
        var wanted: [Int: Int] = [:]
        for line in input.lines ?? [] {
            guard let item = line.itemID?.value else { continue }
            let quantity = line.quantity?.value ?? 0
            guard (0...100).contains(quantity) else { throw FormProblems(field: "lines", "每种物品一次最多兑换 100 件") }
            if quantity > 0 { wanted[item, default: 0] += quantity }
        }
        guard !wanted.isEmpty else { throw FormProblems(field: "lines", "请选择要兑换的物品和数量") }
        guard wanted.count <= 50 else { throw FormProblems(field: "lines", "一次最多兑换 50 种物品") }
        let rules = TimeBank.Rules(request.services.rules)
        let today = request.today
        let now = request.now.timeIntervalSince1970
        let chosen = wanted
        return try await request.write { database in
            try await TimeBankStore.lock(volunteer: volunteer, at: now, on: database)
            let shelves = try await SupermarketItemModel.query(on: database).filter(\.$id ~~ Array(chosen.keys)).all()
            var lines: [(SupermarketItemModel, Int)] = []
            for (itemID, quantity) in chosen.sorted(by: { $0.key < $1.key }) {
                guard let item = shelves.first(where: { $0.id == itemID }), item.organizationID == organizationID, item.active else {
                    throw FormProblems(field: "lines", "所选物品不在本爱心超市的货架上")
                }
                guard item.stock >= quantity else { throw FormProblems(field: "lines", "“\(item.name)”库存只有 \(item.stock) 件") }
                lines.append((item, quantity))
            }
            let total = lines.reduce(0) { $0 + $1.0.pointsTenths * $1.1 }
            var ledger = try await TimeBankStore.ledger(ofVolunteer: volunteer, on: database)
            do { try ledger.exchange(total, volunteer: volunteer, supermarket: organizationID, on: today, rules: rules) } catch {
                throw FormProblems(field: "lines", "\(Masking.name(account.displayName))：\(VolunteerWork.refusal(error))，需要 \(ClassHours.text(total)) 分")
            }
            guard let transfer = ledger.transfers.last else { throw Abort(.internalServerError) }
            let row = try await TimeBankStore.record(transfer, organization: organization, activityID: nil, accountID: volunteer,
                                                     note: "爱心超市兑换：" + lines.map { "\($0.0.name)×\($0.1)" }.joined(separator: "、"),
                                                     recordedBy: actor.accountID, at: now, on: database)
            let transferID = try row.requireID()
            for (item, quantity) in lines {
                item.stock -= quantity
                try await item.update(on: database)
                let line = ExchangeLineModel()
                line.transferID = transferID
                line.itemID = try item.requireID()
                line.name = item.name
                line.quantity = quantity
                line.pointsTenths = item.pointsTenths * quantity
                try await line.create(on: database)
            }
            let receipt = Receipt(id: transferID, organizationName: organization.name, volunteer: Masking.name(account.displayName), on: today.description,
                                  lines: lines.map { Receipt.Line(name: $0.0.name, quantity: $0.1, points: ClassHours.text($0.0.pointsTenths * $0.1)) },
                                  points: ClassHours.text(total), balanceAfter: ClassHours.text(ledger.balance(.volunteer(volunteer))))
            return (receipt, AuditEvent("supermarket.exchange", target: "account", id: volunteer, organization: organizationID,
                                        detail: "爱心超市兑换 \(ClassHours.text(total)) 分：" + lines.map { "\($0.0.name)×\($0.1)" }.joined(separator: "、")))
        }
    }

    /// A receipt again: for the counter that made it, or the volunteer whose points it took.
    static func receipt(_ id: Int?, on request: Request) async throws -> Receipt {
        let actor = try request.requireActor()
        guard let id, let row = try await TimeBankTransferModel.find(id, on: request.db), row.kind == .exchange,
              try row.accountID == actor.accountID || request.policy.allows(.serviceWrite, at: OrgPath(stored: row.path)) else {
            throw Abort(.notFound, reason: "没有找到该兑换凭证")
        }
        let lines = try await ExchangeLineModel.query(on: request.db).filter(\.$transferID == id).sort(\.$id).all()
        let account = try await AccountModel.find(row.accountID, on: request.db)
        let name = try await PublicView.organizationNames([row.organizationID], on: request.db)[row.organizationID] ?? ""
        let ledger = try await TimeBankStore.transfers(on: request.db) { $0.filter(\.$accountID == row.accountID).filter(\.$id <= id) }
        let balance = ledger.map(\.1).reduce(0) { sum, transfer in
            sum + transfer.movements.filter { $0.holder == .volunteer(row.accountID ?? 0) }.reduce(0) { $0 + $1.tenths }
        }
        let total = lines.reduce(0) { $0 + $1.pointsTenths }
        return Receipt(id: id, organizationName: name, volunteer: Masking.name(account?.displayName ?? ""), on: row.onDate.description,
                       lines: lines.map { Receipt.Line(name: $0.name, quantity: $0.quantity, points: ClassHours.text($0.pointsTenths)) },
                       points: ClassHours.text(total), balanceAfter: ClassHours.text(balance))
    }
}
